// Attention: per (run, head) task; vector loops for short runs, sgemm for long ones.
#include "cpu/attention.h"

#include "cpu/kernels.h"

#include "cpu/blas.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dsw::cpu {
namespace {

// Softmax of row[0..n) in place, max-subtracted.
void softmax_row(const KernelTable& kt, float* row, int64_t n) {
  float m = -std::numeric_limits<float>::infinity();
  for (int64_t i = 0; i < n; ++i) m = std::max(m, row[i]);
  const float sum = kt.exp_shift_sum(row, m, n);
  const float inv = 1.0f / sum;
  for (int64_t i = 0; i < n; ++i) row[i] *= inv;
}

// Multiply-adds a task must do to be worth a thread (~15-30 µs).
constexpr double kMinTaskMacs = 256 * 1024;

}  // namespace

void Attention::run(const float* q, int64_t ldq, const std::vector<SeqRun>& runs, KvCache& cache, int64_t layer,
                    const AttentionDims& d, float* out, int64_t ldo, const ProbsSink* sink) {
  const auto& kt = kernels();
  const int64_t group = d.n_heads / d.n_kv_heads;
  const int64_t tasks = int64_t(runs.size()) * d.n_heads;
  // Work of an average (run, head) task in multiply-adds; tasks are grouped so that each thread's
  // share is worth waking it (decode of a small model at short context stays on one thread).
  double work = 0;
  for (const SeqRun& r : runs) work += double(r.n_tokens) * double(r.pos + r.n_tokens) * double(d.qk_dim + d.v_dim);
  const int64_t grain = grain_for_work(work / double(std::max<int64_t>(int64_t(runs.size()), 1)), kMinTaskMacs);
  pool_.parallel_for(tasks, [&](int64_t t0, int64_t t1, int tid) {
    auto& buf = scratch_[size_t(tid)];
    for (int64_t task = t0; task < t1; ++task) {
      const SeqRun& r = runs[size_t(task / d.n_heads)];
      const int64_t h = task % d.n_heads, kvh = h / group;
      const float* K = cache.k(layer, r.seq, kvh);
      const float* V = d.values_in_keys ? K : cache.v(layer, r.seq, kvh);
      const int64_t v_stride = d.values_in_keys ? d.qk_dim : d.v_dim;
      const int64_t n_keys = r.pos + r.n_tokens;  // keys visible to the last token of the run
      if (r.n_tokens <= 4) {
        if (int64_t(buf.size()) < n_keys) buf.resize(size_t(n_keys));
        for (int64_t i = 0; i < r.n_tokens; ++i) {
          const int64_t row = r.token + i, visible = r.pos + i + 1;
          const float* qi = q + row * ldq + h * d.qk_dim;
          for (int64_t j = 0; j < visible; ++j) buf[size_t(j)] = kt.dot_f32(qi, K + j * d.qk_dim, d.qk_dim) * d.scale;
          softmax_row(kt, buf.data(), visible);
          if (sink) (*sink)(h, row, buf.data(), visible);
          float* o = out + row * ldo + h * d.v_dim;
          std::fill(o, o + d.v_dim, 0.0f);
          for (int64_t j = 0; j < visible; ++j) kt.axpy(buf[size_t(j)], V + j * v_stride, o, d.v_dim);
        }
        continue;
      }
      // S = scale · Q Kᵀ for the run's rows, then mask, softmax and O = S V.
      const int64_t n = r.n_tokens;
      if (int64_t(buf.size()) < n * n_keys) buf.resize(size_t(n * n_keys));
      float* S = buf.data();
      blas::sgemm(blas::no_trans, blas::trans, int(n), int(n_keys), int(d.qk_dim), d.scale,
                  q + r.token * ldq + h * d.qk_dim, int(ldq), K, int(d.qk_dim), 0.0f, S, int(n_keys));
      for (int64_t i = 0; i < n; ++i) {
        float* row = S + i * n_keys;
        const int64_t visible = r.pos + i + 1;
        softmax_row(kt, row, visible);
        std::fill(row + visible, row + n_keys, 0.0f);
        if (sink) (*sink)(h, r.token + i, row, visible);
      }
      blas::sgemm(blas::no_trans, blas::no_trans, int(n), int(d.v_dim), int(n_keys), 1.0f, S, int(n_keys), V,
                  int(v_stride), 0.0f, out + r.token * ldo + h * d.v_dim, int(ldo));
    }
  }, grain);
}

}  // namespace dsw::cpu
