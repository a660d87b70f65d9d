// GGUF v2/v3 reader: metadata of every type, tensor infos, aligned data section.
//
// Parsing mirrors ggml's gguf.cpp checks (formats.md §2.3) and never allocates more than the file
// size plus a small cap: numeric arrays are read in place, string arrays keep one offset per
// element (a string costs at least 8 bytes of file). The parsed file borrows the bytes it was parsed
// from; GgufFile::open keeps its own mapping alive. GgufValues point into those bytes and into the
// file's shared offset table: they stay valid while the GgufFile (or any copy of it) and, for
// parse(), the caller's bytes live. general.alignment must be a power of two, a multiple of 8 (GGUF
// spec) and at most 1 MiB, so tensor views are aligned whenever the bytes are 8-byte aligned.
#pragma once

#include <dsw/status.h>
#include <dsw/tensor.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dsw {

enum class GgufValueType : uint32_t {
  u8 = 0, i8 = 1, u16 = 2, i16 = 3, u32 = 4, i32 = 5, f32 = 6, boolean = 7, string = 8, array = 9,
  u64 = 10, i64 = 11, f64 = 12,
};
std::string_view gguf_value_type_name(GgufValueType t) noexcept;

// A metadata value or array element, viewed in place in the file's bytes.
class GgufValue {
 public:
  GgufValueType type() const noexcept { return type_; }
  bool is_integer() const noexcept;
  bool is_float() const noexcept { return type_ == GgufValueType::f32 || type_ == GgufValueType::f64; }

  // Scalars (throw nothing: return nullopt on a type mismatch).
  std::optional<int64_t> as_int() const noexcept;     // any integer type or bool (u64 > INT64_MAX: nullopt)
  std::optional<double> as_float() const noexcept;    // floats and integers
  std::optional<bool> as_bool() const noexcept;
  std::optional<std::string_view> as_string() const noexcept;

  // Arrays.
  GgufValueType array_type() const noexcept { return elem_type_; }
  uint64_t array_size() const noexcept { return count_; }
  GgufValue at(uint64_t i) const noexcept;  // element i; precondition: i < array_size()

  // Short rendering for `dsw-cli info` ("[32256 strings]", "10000.0", "\"llama\"").
  std::string to_display_string(size_t max_items = 8) const;

 private:
  friend class GgufParser;
  GgufValueType type_ = GgufValueType::u8;
  GgufValueType elem_type_ = GgufValueType::u8;
  const uint8_t* ptr_ = nullptr;         // scalar bytes / string length prefix / first array element
  uint64_t count_ = 0;                   // array element count
  // Arrays of strings: the byte offset of each element from ptr_. Arrays of arrays: two entries per
  // element (offset of the inner array's header from ptr_, distance from this table to the inner
  // array's own table). Points into the GgufFile's shared offset table, which never moves.
  const uint64_t* elem_offsets_ = nullptr;
};

struct GgufTensorInfo {
  std::string name;
  uint32_t ggml_type = 0;          // raw type id from the file
  std::optional<DType> dtype;      // when the engine knows the type
  std::vector<int64_t> ne;         // ggml order: ne[0] fastest-varying
  Shape shape;                     // PyTorch order (ne reversed)
  uint64_t offset = 0;             // relative to the data section
  uint64_t nbytes = 0;
};

struct GgufLimits {
  uint64_t max_string_bytes = 1ull << 30;   // GGUF_MAX_STRING_LENGTH
  uint64_t max_tensors = 1'000'000;
  uint64_t max_kv = 1'000'000;
  uint32_t max_array_depth = 4;
};

class GgufFile {
 public:
  // Maps and validates a file.
  static Result<GgufFile> open(const std::filesystem::path& path, const GgufLimits& limits = {});
  // Validates bytes held by the caller, who keeps them alive while the result is used.
  static Result<GgufFile> parse(std::span<const uint8_t> bytes, std::string_view name, const GgufLimits& limits = {});

  uint32_t version() const noexcept { return version_; }
  uint32_t alignment() const noexcept { return alignment_; }
  uint64_t data_offset() const noexcept { return data_offset_; }
  const std::string& name() const noexcept { return name_; }

  // Metadata in file order.
  const std::vector<std::pair<std::string, GgufValue>>& metadata() const noexcept { return kv_; }
  const GgufValue* find(std::string_view key) const;
  std::optional<int64_t> get_int(std::string_view key) const;
  std::optional<double> get_float(std::string_view key) const;
  std::optional<std::string_view> get_string(std::string_view key) const;
  std::optional<bool> get_bool(std::string_view key) const;

  const std::vector<GgufTensorInfo>& tensors() const noexcept { return tensors_; }
  const GgufTensorInfo* find_tensor(std::string_view name) const;
  // A view of the tensor's bytes (dtype must be known); the view keeps the file mapped.
  Tensor tensor_view(const GgufTensorInfo& info) const;
  std::span<const uint8_t> bytes() const noexcept { return bytes_; }

 private:
  friend class GgufParser;
  std::string name_;
  std::span<const uint8_t> bytes_;
  std::shared_ptr<const void> owner_;  // the mapping, when opened from a path
  std::shared_ptr<std::vector<uint64_t>> offsets_;  // element offsets for string/nested arrays
  uint32_t version_ = 0;
  uint32_t alignment_ = 32;
  uint64_t data_offset_ = 0;
  std::vector<std::pair<std::string, GgufValue>> kv_;
  std::unordered_map<std::string, size_t> kv_index_;
  std::vector<GgufTensorInfo> tensors_;
  std::unordered_map<std::string, size_t> tensor_index_;
};

// ggml type id -> engine dtype (F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K, I8, I16, I32, I64, F64).
std::optional<DType> dtype_from_ggml_type(uint32_t ggml_type) noexcept;
uint32_t ggml_type_from_dtype(DType t) noexcept;  // inverse for the types above
// {block elements, block bytes} of a ggml type, or {0, 0} when unknown/retired.
std::pair<uint32_t, uint32_t> ggml_type_block(uint32_t ggml_type) noexcept;
std::string_view ggml_type_name(uint32_t ggml_type) noexcept;

}  // namespace dsw
