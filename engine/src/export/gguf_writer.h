// GgufWriter: builds a GGUF v3 file — typed metadata (scalars, strings, arrays of strings, ints
// and floats, values copied from a parsed file), tensor infos with aligned offsets, then the
// tensor data streamed tensor by tensor (formats.md §2.1–§2.4).
//
// Usage: add metadata and tensor infos, write_header(), then for each tensor in the order it was
// added, write_tensor_data() until its bytes are complete (the writer pads to the alignment after
// each tensor), then finish(). Output goes through an AtomicFile, so an exception or a cancel
// before commit leaves nothing behind. Not thread-safe; one writer per file.
#pragma once

#include "core/atomic_file.h"

#include <dsw/gguf.h>

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

class GgufWriter {
 public:
  // `name` is used in messages (usually the output path). alignment: power of two, multiple of 8.
  explicit GgufWriter(std::string name, uint32_t alignment = 32);

  // Metadata, in the order added. Keys must be unique (ggml rejects duplicates) and non-empty.
  void add_u32(std::string_view key, uint32_t v);
  void add_i32(std::string_view key, int32_t v);
  void add_u64(std::string_view key, uint64_t v);
  void add_f32(std::string_view key, float v);
  void add_bool(std::string_view key, bool v);
  void add_string(std::string_view key, std::string_view v);
  void add_string_array(std::string_view key, const std::vector<std::string>& v);
  void add_i32_array(std::string_view key, const std::vector<int32_t>& v);
  void add_f32_array(std::string_view key, const std::vector<float>& v);
  // Copies a value of a parsed GGUF file verbatim, arrays (nested too) included.
  void add_value(std::string_view key, const GgufValue& v);
  bool has_key(std::string_view key) const { return keys_.count(std::string(key)) > 0; }
  size_t kv_count() const noexcept { return n_kv_; }

  // Declares a tensor; ne in ggml order (ne[0] fastest). Returns its byte size. Throws on a name
  // of 64 bytes or more, a duplicate, more than 4 dims, or ne[0] not a whole number of blocks.
  uint64_t add_tensor(std::string name, uint32_t ggml_type, std::vector<int64_t> ne);
  size_t tensor_count() const noexcept { return tensors_.size(); }
  // Bytes of the data section (each tensor padded to the alignment).
  uint64_t data_bytes() const noexcept { return data_size_; }
  // Bytes of everything before the data section (header, metadata, infos, padding).
  uint64_t header_bytes() const;

  void write_header(AtomicFile& file);
  // Appends bytes of the current tensor; may be called several times per tensor.
  void write_tensor_data(AtomicFile& file, std::span<const uint8_t> bytes);
  // Checks every tensor's data was written in full.
  void finish() const;

 private:
  struct TensorInfo {
    std::string name;
    uint32_t type;
    std::vector<int64_t> ne;
    uint64_t offset, nbytes;
  };
  void begin_kv(std::string_view key, GgufValueType type);
  void put_u32(uint32_t v);
  void put_u64(uint64_t v);
  void put_string(std::string_view s);
  void put_raw(const void* p, size_t n);
  void put_value(const GgufValue& v, int depth);
  void pad(AtomicFile& file, uint64_t n);

  std::string name_;
  uint32_t alignment_;
  std::vector<uint8_t> kv_bytes_;
  size_t n_kv_ = 0;
  std::set<std::string, std::less<>> keys_;
  std::vector<TensorInfo> tensors_;
  std::set<std::string, std::less<>> tensor_names_;
  uint64_t data_size_ = 0;
  bool header_written_ = false;
  size_t current_ = 0;        // tensor whose data is being written
  uint64_t current_done_ = 0; // bytes of it written so far
};

}  // namespace dsw
