// Shared weight loading for the architecture files.
#include "arch/architecture.h"

#include "core/error.h"
#include "cpu/convert.h"
#include "model/tensor_specs.h"

namespace dsw {
namespace {

const TensorEntry& need(const ModelFiles& f, const std::string& name) {
  const TensorEntry* e = f.tensors.find(name);
  if (!e) fail_invalid(f.path.string() + ": tensor '" + name + "' is missing");
  if (!e->dtype || !e->tensor.defined())
    fail_unsupported(f.path.string() + ": tensor '" + name + "' has dtype " + e->dtype_name + ", which the engine cannot compute with");
  return *e;
}

std::string module_name(const std::string& tensor_name) {
  const std::string suffix = ".weight";
  if (tensor_name.size() > suffix.size() && tensor_name.compare(tensor_name.size() - suffix.size(), suffix.size(), suffix) == 0)
    return tensor_name.substr(0, tensor_name.size() - suffix.size());
  return tensor_name;
}

}  // namespace

// Every type the CPU kernel tables have a row for (cpu::wtype_index), and FP8 with block scales.
bool linear_dtype_supported(DType t) noexcept { return t == DType::f8_e4m3 || cpu::wtype_index(t) >= 0; }

std::vector<float> load_vector_f32(const ModelFiles& f, const std::string& name) {
  const TensorEntry& e = need(f, name);
  if (!cpu::can_convert_to_f32(*e.dtype))
    fail_unsupported(f.path.string() + ": tensor '" + name + "' dtype " + e.dtype_name + " cannot be widened to f32");
  std::vector<float> v(size_t(e.shape.numel()));
  cpu::to_f32(*e.dtype, e.tensor.data(), v.data(), e.shape.numel());
  return v;
}

Linear load_linear(const ModelFiles& f, const std::string& name, LinearRole role, int64_t expert, bool optional_bias) {
  const TensorEntry& e = need(f, name);
  if (e.shape.rank() != 2) fail_invalid(f.path.string() + ": tensor '" + name + "' is not a matrix: " + e.shape.to_string());
  if (!linear_dtype_supported(*e.dtype))
    fail_unsupported(f.path.string() + ": tensor '" + name + "' has dtype " + e.dtype_name +
                     " (matmul supports F32, F16, BF16, F8_E4M3, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K)");
  StoredWeight w;
  w.w = e.tensor;
  w.rows = e.shape[0];
  w.cols = e.shape[1];
  if (dtype_info(*e.dtype).block_elems > 1 && w.cols % dtype_info(*e.dtype).block_elems)
    fail_invalid(f.path.string() + ": tensor '" + name + "' rows are not whole quantisation blocks");
  if (*e.dtype == DType::f8_e4m3) {
    const std::string sname = fp8_scale_name(name);
    const TensorEntry& s = need(f, sname);
    Shape want = fp8_scale_shape(f.config, e.shape);
    if (!(s.shape == want) || *s.dtype != DType::f32)
      fail_invalid(f.path.string() + ": tensor '" + sname + "' must be F32 " + want.to_string() + ", is " + s.dtype_name + " " +
                   s.shape.to_string());
    w.scale = s.tensor;
    w.block_rows = f.config.fp8_block_rows;
    w.block_cols = f.config.fp8_block_cols;
  }
  const std::string module = module_name(name);
  if (optional_bias && module != name) {
    const std::string bias_name = module + ".bias";
    if (f.tensors.contains(bias_name)) {
      w.bias = load_vector_f32(f, bias_name);
      if (int64_t(w.bias.size()) != w.rows) fail_invalid(f.path.string() + ": tensor '" + bias_name + "' length differs from its weight's rows");
    }
  }
  return Linear(module, std::move(w), role, expert);
}

}  // namespace dsw
