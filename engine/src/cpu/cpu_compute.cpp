// CpuCompute: every ComputeBackend op on the host, split over the session's thread pool.
//
// Matmuls keep weights as stored (cpu/matmul: one pass for decode, widened tiles + sgemm for
// prefill); LoRA adapters add two thin sgemms per Linear on the rows they apply to. Elementwise ops
// are cheap next to the matmuls and run on the calling thread unless they are large.
#include "cpu/cpu_compute.h"

#include "compute/linear.h"
#include "cpu/attention.h"
#include "cpu/blas.h"
#include "cpu/causal_attention.h"
#include "cpu/gemm.h"
#include "cpu/kernels.h"
#include "cpu/kv_cache.h"
#include "cpu/matmul.h"
#include "cpu/rope.h"

#include <dsw/thread_pool.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace dsw::cpu {
namespace {

class CpuCompute final : public ComputeBackend {
 public:
  CpuCompute(int n_threads, bool batch_invariant)
      : pool_(n_threads),
        matmul_(pool_),
        attention_(pool_),
        per_thread_(size_t(pool_.size())),
        per_thread_tmp_(size_t(pool_.size())),
        invariant_(batch_invariant) {
    matmul_.set_batch_invariant(batch_invariant);
    attention_.set_batch_invariant(batch_invariant);
  }

  std::string name() const override {
    return "cpu (" + std::to_string(pool_.size()) + (pool_.size() == 1 ? " thread, " : " threads, ") + kernels().isa + ")";
  }
  int n_threads() const noexcept override { return pool_.size(); }
  ThreadPool& pool() noexcept { return pool_; }

  float* scratch(size_t slot, int64_t n) override {
    if (slot >= scratch_.size()) scratch_.resize(slot + 1);
    auto& b = scratch_[slot];
    if (int64_t(b.size()) < n) b.resize(size_t(n));
    return b.data();
  }
  const float* read_back(const float* p, int64_t) override { return p; }

  void create_kv_cache(const KvCacheShape& shape) override { cache_ = std::make_unique<KvCache>(shape); }
  const KvCacheShape& kv_shape() const noexcept override { return cache_->shape(); }
  int64_t kv_length(int64_t seq) const noexcept override { return cache_->length(seq); }
  void set_kv_length(int64_t seq, int64_t n) noexcept override { cache_->set_length(seq, n); }
  uint64_t kv_bytes_per_token() const noexcept override { return cache_->bytes_per_token(); }

  void kv_store(int64_t layer, const float* k, int64_t ldk, const float* v, int64_t ldv, int64_t T, const int32_t* seq_ids,
                const int32_t* positions) override {
    const KvCacheShape& s = cache_->shape();
    for (int64_t t = 0; t < T; ++t) {
      const int64_t pos = positions[t], seq = seq_ids[t];
      for (int64_t j = 0; j < s.n_heads; ++j) {
        std::memcpy(cache_->k(layer, seq, j) + pos * s.k_dim, k + t * ldk + j * s.k_dim, size_t(s.k_dim) * sizeof(float));
        if (s.v_dim > 0)
          std::memcpy(cache_->v(layer, seq, j) + pos * s.v_dim, v + t * ldv + j * s.v_dim, size_t(s.v_dim) * sizeof(float));
      }
    }
  }

  void linear(const Linear& w, const float* x, int64_t T, int64_t ldx, float* y, int64_t ldy, const int32_t* slots) override {
    matmul_.run(x, T, ldx, w.base(), y, ldy);
    add_adapters(w, x, T, ldx, y, ldy, slots);
  }

  // The bases in one pass (Matmul::run_group), then each Linear's adapters as linear() adds them.
  void linear_group(const LinearOutput* outs, int n, const float* x, int64_t T, int64_t ldx, const int32_t* slots) override {
    constexpr int kMaxGroup = 8;
    if (n > kMaxGroup) {
      ComputeBackend::linear_group(outs, n, x, T, ldx, slots);
      return;
    }
    Matmul::Output mo[kMaxGroup];
    for (int i = 0; i < n; ++i) mo[i] = {&outs[i].linear->base(), outs[i].y, outs[i].ldy};
    matmul_.run_group(x, T, ldx, mo, n);
    for (int i = 0; i < n; ++i) add_adapters(*outs[i].linear, x, T, ldx, outs[i].y, outs[i].ldy, slots);
  }

  void add_adapters(const Linear& w, const float* x, int64_t T, int64_t ldx, float* y, int64_t ldy, const int32_t* slots) {
    for (const auto& ad : w.adapters())
      for_rows_of_slot(ad.slot, T, slots, [&](int64_t t0, int64_t n) {
        sgemm_rows(n, [&](int64_t i, int64_t m) {
          lora_forward(ad, x + (t0 + i) * ldx, m, ldx, y + (t0 + i) * ldy, ldy, scratch(kLoraSlot, m * ad.rank()), true);
        });
      });
  }

  void linear_transposed(const Linear& w, const float* x, int64_t T, int64_t ldx, float* y, int64_t ldy,
                         const int32_t* slots) override {
    transposed_base(w.base(), x, T, ldx, y, ldy);
    for (const auto& ad : w.adapters())
      for_rows_of_slot(ad.slot, T, slots, [&](int64_t t0, int64_t n) {
        lora_transposed(ad, x + t0 * ldx, n, ldx, y + t0 * ldy, ldy, scratch(kLoraSlot, n * ad.rank()));
      });
  }

  void linear_backward(const Linear& w, const float* x, int64_t ldx, const float* dy, int64_t T, const LinearGrads& g) override {
    const int64_t N = w.out_features(), K = w.in_features();
    if (g.dx) {
      if (!g.accumulate_dx) {
        linear_transposed(w, dy, T, N, g.dx, g.lddx, nullptr);
      } else {
        float* t = scratch(kBackwardSlot, T * K);
        linear_transposed(w, dy, T, N, t, K, nullptr);
        for (int64_t i = 0; i < T; ++i) kernels().add(g.dx + i * g.lddx, t + i * K, K);
      }
    }
    if (g.dw) gemm_tn(pool_, T, N, K, dy, N, x, ldx, g.dw, K, true);
    if (g.db)
      for (int64_t t = 0; t < T; ++t)
        for (int64_t j = 0; j < N; ++j) g.db[j] += dy[t * N + j];
    const auto& ads = w.adapters();
    for (size_t i = 0; i < g.lora_da.size(); ++i) {
      if (!g.lora_da[i] && !g.lora_db[i]) continue;
      const LoraAdapter& ad = ads[i];
      const int64_t r = ad.rank();
      float* u = scratch(kLoraSlot, 2 * T * r);
      float* du = u + T * r;
      gemm_nt(pool_, T, r, K, x, ldx, ad.a.data_as<const float>(), K, u, r, false);    // u = x·Aᵀ
      for (int64_t j = 0; j < T * r; ++j) u[j] *= ad.scale;
      if (g.lora_db[i]) gemm_tn(pool_, T, N, r, dy, N, u, r, g.lora_db[i], r, true);  // dB += s·dyᵀ·u
      gemm_nn(pool_, T, N, r, dy, N, ad.b.data_as<const float>(), r, du, r, false);   // du = dy·B
      for (int64_t j = 0; j < T * r; ++j) du[j] *= ad.scale;
      if (g.lora_da[i]) gemm_tn(pool_, T, r, K, du, r, x, ldx, g.lora_da[i], K, true);  // dA += s·duᵀ·x
    }
  }

  // Heads in parallel, each single-threaded: widen the stored per-head matrix, one sgemm, then each
  // adapter's two thin products on the rows of its slot.
  void linear_per_head(const std::vector<Linear>& heads, bool transposed, const float* x, int64_t ldx, int64_t xhs, int64_t T,
                       float* y, int64_t ldy, int64_t yhs, const int32_t* slots) override {
    // Heads per task: at least ~256K multiply-adds each, so short decode steps stay on one thread.
    const double head_macs = heads.empty() ? 0 : double(heads[0].out_features()) * double(heads[0].in_features()) * double(T);
    pool_.parallel_for(int64_t(heads.size()), [&](int64_t h0, int64_t h1, int tid) {
      auto& wf = per_thread_[size_t(tid)];
      auto& tmp = per_thread_tmp_[size_t(tid)];
      for (int64_t h = h0; h < h1; ++h) {
        const Linear& l = heads[size_t(h)];
        const int64_t out = l.out_features(), in = l.in_features();
        const float* xh = x + h * xhs;
        float* yh = y + h * yhs;
        if (int64_t(wf.size()) < out * in) wf.resize(size_t(out * in));
        weight_rows_to_f32(l.base(), 0, out, wf.data());
        sgemm_rows(T, [&](int64_t t0, int64_t n) {
          if (transposed)
            blas::sgemm(blas::no_trans, blas::no_trans, int(n), int(in), int(out), 1.0f, xh + t0 * ldx, int(ldx), wf.data(), int(in),
                        0.0f, yh + t0 * ldy, int(ldy));
          else
            blas::sgemm(blas::no_trans, blas::trans, int(n), int(out), int(in), 1.0f, xh + t0 * ldx, int(ldx), wf.data(), int(in),
                        0.0f, yh + t0 * ldy, int(ldy));
        });
        for (const auto& ad : l.adapters())
          for_rows_of_slot(ad.slot, T, slots, [&](int64_t t0, int64_t n) {
            sgemm_rows(n, [&](int64_t i, int64_t m) {
              const int64_t r0 = t0 + i;
              if (int64_t(tmp.size()) < m * ad.rank()) tmp.resize(size_t(m * ad.rank()));
              if (transposed) lora_transposed(ad, xh + r0 * ldx, m, ldx, yh + r0 * ldy, ldy, tmp.data());
              else lora_forward(ad, xh + r0 * ldx, m, ldx, yh + r0 * ldy, ldy, tmp.data(), false);
            });
          });
      }
    }, grain_for_work(head_macs, 256 * 1024));
  }

  void embed(const Linear& table, const int32_t* tokens, int64_t T, float* out) override {
    const int64_t H = table.in_features();
    for (int64_t t = 0; t < T; ++t) weight_rows_to_f32(table.base(), tokens[t], 1, out + t * H);
  }

  void rmsnorm(const float* x, int64_t ldx, int64_t T, int64_t C, const float* w, float eps, float* y, int64_t ldy) override {
    const auto& kt = kernels();
    auto body = [&](int64_t t0, int64_t t1, int) {
      for (int64_t t = t0; t < t1; ++t) {
        const float* xr = x + t * ldx;
        // ggml's rms_norm: squares summed in double, the mean rounded to f32, 1/sqrtf, x·s then ·w.
        const float ms = float(kt.sum_squares_f64(xr, C) / double(C));
        kt.scale_mul(xr, 1.0f / std::sqrt(ms + eps), w, y + t * ldy, C);
      }
    };
    pool_.parallel_for(T, body, grain_for_work(double(C), kMinTaskElems));
  }

  void rope(float* x, int64_t ld, int64_t T, int64_t n_heads, int64_t head_stride, int64_t offset, const int32_t* positions,
            const RopeFreqs& f, bool interleaved) override {
    auto body = [&](int64_t t0, int64_t t1, int) {
      for (int64_t t = t0; t < t1; ++t) apply_rope(x + t * ld, n_heads, head_stride, offset, positions[t], f, interleaved);
    };
    pool_.parallel_for(T, body, grain_for_work(double(n_heads * head_stride), kMinTaskElems));
  }

  void attention(const float* q, int64_t ldq, const std::vector<SeqRun>& runs, int64_t layer, const AttentionDims& dims,
                 float* out, int64_t ldo, const ProbsSink* sink) override {
    attention_.run(q, ldq, runs, *cache_, layer, dims, out, ldo, sink);
  }

  void add(float* y, const float* x, int64_t n) override { kernels().add(y, x, n); }

  void silu_mul(float* g, const float* u, int64_t n) override {
    const auto& kt = kernels();
    // ~1 ns per element: tasks of 16K elements are worth a thread, a decode step's few thousand are not.
    pool_.parallel_for(n, [&](int64_t i0, int64_t i1, int) { kt.silu_mul(g + i0, u + i0, i1 - i0); }, 16384);
  }

  void zero(float* y, int64_t n) override { std::memset(y, 0, size_t(n) * sizeof(float)); }

  void gather_rows(const float* src, int64_t lds, const int64_t* rows, int64_t n, int64_t C, float* dst) override {
    for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * C, src + rows[i] * lds, size_t(C) * sizeof(float));
  }

  void scatter_add_rows(const float* src, const int64_t* rows, const float* weights, int64_t n, int64_t C, float* dst,
                        int64_t ldd) override {
    const auto& kt = kernels();
    for (int64_t i = 0; i < n; ++i) kt.axpy(weights[i], src + i * C, dst + rows[i] * ldd, C);
  }

  void copy_rows(const float* src, int64_t lds, int64_t T, int64_t C, float* dst, int64_t ldd) override {
    for (int64_t t = 0; t < T; ++t) std::memcpy(dst + t * ldd, src + t * lds, size_t(C) * sizeof(float));
  }

  void causal_attention_forward(const CausalAttentionShape& s, const float* q, const float* k, const float* v, float* o,
                                float* lse) override {
    cpu::causal_attention_forward(pool_, s, q, k, v, o, lse);
  }
  void causal_attention_backward(const CausalAttentionShape& s, const float* q, const float* k, const float* v, const float* o,
                                 const float* lse, const float* dout, float* dq, float* dk, float* dv) override {
    cpu::causal_attention_backward(pool_, s, q, k, v, o, lse, dout, dq, dk, dv);
  }

 private:
  // Calls fn(first_row, n_rows) for each maximal run of rows whose slot is `slot` (all rows when
  // there are no per-row slots).
  template <class Fn>
  static void for_rows_of_slot(int32_t slot, int64_t T, const int32_t* slots, Fn&& fn) {
    if (!slots) {
      fn(0, T);
      return;
    }
    for (int64_t t = 0; t < T;) {
      if (slots[t] != slot) {
        ++t;
        continue;
      }
      int64_t e = t;
      while (e < T && slots[e] == slot) ++e;
      fn(t, e - t);
      t = e;
    }
  }

  // y += scale · (x·Aᵀ)·Bᵀ for n rows; t holds n·r floats; the second product is split over the
  // pool when `parallel`.
  void lora_forward(const LoraAdapter& ad, const float* x, int64_t n, int64_t ldx, float* y, int64_t ldy, float* t, bool parallel) {
    const int64_t r = ad.rank(), K = ad.a.dim(1), N = ad.b.dim(0);
    blas::sgemm(blas::no_trans, blas::trans, int(n), int(r), int(K), 1.0f, x, int(ldx), ad.a.data_as<const float>(), int(K),
                0.0f, t, int(r));
    const float* B = ad.b.data_as<const float>();
    auto part = [&](int64_t c0, int64_t c1, int) {
      blas::sgemm(blas::no_trans, blas::trans, int(n), int(c1 - c0), int(r), ad.scale, t, int(r), B + c0 * r, int(r), 1.0f,
                  y + c0, int(ldy));
    };
    if (parallel) pool_.parallel_for(N, part, 256);
    else part(0, N, 0);
  }

  // y += scale · (x·B)·A for n rows (x has N = out columns, y has K = in columns); t holds n·r floats.
  void lora_transposed(const LoraAdapter& ad, const float* x, int64_t n, int64_t ldx, float* y, int64_t ldy, float* t) {
    const int64_t r = ad.rank(), K = ad.a.dim(1), N = ad.b.dim(0);
    blas::sgemm(blas::no_trans, blas::no_trans, int(n), int(r), int(N), 1.0f, x, int(ldx), ad.b.data_as<const float>(), int(r),
                0.0f, t, int(r));
    blas::sgemm(blas::no_trans, blas::no_trans, int(n), int(K), int(r), ad.scale, t, int(r), ad.a.data_as<const float>(), int(K),
                1.0f, y, int(ldy));
  }

  // y[T, K] = x[T, N]·W[N, K]: W widened in tiles of rows (bounded memory), each tile's product
  // accumulated into y, columns split over the pool.
  void transposed_base(const StoredWeight& w, const float* x, int64_t T, int64_t ldx, float* y, int64_t ldy) {
    const int64_t N = w.rows, K = w.cols;
    if (w.dtype() == DType::f32 && !w.scale.data()) {  // f32 (trainable weights): multiply in place, no widened copy
      const float* W = reinterpret_cast<const float*>(w.row(0));
      gemm_nn(pool_, T, N, K, x, ldx, W, K, y, ldy, false);
      return;
    }
    const int64_t nc = std::clamp<int64_t>((int64_t(1) << 20) / std::max<int64_t>(K, 1), 16, 4096);
    float* tile = scratch(kTransposedSlot, std::min(nc, N) * K);
    for (int64_t n0 = 0; n0 < N; n0 += nc) {
      const int64_t n = std::min(nc, N - n0);
      pool_.parallel_for(n, [&](int64_t r0, int64_t r1, int) { weight_rows_to_f32(w, n0 + r0, r1 - r0, tile + r0 * K); }, 4);
      const float beta = n0 == 0 ? 0.0f : 1.0f;
      pool_.parallel_for(K, [&](int64_t c0, int64_t c1, int) {
        blas::sgemm(blas::no_trans, blas::no_trans, int(T), int(c1 - c0), int(n), 1.0f, x + n0, int(ldx), tile + c0, int(K), beta,
                    y + c0, int(ldy));
      }, 64);
    }
  }

  // fn(t0, n) over rows [0, T): in one call, or in a batch-invariant session one row at a time, since
  // sgemm need not sum a row the same way for every number of rows (small-matrix and GEMV paths).
  template <class Fn>
  void sgemm_rows(int64_t T, Fn&& fn) {
    if (!invariant_) fn(int64_t(0), T);
    else
      for (int64_t t = 0; t < T; ++t) fn(t, int64_t(1));
  }

  static constexpr size_t kLoraSlot = 1000, kTransposedSlot = 1001, kBackwardSlot = 1002;
  // Elements an elementwise task must touch to be worth waking a thread (a few µs of work).
  static constexpr double kMinTaskElems = 16384;

  ThreadPool pool_;
  Matmul matmul_;
  Attention attention_;
  std::unique_ptr<KvCache> cache_;
  std::vector<std::vector<float>> scratch_;
  std::vector<std::vector<float>> per_thread_;      // per-head widened weights
  std::vector<std::vector<float>> per_thread_tmp_;  // per-head adapter products
  bool invariant_;                                  // batch-invariant session (make_cpu_compute)
};

}  // namespace

std::unique_ptr<ComputeBackend> make_cpu_compute(int n_threads, bool batch_invariant) {
  return std::make_unique<CpuCompute>(n_threads, batch_invariant);
}

ThreadPool& cpu_compute_pool(ComputeBackend& backend) { return static_cast<CpuCompute&>(backend).pool(); }

}  // namespace dsw::cpu
