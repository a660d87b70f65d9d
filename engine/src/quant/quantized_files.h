// A model's files with some weight tensors replaced by in-memory ones (quantised, or converted
// to a fallback dtype): the one representation the in-memory model, the GGUF writer and the
// safetensors writer all read. Replaced FP8 weights lose their block-scale tensors.
#pragma once

#include <dsw/model_files.h>

#include <map>
#include <string>

namespace dsw::quant {

// A new host tensor entry named `name` (dims [rows, cols]) in `dtype`, zero-filled.
TensorEntry make_entry(const std::string& name, DType dtype, int64_t rows, int64_t cols);

// `source` with every tensor named in `replaced` swapped for its entry (same order).
ModelFiles with_replaced(const ModelFiles& source, const std::map<std::string, TensorEntry>& replaced);

}  // namespace dsw::quant
