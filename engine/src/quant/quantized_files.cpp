// with_replaced: swap tensors of a ModelFiles for in-memory ones.
#include "quant/quantized_files.h"

#include "model/tensor_specs.h"

#include <set>

namespace dsw::quant {

TensorEntry make_entry(const std::string& name, DType dtype, int64_t rows, int64_t cols) {
  TensorEntry e;
  e.name = e.stored_name = name;
  e.dtype = dtype;
  e.dtype_name = std::string(dtype_name(dtype));
  e.shape = Shape{rows, cols};
  e.tensor = Tensor::host(dtype, e.shape);
  e.nbytes = e.tensor.nbytes();
  return e;
}

ModelFiles with_replaced(const ModelFiles& source, const std::map<std::string, TensorEntry>& replaced) {
  ModelFiles out;
  out.format = source.format;
  out.path = source.path;
  out.folder = source.folder;
  out.config = source.config;
  out.weight_files = source.weight_files;
  out.gguf = source.gguf;
  out.tokenizer_path = source.tokenizer_path;
  out.generation_eos_ids = source.generation_eos_ids;
  std::set<std::string> dropped;
  for (const auto& [name, e] : replaced)
    if (const TensorEntry* old = source.tensors.find(name); old && old->dtype == DType::f8_e4m3) dropped.insert(fp8_scale_name(name));
  for (const TensorEntry& e : source.tensors.entries()) {
    if (dropped.count(e.name)) continue;
    auto it = replaced.find(e.name);
    out.tensors.add(it == replaced.end() ? e : it->second);
  }
  return out;
}

}  // namespace dsw::quant
