// Shared weight loading and the RMSNorm used by every architecture.
#include "arch/architecture.h"

#include "core/error.h"
#include "cpu/convert.h"
#include "cpu/kernels.h"
#include "model/tensor_specs.h"

#include <cmath>

namespace dsw {
namespace {

const TensorEntry& need(const ModelFiles& f, const std::string& name) {
  const TensorEntry* e = f.tensors.find(name);
  if (!e) fail_invalid(f.path.string() + ": tensor '" + name + "' is missing");
  if (!e->dtype || !e->tensor.defined())
    fail_unsupported(f.path.string() + ": tensor '" + name + "' has dtype " + e->dtype_name + ", which the engine cannot compute with");
  return *e;
}

// Every type the CPU kernel tables have a row for (cpu::wtype_index), and FP8 with block scales.
bool computable(DType t) { return t == DType::f8_e4m3 || cpu::wtype_index(t) >= 0; }

}  // namespace

std::vector<float> load_vector_f32(const ModelFiles& f, const std::string& name) {
  const TensorEntry& e = need(f, name);
  if (!cpu::can_convert_to_f32(*e.dtype))
    fail_unsupported(f.path.string() + ": tensor '" + name + "' dtype " + e.dtype_name + " cannot be widened to f32");
  std::vector<float> v(size_t(e.shape.numel()));
  cpu::to_f32(*e.dtype, e.tensor.data(), v.data(), e.shape.numel());
  return v;
}

cpu::Weight load_linear(const ModelFiles& f, const std::string& name, bool optional_bias) {
  const TensorEntry& e = need(f, name);
  if (e.shape.rank() != 2) fail_invalid(f.path.string() + ": tensor '" + name + "' is not a matrix: " + e.shape.to_string());
  if (!computable(*e.dtype))
    fail_unsupported(f.path.string() + ": tensor '" + name + "' has dtype " + e.dtype_name + " (matmul supports F32, F16, BF16, F8_E4M3, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q2_K..Q6_K)");
  cpu::Weight w;
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
  if (optional_bias) {
    std::string bias_name = name.substr(0, name.size() - std::string("weight").size()) + "bias";
    if (name.size() > 6 && name.compare(name.size() - 6, 6, "weight") == 0 && f.tensors.contains(bias_name)) {
      w.bias = load_vector_f32(f, bias_name);
      if (int64_t(w.bias.size()) != w.rows) fail_invalid(f.path.string() + ": tensor '" + bias_name + "' length differs from its weight's rows");
    }
  }
  return w;
}

void rmsnorm_rows(ThreadPool& pool, const float* x, int64_t T, int64_t C, const float* w, float eps, float* y) {
  const auto& kt = cpu::kernels();
  auto body = [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      const float* xr = x + t * C;
      const float ms = kt.sum_squares(xr, C) / float(C);
      const float s = 1.0f / std::sqrt(ms + eps);
      kt.scale_mul(xr, s, w, y + t * C, C);
    }
  };
  if (T < 4) body(0, T, 0);
  else pool.parallel_for(T, body, 1);
}

}  // namespace dsw
