// The float steps where the engine follows ggml's arithmetic so that a GGUF file gives the
// perplexity llama.cpp gives (docs/quantization.md, "Same file, same perplexity"); each formula is
// written out here from ggml's CPU code as the expected value:
// - RMSNorm: squares rounded to f32 and summed in double, mean rounded to f32, scale 1/sqrtf,
//   (x·s)·w — bit for bit, on every kernel table (an f32 sum changes some rows);
// - the attention softmax's sum in double (exp_shift_sum_f64, every table);
// - RoPE angles of GGUF files: θ_0 = pos, θ_{j+1} = θ_j · powf(base, −2/d) in f32 (ggml_rope's
//   cache), divided by the freq factors, times the linear scale — bit for bit;
// - Q4_1 / Q5_1 prefill: d·d_x·Σu·q + m·s per block with s = fp16(d_x·Σq) (ggml's Q8_1), the
//   value decode computes, not m·d_x·Σq.
#include "check.h"
#include "random_tensor.h"

#include <dsw/dtype.h>
#include <dsw/model_config.h>
#include <dsw/tensor_store.h>
#include <dsw/thread_pool.h>

#include "compute/compute_backend.h"
#include "compute/rope_freqs.h"
#include "cpu/convert.h"
#include "cpu/cpu_compute.h"
#include "cpu/kernels.h"
#include "cpu/matmul.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

using namespace dsw;
using namespace dsw::cpu;
using dsw::test::randn;

DSW_TEST(rmsnorm_is_ggmls_bit_for_bit) {
  const int64_t C = 4096, T = 64;
  auto x = randn(size_t(T * C), 1, 2.0f, 0.3f);
  auto w = randn(size_t(C), 2, 0.2f, 1.0f);
  const float eps = 1e-5f;
  auto be = make_cpu_compute(1);
  std::vector<float> y(size_t(T * C));
  be->rmsnorm(x.data(), C, T, C, w.data(), eps, y.data(), C);
  int rows_f32_differs = 0;
  for (int64_t t = 0; t < T; ++t) {
    const float* xr = x.data() + t * C;
    double sum = 0;  // ggml_float
    float sum32 = 0;
    for (int64_t i = 0; i < C; ++i) sum += double(xr[i] * xr[i]), sum32 += xr[i] * xr[i];
    const float mean = float(sum / double(C));
    const float scale = 1.0f / std::sqrt(mean + eps);
    const float scale32 = 1.0f / std::sqrt(sum32 / float(C) + eps);
    bool same = true;
    for (int64_t i = 0; i < C; ++i) same = same && y[size_t(t * C + i)] == (xr[i] * scale) * w[size_t(i)];
    CHECK(same);
    rows_f32_differs += scale32 != scale;
  }
  std::printf("    rows whose scale an f32 sum would change: %d of %lld\n", rows_f32_differs, (long long)T);
  CHECK(rows_f32_differs > 0);  // the test reaches rows where the two sums disagree
  // Every table's double sum of f32 squares is the same number (a double sum of 4096 f32 values
  // is exact to ~2^-40 whatever the order).
  const KernelTable* tables[4];
  const int n = available_kernel_tables(tables, 4);
  for (int i = 0; i < n; ++i)
    for (int64_t t = 0; t < 4; ++t) {
      const float* xr = x.data() + t * C;
      double ref = 0;
      for (int64_t k = 0; k < C - 5; ++k) ref += double(xr[k] * xr[k]);  // an odd length: the tails
      CHECK_NEAR(tables[i]->sum_squares_f64(xr, C - 5), ref, 1e-11 * ref);
    }
}

DSW_TEST(softmax_sums_in_double_on_every_table) {
  const int64_t n = 100003;
  auto x = randn(size_t(n), 3, 0.5f);
  const KernelTable* tables[4];
  const int nt = available_kernel_tables(tables, 4);
  for (int i = 0; i < nt; ++i) {
    std::vector<float> row = x;
    const double s = tables[i]->exp_shift_sum_f64(row.data(), 0.0f, n);
    double ref = 0;
    for (float v : row) ref += double(v);
    // Each vector's lanes are reduced in f32 (≤ 16 values: ~2^-24·4 relative), the rest in double;
    // an f32 running sum of 100,003 values of ~1 is off by ~1e-5 relative.
    CHECK(std::fabs(s - ref) <= 1e-7 * ref);
    CHECK_NEAR(row[7], std::exp(x[7]), 1e-6 * std::exp(x[7]));
  }
}

DSW_TEST(gguf_rope_angles_follow_ggmls_recurrence) {
  ModelConfig c;
  c.head_dim = 128;
  c.rope_angles = RopeAngles::ggml;
  struct Case {
    double theta;
    RopeScalingType scaling;
    double factor;
    bool freq_factors;
  };
  for (const Case& k : {Case{10000.0, RopeScalingType::none, 1.0, false}, Case{500000.0, RopeScalingType::none, 1.0, true},
                        Case{10000.0, RopeScalingType::linear, 4.0, false}}) {
    c.rope_theta = k.theta;
    c.rope_scaling.type = k.scaling;
    c.rope_scaling.factor = k.factor;
    c.rope_freq_factors.clear();
    if (k.freq_factors)
      for (int j = 0; j < 64; ++j) c.rope_freq_factors.push_back(j < 20 ? 1.0f : j < 40 ? 2.5f : 8.0f);
    const RopeFreqs f = make_rope_freqs(c, 128);
    ModelConfig hf = c;
    hf.rope_angles = RopeAngles::hf;
    const RopeFreqs fh = make_rope_freqs(hf, 128);
    const float theta_scale = std::pow(float(k.theta), -2.0f / 128.0f);
    const float freq_scale = k.scaling == RopeScalingType::linear ? 1.0f / float(k.factor) : 1.0f;
    int differs_from_hf = 0;
    for (int32_t pos : {0, 1, 7, 255, 1000, 4095}) {
      float cs[64], sn[64], ch[64], sh[64];
      rope_cos_sin(f, pos, cs, sn);
      rope_cos_sin(fh, pos, ch, sh);
      float theta = float(pos);
      bool same = true;
      for (int j = 0; j < 64; ++j) {
        const float ff = k.freq_factors ? c.rope_freq_factors[size_t(j)] : 1.0f;
        const float angle = freq_scale * (theta / ff);
        same = same && cs[j] == std::cos(angle) && sn[j] == std::sin(angle);
        differs_from_hf += cs[j] != ch[j] || sn[j] != sh[j];
        theta *= theta_scale;
      }
      CHECK(same);
    }
    std::printf("    theta %.0f: %d of 384 (cos, sin) pairs differ from HF's pos·inv_freq\n", k.theta, differs_from_hf);
    CHECK(differs_from_hf > 0);
  }
}

// A Q4_1 or Q5_1 weight times activations with a large mean (so the offsets' term m·s matters):
// the tiled prefill (T = 40) and the GEMV (T = 1) both equal ggml's per-block formula.
DSW_TEST(q4_1_and_q5_1_prefill_uses_ggmls_rounded_block_sums) {
  ThreadPool pool(2);
  Matmul mm(pool);
  for (DType dt : {DType::q4_1, DType::q5_1}) {
    const WType wt = WType(wtype_index(dt));
    const int64_t N = 48, K = 256, T = 40, nb = K / 32, bb = kWTypeGeometry[int(wt)].block_bytes;
    std::mt19937 rng(9);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_real_distribution<float> scale(0.005f, 0.05f);
    Tensor tw = Tensor::host(dt, {N, K});
    auto* raw = static_cast<uint8_t*>(tw.data());
    for (int64_t i = 0; i < N * nb * bb; ++i) raw[i] = uint8_t(byte(rng));
    for (int64_t b = 0; b < N * nb; ++b) {
      const uint16_t d = f32_to_f16(scale(rng)), m = f32_to_f16(-8.0f * scale(rng));
      std::memcpy(raw + b * bb, &d, 2);
      std::memcpy(raw + b * bb + 2, &m, 2);
    }
    std::vector<float> wf(size_t(N * K));
    to_f32(dt, tw.data(), wf.data(), N * K);
    StoredWeight w;
    w.w = tw;
    w.rows = N;
    w.cols = K;
    auto x = randn(size_t(T * K), 10, 1.0f, 3.0f);
    std::vector<float> y(static_cast<size_t>(T * N)), y1(static_cast<size_t>(N));
    mm.run(x.data(), T, K, w, y.data(), N);
    double worst = 0, worst1 = 0, old_formula = 0;
    for (int64_t t = 0; t < T; ++t) {
      const float* xr = x.data() + t * K;
      if (t < 3) mm.run(xr, 1, K, w, y1.data(), N);
      for (int64_t n = 0; n < N; ++n) {
        double want = 0, old = 0, mag = 0;
        for (int64_t b = 0; b < nb; ++b) {
          const float* xb = xr + b * 32;
          float amax = 0;
          for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(xb[j]));
          const float d = amax / 127.0f, id = 127.0f / amax, d16 = f16_to_f32(f32_to_f16(d));
          int sumq = 0;
          double dot_u = 0;  // Σ u·q with u = (w − m) / d_w
          uint16_t hd, hm;
          std::memcpy(&hd, raw + (n * nb + b) * bb, 2);
          std::memcpy(&hm, raw + (n * nb + b) * bb + 2, 2);
          const double dw = f16_to_f32(hd), m = f16_to_f32(hm);
          for (int j = 0; j < 32; ++j) {
            const int q = int(std::nearbyint(xb[j] * id));
            sumq += q;
            dot_u += (double(wf[size_t(n * K + b * 32 + j)]) - m) / dw * q;
            mag += std::fabs(double(wf[size_t(n * K + b * 32 + j)]) * d16 * q);
          }
          const double s = f16_to_f32(f32_to_f16(d * float(sumq)));
          want += dw * d16 * dot_u + m * s;
          old += dw * d16 * dot_u + m * double(d16) * sumq;
        }
        worst = std::max(worst, std::fabs(double(y[size_t(t * N + n)]) - want) / mag);
        if (t < 3) worst1 = std::max(worst1, std::fabs(double(y1[size_t(n)]) - want) / mag);
        old_formula = std::max(old_formula, std::fabs(old - want) / mag);
      }
    }
    std::printf("    %s: prefill %.1e, GEMV %.1e from ggml's formula; m·d_x·Σq would be %.1e off\n",
                std::string(dtype_name(dt)).c_str(), worst, worst1, old_formula);
    CHECK(worst < 3e-5);  // prefill products on bf16 hardware are ~2^-16 exact (gemm_bf16.h)
    CHECK(worst1 < 1e-6);
    CHECK(old_formula > 4 * worst);
  }
}
