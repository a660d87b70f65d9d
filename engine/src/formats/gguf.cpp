// GGUF v2/v3 parsing and the GgufFile lookups.
//
// Every field is hostile (reliability.md §1–§5, cases 10–22): counts are bounded by the bytes that
// remain before anything is sized from them, type tags are read as integers and range-checked,
// every sum and product is overflow-checked before use, and the tensor data must lie inside the
// file. Nothing is allocated in proportion to a declared count: numeric arrays stay in the file's
// bytes, string and nested arrays cost one or two uint64 table entries per element (each such
// element occupies at least 8 bytes of file), and tensor infos grow with the bytes actually parsed.
// Checks mirror ggml's gguf.cpp (formats.md §2.3) and add a few of our own, each noted below.
// A parsed GgufFile is immutable and may be read from any thread.
#include <dsw/gguf.h>

#include "core/error.h"
#include "formats/gguf_bytes.h"
#include "core/mapped_file.h"

#include <cstring>
#include <limits>

namespace dsw {
namespace {

constexpr uint32_t kMagic = 0x46554747;  // "GGUF" read as u32 LE
constexpr uint64_t kMaxNameBytes = 64;   // GGML_MAX_NAME: names must be shorter
constexpr uint32_t kMaxDims = 4;         // GGML_MAX_DIMS
constexpr uint32_t kGgmlTypeIdEnd = 42;  // ids below this without a block size are retired
// ggml accepts any power of two; a larger alignment than this has no use and has been the source
// of padding overflows (GGML_PAD wrap), so we refuse it as implausible.
constexpr uint64_t kMaxAlignment = 1u << 20;
// Hard ceiling on array nesting whatever GgufLimits says, so recursion cannot exhaust the stack.
constexpr uint32_t kMaxArrayDepthCeiling = 64;
// Smallest possible encodings, used to bound declared counts by the bytes that remain.
constexpr uint64_t kMinKvBytes = 8 + 1 + 4;                 // key length, one key byte, type tag
constexpr uint64_t kMinTensorInfoBytes = 8 + 1 + 4 + 8 + 4 + 8;  // name, n_dims, one dim, type, offset

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

// A name from the file made safe for a message: non-printable bytes escaped, long names cut.
std::string printable(std::string_view s, size_t max_bytes = 80) {
  std::string out;
  size_t n = std::min(s.size(), max_bytes);
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f || c == '\'' || c == '\\') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  if (s.size() > max_bytes) out += "...";
  return out;
}

bool is_power_of_two(uint64_t v) noexcept { return v != 0 && (v & (v - 1)) == 0; }

}  // namespace

class GgufParser {
 public:
  GgufParser(std::span<const uint8_t> bytes, std::string_view name, const GgufLimits& limits, GgufFile& out)
      : p_(bytes.data()), size_(bytes.size()), name_(name), limits_(limits), out_(out) {
    max_depth_ = std::min(limits.max_array_depth, kMaxArrayDepthCeiling);
  }

  void run() {
    out_.name_ = name_;
    out_.offsets_ = std::make_shared<std::vector<uint64_t>>();
    parse_header();
    parse_metadata();
    apply_alignment();
    parse_tensor_infos();
    place_data_section();
    out_.offsets_->shrink_to_fit();
    // The offset table is complete and will never reallocate: point the top-level arrays at it.
    for (auto [kv, start] : table_fixups_) out_.kv_[kv].second.elem_offsets_ = out_.offsets_->data() + start;
  }

 private:
  static constexpr uint64_t kNoTable = std::numeric_limits<uint64_t>::max();

  [[noreturn]] void fail(const std::string& what) const { fail_invalid(name_ + ": " + what); }
  [[noreturn]] void fail_unsupported_here(const std::string& what) const { fail_unsupported(name_ + ": " + what); }

  uint64_t remaining() const noexcept { return size_ - pos_; }

  void need(uint64_t n, const std::string& what) const {
    if (n > remaining())
      fail("truncated: " + what + " at offset " + std::to_string(pos_) + " needs " + std::to_string(n) +
           " bytes, only " + std::to_string(remaining()) + " remain");
  }
  uint32_t read_u32(const std::string& what) {
    need(4, what);
    uint32_t v = gguf_load<uint32_t>(p_ + pos_);
    pos_ += 4;
    return v;
  }
  uint64_t read_u64(const std::string& what) {
    need(8, what);
    uint64_t v = gguf_load<uint64_t>(p_ + pos_);
    pos_ += 8;
    return v;
  }
  // A gguf string (u64 length + bytes), checked against max_len and the bytes that remain.
  std::string_view read_string(const std::string& what, uint64_t max_len) {
    uint64_t len = read_u64(what + " length");
    if (len > max_len)
      fail(what + " is " + std::to_string(len) + " bytes long, over the limit of " + std::to_string(max_len));
    if (len > remaining())
      fail(what + " is " + std::to_string(len) + " bytes long but only " + std::to_string(remaining()) +
           " bytes remain in the file");
    std::string_view s(reinterpret_cast<const char*>(p_ + pos_), size_t(len));
    pos_ += len;
    return s;
  }

  void parse_header() {
    if (size_ < 4) fail("not a GGUF file: " + std::to_string(size_) + " bytes, too short for the magic");
    uint32_t magic = gguf_load<uint32_t>(p_);
    if (magic != kMagic) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "not a GGUF file: bad magic %02x %02x %02x %02x", p_[0], p_[1], p_[2], p_[3]);
      fail(buf);
    }
    pos_ = 4;
    uint32_t version = read_u32("version");
    // A big-endian file reads its small version number byte-swapped (ggml's endianness hint).
    if (version & 0xFFFF0000u && (version & 0x0000FFFFu) == 0) {
      uint32_t swapped = __builtin_bswap32(version);
      fail_unsupported_here("GGUF version " + std::to_string(version) + " looks byte-swapped (version " +
                            std::to_string(swapped) + " of a big-endian file); big-endian GGUF is not supported");
    }
    if (version == 1) fail_unsupported_here("GGUF version 1 is not supported (ggml reads only versions 2 and 3)");
    if (version == 0 || version > 3)
      fail("unsupported GGUF version " + std::to_string(version) + " (expected 2 or 3)");
    out_.version_ = version;

    tensor_count_ = read_u64("tensor count");
    kv_count_ = read_u64("metadata entry count");
    if (tensor_count_ > limits_.max_tensors)
      fail("declares " + std::to_string(tensor_count_) + " tensors, over the limit of " + std::to_string(limits_.max_tensors));
    if (kv_count_ > limits_.max_kv)
      fail("declares " + std::to_string(kv_count_) + " metadata entries, over the limit of " + std::to_string(limits_.max_kv));
    if (kv_count_ > remaining() / kMinKvBytes)
      fail("declares " + std::to_string(kv_count_) + " metadata entries but only " + std::to_string(remaining()) +
           " bytes follow the header");
    if (tensor_count_ > remaining() / kMinTensorInfoBytes)
      fail("declares " + std::to_string(tensor_count_) + " tensors but only " + std::to_string(remaining()) +
           " bytes follow the header");
  }

  void parse_metadata() {
    for (uint64_t i = 0; i < kv_count_; ++i) {
      std::string what = "metadata entry #" + std::to_string(i);
      std::string_view key = read_string(what + " key", limits_.max_string_bytes);
      if (key.empty()) fail(what + " has an empty key");
      if (!is_valid_utf8(key)) fail(what + " key '" + printable(key) + "' is not valid UTF-8");
      std::string key_str(key);
      if (out_.kv_index_.count(key_str)) fail("metadata key '" + printable(key) + "' appears twice");
      std::string ctx = "metadata key '" + printable(key) + "'";
      uint32_t type = read_u32(ctx + " value type");
      GgufValue v;
      uint64_t table = parse_value(type, 0, ctx, v);
      out_.kv_index_.emplace(key_str, out_.kv_.size());
      if (table != kNoTable) table_fixups_.emplace_back(out_.kv_.size(), table);
      out_.kv_.emplace_back(std::move(key_str), v);
    }
  }

  // Parses one value of `type` at pos_ into v. Returns the start of v's element-offset table in
  // out_.offsets_ (kNoTable when it has none). `depth` is the number of enclosing arrays.
  uint64_t parse_value(uint32_t type, uint32_t depth, const std::string& ctx, GgufValue& v) {
    if (type > uint32_t(GgufValueType::f64)) fail(ctx + ": invalid value type " + std::to_string(type));
    v.type_ = GgufValueType(type);
    if (uint32_t size = gguf_fixed_size(v.type_)) {
      need(size, ctx + " value");
      if (v.type_ == GgufValueType::boolean && p_[pos_] > 1)
        fail(ctx + ": bool value " + std::to_string(p_[pos_]) + " is neither 0 nor 1");
      v.ptr_ = p_ + pos_;
      pos_ += size;
      return kNoTable;
    }
    if (v.type_ == GgufValueType::string) {
      v.ptr_ = p_ + pos_;
      read_string(ctx + " string", limits_.max_string_bytes);
      return kNoTable;
    }
    return parse_array(depth + 1, ctx, v);
  }

  uint64_t parse_array(uint32_t depth, const std::string& ctx, GgufValue& v) {
    if (depth > max_depth_)
      fail(ctx + ": arrays nested " + std::to_string(depth) + " deep, over the limit of " + std::to_string(max_depth_));
    uint32_t elem = read_u32(ctx + " array element type");
    if (elem > uint32_t(GgufValueType::f64)) fail(ctx + ": invalid array element type " + std::to_string(elem));
    uint64_t count = read_u64(ctx + " array length");
    v.type_ = GgufValueType::array;
    v.elem_type_ = GgufValueType(elem);
    v.count_ = count;
    v.ptr_ = p_ + pos_;
    if (uint32_t size = gguf_fixed_size(v.elem_type_)) {
      uint64_t bytes = 0;
      if (__builtin_mul_overflow(count, uint64_t(size), &bytes) || bytes > remaining())
        fail(ctx + ": array of " + std::to_string(count) + " " + std::string(gguf_value_type_name(v.elem_type_)) +
             " values does not fit in the " + std::to_string(remaining()) + " bytes that remain");
      if (v.elem_type_ == GgufValueType::boolean) {
        for (uint64_t i = 0; i < count; ++i)
          if (p_[pos_ + i] > 1)
            fail(ctx + ": bool element " + std::to_string(i) + " is " + std::to_string(p_[pos_ + i]) + ", neither 0 nor 1");
      }
      pos_ += bytes;
      return kNoTable;
    }
    auto& table = *out_.offsets_;
    const uint64_t start = table.size();
    if (v.elem_type_ == GgufValueType::string) {
      // Every string costs at least its 8-byte length: a count the bytes cannot hold is refused
      // before the table is sized from it.
      if (count > remaining() / 8)
        fail(ctx + ": array of " + std::to_string(count) + " strings does not fit in the " +
             std::to_string(remaining()) + " bytes that remain");
      table.resize(start + count);
      const uint64_t base = pos_;
      // Vocabularies hold 10^5 strings: check inline and build the context only on failure.
      for (uint64_t i = 0; i < count; ++i) {
        table[start + i] = pos_ - base;
        uint64_t len = remaining() >= 8 ? gguf_load<uint64_t>(p_ + pos_) : 0;
        if (remaining() < 8 || len > limits_.max_string_bytes || len > remaining() - 8) {
          read_string(ctx + " element " + std::to_string(i), limits_.max_string_bytes);  // throws the precise error
          fail_internal(name_ + ": string array element check disagrees");               // unreachable
        }
        pos_ += 8 + len;
      }
      return start;
    }
    // Arrays of arrays: each element is at least an element type and a count (12 bytes).
    if (count > remaining() / 12)
      fail(ctx + ": array of " + std::to_string(count) + " arrays does not fit in the " + std::to_string(remaining()) +
           " bytes that remain");
    table.resize(start + 2 * count);
    const uint64_t base = pos_;
    for (uint64_t i = 0; i < count; ++i) {
      uint64_t header = pos_ - base;
      GgufValue inner;
      uint64_t inner_table = parse_array(depth + 1, ctx + " element " + std::to_string(i), inner);
      // `table` may have grown (reallocated) inside the recursion: index it afresh.
      (*out_.offsets_)[start + 2 * i] = header;
      (*out_.offsets_)[start + 2 * i + 1] = inner_table == kNoTable ? 0 : inner_table - start;
    }
    return start;
  }

  void apply_alignment() {
    auto it = out_.kv_index_.find("general.alignment");
    if (it == out_.kv_index_.end()) return;
    const GgufValue& v = out_.kv_[it->second].second;
    if (v.type() != GgufValueType::u32)
      fail("general.alignment has type " + std::string(gguf_value_type_name(v.type())) + ", expected uint32");
    uint64_t a = uint64_t(*v.as_int());
    if (!is_power_of_two(a)) fail("general.alignment " + std::to_string(a) + " is not a power of two");
    // The GGUF spec requires a multiple of 8 (ggml checks only the power of two); with it every
    // tensor starts 8-byte aligned in the file, so views are aligned for any element type.
    if (a < 8) fail("general.alignment " + std::to_string(a) + " is not a multiple of 8");
    if (a > kMaxAlignment)
      fail("general.alignment " + std::to_string(a) + " is implausibly large (limit " + std::to_string(kMaxAlignment) + ")");
    out_.alignment_ = uint32_t(a);
  }

  void parse_tensor_infos() {
    if (tensor_count_ > remaining() / kMinTensorInfoBytes)
      fail("declares " + std::to_string(tensor_count_) + " tensors but only " + std::to_string(remaining()) +
           " bytes remain after the metadata");
    const uint64_t align = out_.alignment_;
    uint64_t expected_offset = 0;  // running sum of the padded sizes of the previous tensors
    for (uint64_t i = 0; i < tensor_count_; ++i) {
      std::string what = "tensor #" + std::to_string(i);
      uint64_t name_len = read_u64(what + " name length");
      if (name_len == 0) fail(what + " has an empty name");
      if (name_len >= kMaxNameBytes)
        fail(what + " name is " + std::to_string(name_len) + " bytes long; ggml allows at most " +
             std::to_string(kMaxNameBytes - 1));
      pos_ -= 8;  // re-read the length with the string's own bounds check
      std::string_view name = read_string(what + " name", kMaxNameBytes - 1);
      if (!is_valid_utf8(name)) fail(what + " name '" + printable(name) + "' is not valid UTF-8");
      GgufTensorInfo info;
      info.name = std::string(name);
      const std::string ctx = "tensor '" + printable(name) + "'";
      if (out_.tensor_index_.count(info.name)) fail("tensor name '" + printable(name) + "' appears twice");

      uint32_t n_dims = read_u32(ctx + " n_dims");
      if (n_dims == 0 || n_dims > kMaxDims)
        fail(ctx + ": n_dims " + std::to_string(n_dims) + " is outside 1.." + std::to_string(kMaxDims));
      int64_t numel = 1;
      for (uint32_t d = 0; d < n_dims; ++d) {
        uint64_t raw = read_u64(ctx + " dim " + std::to_string(d));
        if (raw > uint64_t(std::numeric_limits<int64_t>::max()))
          fail(ctx + ": dim " + std::to_string(d) + " is negative (" + std::to_string(int64_t(raw)) + ")");
        // ggml divides by dims when checking overflow; an empty tensor has no use in a checkpoint.
        if (raw == 0) fail(ctx + ": dim " + std::to_string(d) + " is 0");
        if (__builtin_mul_overflow(numel, int64_t(raw), &numel))
          fail(ctx + ": element count overflows int64");
        info.ne.push_back(int64_t(raw));
      }

      info.ggml_type = read_u32(ctx + " type");
      auto [block_elems, block_bytes] = ggml_type_block(info.ggml_type);
      if (block_elems == 0) {
        if (info.ggml_type < kGgmlTypeIdEnd)
          fail(ctx + ": ggml type " + std::to_string(info.ggml_type) + " is a retired type");
        fail(ctx + ": ggml type " + std::to_string(info.ggml_type) + " is out of range");
      }
      if (info.ne[0] % block_elems != 0)
        fail(ctx + ": ne[0] = " + std::to_string(info.ne[0]) + " is not a multiple of the " +
             std::string(ggml_type_name(info.ggml_type)) + " block size " + std::to_string(block_elems));
      uint64_t nbytes = uint64_t(info.ne[0]) / block_elems;
      bool overflow = __builtin_mul_overflow(nbytes, uint64_t(block_bytes), &nbytes);
      for (size_t d = 1; d < info.ne.size() && !overflow; ++d)
        overflow = __builtin_mul_overflow(nbytes, uint64_t(info.ne[d]), &nbytes);
      if (overflow) fail(ctx + ": byte size overflows");
      info.nbytes = nbytes;
      info.dtype = dtype_from_ggml_type(info.ggml_type);
      info.shape = Shape(info.ne.rbegin(), info.ne.rend());

      info.offset = read_u64(ctx + " offset");
      if (info.offset != expected_offset)
        fail(ctx + " has offset " + std::to_string(info.offset) + ", expected " + std::to_string(expected_offset));
      // Cheap early bound (the data section starts past this point): refuse a tiny file that
      // declares petabytes without walking the rest of its tensor infos.
      uint64_t end = 0;
      if (__builtin_add_overflow(info.offset, nbytes, &end) || end > size_)
        fail(ctx + ": data of " + std::to_string(nbytes) + " bytes at offset " + std::to_string(info.offset) +
             " lies beyond the end of the file (" + std::to_string(size_) + " bytes)");
      uint64_t padded = 0;
      if (__builtin_add_overflow(nbytes, align - 1, &padded)) fail(ctx + ": padded byte size overflows");
      padded &= ~(align - 1);
      if (__builtin_add_overflow(expected_offset, padded, &expected_offset)) fail(ctx + ": data section size overflows");
      out_.tensor_index_.emplace(info.name, out_.tensors_.size());
      out_.tensors_.push_back(std::move(info));
    }
  }

  void place_data_section() {
    const uint64_t align = out_.alignment_;
    // pos_ <= size_ and align <= 1 MiB: no overflow.
    out_.data_offset_ = (pos_ + align - 1) & ~(align - 1);
    // Vocabulary-only files end right after the metadata without padding; ggml reads them, so a
    // file with no tensors needs no data section.
    for (const auto& t : out_.tensors_) {
      uint64_t begin = 0, end = 0;
      if (__builtin_add_overflow(out_.data_offset_, t.offset, &begin) || __builtin_add_overflow(begin, t.nbytes, &end) ||
          end > size_)
        fail("tensor '" + printable(t.name) + "': data [" + std::to_string(begin) + ", " + std::to_string(end) +
             ") lies beyond the end of the file (" + std::to_string(size_) + " bytes)");
    }
    if (out_.data_offset_ > size_ && !out_.tensors_.empty())
      fail("data section at offset " + std::to_string(out_.data_offset_) + " lies beyond the end of the file");
  }

  const uint8_t* p_;
  uint64_t size_;
  uint64_t pos_ = 0;
  std::string name_;
  GgufLimits limits_;
  GgufFile& out_;
  uint32_t max_depth_ = 4;
  uint64_t tensor_count_ = 0, kv_count_ = 0;
  std::vector<std::pair<size_t, uint64_t>> table_fixups_;  // (kv index, table start)
};

Result<GgufFile> GgufFile::parse(std::span<const uint8_t> bytes, std::string_view name, const GgufLimits& limits) {
  return guard([&] {
    GgufFile f;
    f.bytes_ = bytes;
    GgufParser(bytes, name, limits, f).run();
    return f;
  });
}

Result<GgufFile> GgufFile::open(const std::filesystem::path& path, const GgufLimits& limits) {
  return guard([&] {
    auto mapping = MappedFile::open(path);
    GgufFile f;
    f.bytes_ = mapping->bytes();
    GgufParser(mapping->bytes(), path.string(), limits, f).run();
    f.owner_ = std::move(mapping);
    return f;
  });
}

const GgufValue* GgufFile::find(std::string_view key) const {
  auto it = kv_index_.find(std::string(key));
  return it == kv_index_.end() ? nullptr : &kv_[it->second].second;
}

std::optional<int64_t> GgufFile::get_int(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v || !v->is_integer()) return std::nullopt;
  return v->as_int();
}

std::optional<double> GgufFile::get_float(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v || !(v->is_float() || v->is_integer())) return std::nullopt;
  return v->as_float();
}

std::optional<std::string_view> GgufFile::get_string(std::string_view key) const {
  const GgufValue* v = find(key);
  return v ? v->as_string() : std::nullopt;
}

std::optional<bool> GgufFile::get_bool(std::string_view key) const {
  const GgufValue* v = find(key);
  return v ? v->as_bool() : std::nullopt;
}

const GgufTensorInfo* GgufFile::find_tensor(std::string_view name) const {
  auto it = tensor_index_.find(std::string(name));
  return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

Tensor GgufFile::tensor_view(const GgufTensorInfo& info) const {
  if (!info.dtype) return {};
  // The info may come from another file: re-check its bounds against these bytes.
  uint64_t begin = 0, end = 0;
  if (__builtin_add_overflow(data_offset_, info.offset, &begin) || __builtin_add_overflow(begin, info.nbytes, &end) ||
      end > bytes_.size())
    return {};
  auto* data = const_cast<uint8_t*>(bytes_.data() + begin);
  return Tensor(*info.dtype, info.shape, data, Device{}, owner_);
}

}  // namespace dsw
