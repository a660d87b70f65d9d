// Linear + LoRA forward/backward (see linear.h).
#include "train/ops/linear.h"

#include "train/ops/gemm.h"

#include <dsw/dtype.h>

#include <algorithm>

namespace dsw::train {
namespace {

void add_bias(ThreadPool& pool, const float* b, int64_t T, int64_t N, float* y) {
  pool.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t)
      for (int64_t j = 0; j < N; ++j) y[t * N + j] += b[j];
  }, 16);
}

}  // namespace

void base_input_grad(OpContext& ctx, const cpu::Weight& w, const float* dy, int64_t T, float* dx, bool accumulate) {
  const int64_t N = w.rows, K = w.cols;
  if (w.w.dtype() == DType::f32 && w.row_offset == 0 && w.scale.data() == nullptr) {
    gemm_nn(ctx.pool, T, N, K, dy, N, static_cast<const float*>(w.w.data()), K, dx, K, accumulate);
    return;
  }
  // Stored in another dtype: widen row tiles of W and accumulate dy[:, tile]·W[tile, :].
  const int64_t tile = std::clamp<int64_t>((int64_t(1) << 20) / std::max<int64_t>(K, 1), 16, 4096);
  std::vector<float> buf(size_t(std::min(tile, N) * K));
  for (int64_t n0 = 0; n0 < N; n0 += tile) {
    const int64_t n = std::min(tile, N - n0);
    ctx.pool.parallel_for(n, [&](int64_t r0, int64_t r1, int) { cpu::weight_rows_to_f32(w, n0 + r0, r1 - r0, buf.data() + r0 * K); }, 8);
    gemm_nn(ctx.pool, T, n, K, dy + n0, N, buf.data(), K, dx, K, accumulate || n0 > 0);
  }
}

void linear_forward(OpContext& ctx, const TrainLinear& l, const float* x, int64_t T, float* y, LinearSaved* saved) {
  const int64_t N = l.out(), K = l.in();
  ctx.matmul.run(x, T, K, l.base, y, N);
  if (const float* b = l.bias_data()) add_bias(ctx.pool, b, T, N, y);
  if (l.lora.rank == 0) return;

  const Lora& lo = l.lora;
  const int64_t r = lo.rank;
  const float* xa = x;
  std::vector<float> xd_local;
  std::vector<uint8_t> mask_local;
  if (lo.dropout > 0 && ctx.rng) {
    // One Bernoulli mask per call, scaled by 1/(1-p) (nn.Dropout).
    auto& xd = saved ? saved->xd : xd_local;
    auto& mask = saved ? saved->mask : mask_local;
    xd.resize(size_t(T * K));
    mask.resize(size_t(T * K));
    std::bernoulli_distribution keep(1.0 - double(lo.dropout));
    const float inv = 1.0f / (1.0f - lo.dropout);
    for (int64_t i = 0; i < T * K; ++i) {
      mask[size_t(i)] = keep(*ctx.rng) ? 1 : 0;
      xd[size_t(i)] = mask[size_t(i)] ? x[i] * inv : 0.0f;
    }
    xa = xd.data();
  }
  std::vector<float> u_local;
  auto& u = saved ? saved->u : u_local;
  u.resize(size_t(T * r));
  gemm_nt(ctx.pool, T, r, K, xa, K, lo.a->data.data(), K, u.data(), r, false);
  std::vector<float> us(u.size());
  for (size_t i = 0; i < us.size(); ++i) us[i] = u[i] * lo.scale;
  gemm_nt(ctx.pool, T, N, r, us.data(), r, lo.b->data.data(), r, y, N, true);
}

void linear_backward(OpContext& ctx, const TrainLinear& l, const LinearSaved& saved, const float* x, const float* dy, int64_t T,
                     float* dx, bool accumulate_dx) {
  const int64_t N = l.out(), K = l.in();
  if (dx) base_input_grad(ctx, l.base, dy, T, dx, accumulate_dx);
  if (l.full) {
    gemm_tn(ctx.pool, T, N, K, dy, N, x, K, l.full->g(), K, true);
    l.full->touched = true;
  }
  if (l.bias_param) {
    float* db = l.bias_param->g();
    for (int64_t t = 0; t < T; ++t)
      for (int64_t j = 0; j < N; ++j) db[j] += dy[t * N + j];
    l.bias_param->touched = true;
  }
  if (l.lora.rank == 0) return;

  const Lora& lo = l.lora;
  const int64_t r = lo.rank;
  const bool dropped = !saved.xd.empty();
  const float* xa = dropped ? saved.xd.data() : x;
  // dB += s·dyᵀ·u
  std::vector<float> us(saved.u.size());
  for (size_t i = 0; i < us.size(); ++i) us[i] = saved.u[i] * lo.scale;
  gemm_tn(ctx.pool, T, N, r, dy, N, us.data(), r, lo.b->g(), r, true);
  // du = s·dy·B
  std::vector<float> du(size_t(T * r));
  gemm_nn(ctx.pool, T, N, r, dy, N, lo.b->data.data(), r, du.data(), r, false);
  for (auto& v : du) v *= lo.scale;
  // dA += duᵀ·x̃
  gemm_tn(ctx.pool, T, r, K, du.data(), r, xa, K, lo.a->g(), K, true);
  lo.a->touched = lo.b->touched = true;
  if (!dx) return;
  if (!dropped) {
    gemm_nn(ctx.pool, T, r, K, du.data(), r, lo.a->data.data(), K, dx, K, true);
  } else {
    std::vector<float> t(size_t(T * K));
    gemm_nn(ctx.pool, T, r, K, du.data(), r, lo.a->data.data(), K, t.data(), K, false);
    const float inv = 1.0f / (1.0f - lo.dropout);
    for (int64_t i = 0; i < T * K; ++i)
      if (saved.mask[size_t(i)]) dx[i] += t[size_t(i)] * inv;
  }
}

}  // namespace dsw::train
