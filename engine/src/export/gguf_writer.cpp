// GGUF v3 writer (little-endian). Metadata is encoded into a buffer as it is added; tensor offsets
// are the running sum of the padded tensor sizes, exactly what ggml's reader checks (formats.md §2.3).
#include "export/gguf_writer.h"

#include "core/error.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace dsw {
namespace {

static_assert(std::endian::native == std::endian::little, "the GGUF writer assumes a little-endian host");

constexpr uint32_t kMaxDims = 4;
constexpr size_t kMaxTensorName = 63;  // GGML_MAX_NAME - 1
constexpr int kMaxArrayDepth = 4;

uint64_t pad_to(uint64_t n, uint64_t a) { return (n + a - 1) / a * a; }

}  // namespace

GgufWriter::GgufWriter(std::string name, uint32_t alignment) : name_(std::move(name)), alignment_(alignment) {
  if (alignment == 0 || (alignment & (alignment - 1)) || alignment % 8)
    fail_invalid(name_ + ": GGUF alignment " + std::to_string(alignment) + " is not a power of two multiple of 8");
}

void GgufWriter::put_raw(const void* p, size_t n) {
  auto* b = static_cast<const uint8_t*>(p);
  kv_bytes_.insert(kv_bytes_.end(), b, b + n);
}
void GgufWriter::put_u32(uint32_t v) { put_raw(&v, 4); }
void GgufWriter::put_u64(uint64_t v) { put_raw(&v, 8); }
void GgufWriter::put_string(std::string_view s) {
  put_u64(s.size());
  put_raw(s.data(), s.size());
}

void GgufWriter::begin_kv(std::string_view key, GgufValueType type) {
  if (key.empty()) fail_invalid(name_ + ": empty metadata key");
  if (!keys_.insert(std::string(key)).second) fail_invalid(name_ + ": metadata key '" + std::string(key) + "' written twice");
  if (header_written_) fail_internal(name_ + ": metadata added after the header was written");
  put_string(key);
  put_u32(uint32_t(type));
  ++n_kv_;
}

void GgufWriter::add_u32(std::string_view key, uint32_t v) {
  begin_kv(key, GgufValueType::u32);
  put_u32(v);
}
void GgufWriter::add_i32(std::string_view key, int32_t v) {
  begin_kv(key, GgufValueType::i32);
  put_raw(&v, 4);
}
void GgufWriter::add_u64(std::string_view key, uint64_t v) {
  begin_kv(key, GgufValueType::u64);
  put_u64(v);
}
void GgufWriter::add_f32(std::string_view key, float v) {
  begin_kv(key, GgufValueType::f32);
  put_raw(&v, 4);
}
void GgufWriter::add_bool(std::string_view key, bool v) {
  begin_kv(key, GgufValueType::boolean);
  uint8_t b = v ? 1 : 0;
  put_raw(&b, 1);
}
void GgufWriter::add_string(std::string_view key, std::string_view v) {
  begin_kv(key, GgufValueType::string);
  put_string(v);
}
void GgufWriter::add_string_array(std::string_view key, const std::vector<std::string>& v) {
  begin_kv(key, GgufValueType::array);
  put_u32(uint32_t(GgufValueType::string));
  put_u64(v.size());
  for (const auto& s : v) put_string(s);
}
void GgufWriter::add_i32_array(std::string_view key, const std::vector<int32_t>& v) {
  begin_kv(key, GgufValueType::array);
  put_u32(uint32_t(GgufValueType::i32));
  put_u64(v.size());
  put_raw(v.data(), v.size() * 4);
}
void GgufWriter::add_f32_array(std::string_view key, const std::vector<float>& v) {
  begin_kv(key, GgufValueType::array);
  put_u32(uint32_t(GgufValueType::f32));
  put_u64(v.size());
  put_raw(v.data(), v.size() * 4);
}

void GgufWriter::add_value(std::string_view key, const GgufValue& v) {
  begin_kv(key, v.type());
  put_value(v, 0);
}

// Writes the value's payload (its type tag is already written).
void GgufWriter::put_value(const GgufValue& v, int depth) {
  auto int_of = [&]() -> int64_t {
    auto i = v.as_int();
    if (!i) fail_unsupported(name_ + ": a u64 metadata value above INT64_MAX cannot be copied");
    return *i;
  };
  switch (v.type()) {
    case GgufValueType::u8:
    case GgufValueType::i8:
    case GgufValueType::boolean: {
      uint8_t b = uint8_t(int_of());
      put_raw(&b, 1);
      break;
    }
    case GgufValueType::u16:
    case GgufValueType::i16: {
      uint16_t s = uint16_t(int_of());
      put_raw(&s, 2);
      break;
    }
    case GgufValueType::u32:
    case GgufValueType::i32: {
      uint32_t w = uint32_t(int_of());
      put_raw(&w, 4);
      break;
    }
    case GgufValueType::u64:
    case GgufValueType::i64: {
      uint64_t w = uint64_t(int_of());
      put_raw(&w, 8);
      break;
    }
    case GgufValueType::f32: {
      float f = float(v.as_float().value_or(0.0));
      put_raw(&f, 4);
      break;
    }
    case GgufValueType::f64: {
      double d = v.as_float().value_or(0.0);
      put_raw(&d, 8);
      break;
    }
    case GgufValueType::string:
      put_string(v.as_string().value_or(""));
      break;
    case GgufValueType::array:
      if (depth >= kMaxArrayDepth) fail_invalid(name_ + ": metadata arrays nested too deeply to copy");
      put_u32(uint32_t(v.array_type()));
      put_u64(v.array_size());
      for (uint64_t i = 0; i < v.array_size(); ++i) put_value(v.at(i), depth + 1);
      break;
    default:
      fail_invalid(name_ + ": metadata value of unknown type " + std::to_string(uint32_t(v.type())));
  }
}

uint64_t GgufWriter::add_tensor(std::string name, uint32_t ggml_type, std::vector<int64_t> ne) {
  if (header_written_) fail_internal(name_ + ": tensor added after the header was written");
  if (name.empty() || name.size() > kMaxTensorName)
    fail_invalid(name_ + ": tensor name '" + name + "' must be 1 to " + std::to_string(kMaxTensorName) + " bytes");
  if (tensor_names_.count(name)) fail_invalid(name_ + ": tensor '" + name + "' written twice");
  if (ne.empty() || ne.size() > kMaxDims) fail_invalid(name_ + ": tensor '" + name + "' must have 1 to 4 dims");
  auto [block_elems, block_bytes] = ggml_type_block(ggml_type);
  if (block_elems == 0) fail_invalid(name_ + ": tensor '" + name + "': unknown ggml type " + std::to_string(ggml_type));
  uint64_t elems = 1;
  for (int64_t d : ne) {
    if (d <= 0 || __builtin_mul_overflow(elems, uint64_t(d), &elems))
      fail_invalid(name_ + ": tensor '" + name + "' has an invalid or overflowing shape");
  }
  if (ne[0] % block_elems)
    fail_invalid(name_ + ": tensor '" + name + "': row length " + std::to_string(ne[0]) + " is not a multiple of the " +
                 std::string(ggml_type_name(ggml_type)) + " block size " + std::to_string(block_elems));
  uint64_t nbytes = 0, padded = 0;
  if (__builtin_mul_overflow(elems / block_elems, uint64_t(block_bytes), &nbytes) ||
      __builtin_add_overflow(data_size_, pad_to(nbytes, alignment_), &padded))
    fail_invalid(name_ + ": tensor '" + name + "' is too large");
  tensor_names_.insert(name);
  tensors_.push_back({std::move(name), ggml_type, std::move(ne), data_size_, nbytes});
  data_size_ = padded;
  return nbytes;
}

uint64_t GgufWriter::header_bytes() const {
  uint64_t n = 4 + 4 + 8 + 8 + kv_bytes_.size();
  for (const auto& t : tensors_) n += 8 + t.name.size() + 4 + 8 * t.ne.size() + 4 + 8;
  return pad_to(n, alignment_);
}

void GgufWriter::pad(AtomicFile& file, uint64_t n) {
  static const uint8_t zeros[64] = {};
  while (n > 0) {
    uint64_t k = std::min<uint64_t>(n, sizeof zeros);
    file.write(zeros, size_t(k));
    n -= k;
  }
}

void GgufWriter::write_header(AtomicFile& file) {
  if (header_written_) fail_internal(name_ + ": header written twice");
  std::vector<uint8_t> head;
  auto raw = [&](const void* p, size_t n) {
    auto* b = static_cast<const uint8_t*>(p);
    head.insert(head.end(), b, b + n);
  };
  const uint32_t magic = 0x46554747, version = 3;
  const uint64_t n_tensors = tensors_.size(), n_kv = n_kv_;
  raw(&magic, 4);
  raw(&version, 4);
  raw(&n_tensors, 8);
  raw(&n_kv, 8);
  head.insert(head.end(), kv_bytes_.begin(), kv_bytes_.end());
  for (const auto& t : tensors_) {
    const uint64_t len = t.name.size();
    const uint32_t n_dims = uint32_t(t.ne.size());
    raw(&len, 8);
    raw(t.name.data(), t.name.size());
    raw(&n_dims, 4);
    for (int64_t d : t.ne) {
      const uint64_t u = uint64_t(d);
      raw(&u, 8);
    }
    raw(&t.type, 4);
    raw(&t.offset, 8);
  }
  const uint64_t start = file.written();
  file.write(head.data(), head.size());
  pad(file, pad_to(head.size(), alignment_) - head.size());
  if (file.written() - start != header_bytes()) fail_internal(name_ + ": GGUF header size mismatch");
  header_written_ = true;
  current_ = 0;
  current_done_ = 0;
  // Zero-byte tensors cannot occur (every dim > 0), so the first tensor is the current one.
}

void GgufWriter::write_tensor_data(AtomicFile& file, std::span<const uint8_t> bytes) {
  if (!header_written_) fail_internal(name_ + ": tensor data before the header");
  while (!bytes.empty()) {
    if (current_ >= tensors_.size()) fail_internal(name_ + ": more tensor data than declared");
    const TensorInfo& t = tensors_[current_];
    const uint64_t take = std::min<uint64_t>(bytes.size(), t.nbytes - current_done_);
    file.write(bytes.data(), size_t(take));
    bytes = bytes.subspan(size_t(take));
    current_done_ += take;
    if (current_done_ == t.nbytes) {
      pad(file, pad_to(t.nbytes, alignment_) - t.nbytes);
      ++current_;
      current_done_ = 0;
    }
  }
}

void GgufWriter::finish() const {
  if (!header_written_ || current_ != tensors_.size() || current_done_ != 0)
    fail_internal(name_ + ": GGUF tensor data incomplete (" + std::to_string(current_) + " of " +
                  std::to_string(tensors_.size()) + " tensors written)");
}

}  // namespace dsw
