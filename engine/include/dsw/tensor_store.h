// TensorStore: the named weight tensors of a checkpoint, as zero-copy views into its files.
//
// Every format (safetensors, GGUF, llama2.c) produces one. Names are Hugging Face module names
// ("model.layers.0.self_attn.q_proj.weight") whatever the file calls them; `stored_name` keeps the
// file's own name for display. Shapes are in PyTorch order ([out, in] for Linear weights).
// Tensors whose dtype the engine cannot compute with (U16, C64, F4, ...) are listed with an empty
// `dtype` and no tensor view. A store is immutable after loading and safe to read from any thread.
#pragma once

#include <dsw/tensor.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dsw {

struct TensorEntry {
  std::string name;         // HF module name
  std::string stored_name;  // the name inside the file (same as name for safetensors)
  std::string dtype_name;   // as the file spells it: "BF16", "F8_E4M3", "q8_0"
  std::optional<DType> dtype;
  Shape shape;
  uint64_t nbytes = 0;
  std::string file;  // file name (relative to the model folder) holding the bytes
  Tensor tensor;     // view into the mapped file; undefined when dtype is empty
};

class TensorStore {
 public:
  // Adds an entry; throws dsw::Error(invalid_input) on a duplicate name.
  void add(TensorEntry entry);

  const TensorEntry* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  const std::vector<TensorEntry>& entries() const noexcept { return entries_; }
  size_t size() const noexcept { return entries_.size(); }
  uint64_t total_bytes() const noexcept;
  uint64_t total_elements() const noexcept;

 private:
  std::vector<TensorEntry> entries_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace dsw
