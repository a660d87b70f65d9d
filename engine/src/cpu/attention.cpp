// Attention: per (run, head) task; vector loops for short runs, sgemm for long ones.
#include "cpu/attention.h"

#include "cpu/kernels.h"

#include "cpu/blas.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace dsw::cpu {
namespace {

struct SoftmaxResult {
  float max = 0, log_sum_exp = 0;
};

// Softmax of row[0..n) in place, max-subtracted; the sum in double and the scale float(1 / sum),
// as ggml's soft_max computes it (an f32 sum and 1.0f / sum differ in the last bit of the scale
// for some rows, and every probability of the row with it).
SoftmaxResult softmax_row(const KernelTable& kt, float* row, int64_t n) {
  float m = -std::numeric_limits<float>::infinity();
  for (int64_t i = 0; i < n; ++i) m = std::max(m, row[i]);
  const double sum = kt.exp_shift_sum_f64(row, m, n);
  const float inv = float(1.0 / sum);
  for (int64_t i = 0; i < n; ++i) row[i] *= inv;
  return {m, m + float(std::log(sum))};
}

// Multiply-adds a task must do to be worth a thread (~15-30 µs).
constexpr double kMinTaskMacs = 256 * 1024;
// The same when every run has at most 4 rows (decode): each multiply-add then reads its own 4 bytes
// of cached keys or values, so a task costs the time to stream them (256 KiB, ~15-20 µs on one core)
// rather than to compute. With 256K, a 16-head layer of 128-dim heads stayed on one thread up to
// 128 keys (1.6 MB of keys and values per layer at 100 keys) while the other thread waited.
constexpr double kMinDecodeTaskMacs = 64 * 1024;

}  // namespace

void Attention::run(const float* q, int64_t ldq, const std::vector<SeqRun>& runs, KvCache& cache, int64_t layer,
                    const AttentionDims& d, float* out, int64_t ldo, const ProbsSink* sink) {
  const auto& kt = kernels();
  const int64_t group = d.n_heads / d.n_kv_heads;
  const int64_t tasks = int64_t(runs.size()) * d.n_heads;
  const bool want_logits = sink && sink->want_logits;
  const bool want_split = sink && sink->want_split && d.position_from > 0 && d.position_from < d.qk_dim;
  // Work of an average (run, head) task in multiply-adds; tasks are grouped so that each thread's
  // share is worth waking it (decode of a small model at short context stays on one thread).
  double work = 0;
  bool decode = true;
  for (const SeqRun& r : runs) {
    work += double(r.n_tokens) * double(r.pos + r.n_tokens) * double(d.qk_dim + d.v_dim);
    decode = decode && (r.n_tokens <= 4 || invariant_);
  }
  const int64_t grain = grain_for_work(work / double(std::max<int64_t>(int64_t(runs.size()), 1)),
                                       decode ? kMinDecodeTaskMacs : kMinTaskMacs);
  pool_.parallel_for(tasks, [&](int64_t t0, int64_t t1, int tid) {
    ThreadScratch& ts = scratch_[size_t(tid)];
    for (int64_t task = t0; task < t1; ++task) {
      const SeqRun& r = runs[size_t(task / d.n_heads)];
      const int64_t h = task % d.n_heads, kvh = h / group;
      const float* K = cache.k(layer, r.seq, kvh);
      const float* V = d.values_in_keys ? K : cache.v(layer, r.seq, kvh);
      const int64_t v_stride = d.values_in_keys ? d.qk_dim : d.v_dim;
      const int64_t n_keys = r.pos + r.n_tokens;  // keys visible to the last token of the run
      if (sink) {
        if (want_logits && int64_t(ts.logits.size()) < n_keys) ts.logits.resize(size_t(n_keys));
        if (want_split && int64_t(ts.position.size()) < n_keys) ts.position.resize(size_t(n_keys));
      }
      // Softmax of one row of scores in place, then hand it to the sink (copying the scores and
      // computing their rotary part first when asked; `position` is that part when the caller has
      // it already, from the run's block).
      auto finish_row = [&](float* row, int64_t batch_row, int64_t visible, const float* position) {
        if (!sink) {
          softmax_row(kt, row, visible);
          return;
        }
        AttentionRow ar;
        if (want_logits) {
          std::memcpy(ts.logits.data(), row, size_t(visible) * sizeof(float));
          ar.logits = ts.logits.data();
        }
        if (want_split && position) {
          ar.position = position;
        } else if (want_split) {
          const int64_t P = d.position_from, R = d.qk_dim - P;
          const float* qr = q + batch_row * ldq + h * d.qk_dim + P;
          for (int64_t j = 0; j < visible; ++j) ts.position[size_t(j)] = kt.dot_f32(qr, K + j * d.qk_dim + P, R) * d.scale;
          ar.position = ts.position.data();
        }
        const SoftmaxResult sm = softmax_row(kt, row, visible);
        ar.head = h;
        ar.batch_row = batch_row;
        ar.n_keys = visible;
        ar.probs = row;
        ar.max_logit = sm.max;
        ar.log_sum_exp = sm.log_sum_exp;
        sink->fn(ar);
      };
      if (r.n_tokens <= 4 || invariant_) {
        if (int64_t(ts.scores.size()) < n_keys) ts.scores.resize(size_t(n_keys));
        float* buf = ts.scores.data();
        for (int64_t i = 0; i < r.n_tokens; ++i) {
          const int64_t row = r.token + i, visible = r.pos + i + 1;
          const float* qi = q + row * ldq + h * d.qk_dim;
          for (int64_t j = 0; j < visible; ++j) buf[j] = kt.dot_f32(qi, K + j * d.qk_dim, d.qk_dim) * d.scale;
          finish_row(buf, row, visible, nullptr);
          float* o = out + row * ldo + h * d.v_dim;
          std::fill(o, o + d.v_dim, 0.0f);
          for (int64_t j = 0; j < visible; ++j) kt.axpy(buf[j], V + j * v_stride, o, d.v_dim);
        }
        continue;
      }
      // S = scale · Q Kᵀ for the run's rows, then mask, softmax and O = S V.
      const int64_t n = r.n_tokens;
      if (int64_t(ts.scores.size()) < n * n_keys) ts.scores.resize(size_t(n * n_keys));
      float* S = ts.scores.data();
      blas::sgemm(blas::no_trans, blas::trans, int(n), int(n_keys), int(d.qk_dim), d.scale,
                  q + r.token * ldq + h * d.qk_dim, int(ldq), K, int(d.qk_dim), 0.0f, S, int(n_keys));
      // The rotary part of the same block, when asked: one more (thin) product over the rotary
      // columns rather than a dot per score, which would stream the keys once per row.
      float* Sp = nullptr;
      if (want_split) {
        const int64_t P = d.position_from, R = d.qk_dim - P;
        if (int64_t(ts.position_block.size()) < n * n_keys) ts.position_block.resize(size_t(n * n_keys));
        Sp = ts.position_block.data();
        blas::sgemm(blas::no_trans, blas::trans, int(n), int(n_keys), int(R), d.scale, q + r.token * ldq + h * d.qk_dim + P, int(ldq),
                    K + P, int(d.qk_dim), 0.0f, Sp, int(n_keys));
      }
      for (int64_t i = 0; i < n; ++i) {
        float* row = S + i * n_keys;
        const int64_t visible = r.pos + i + 1;
        finish_row(row, r.token + i, visible, Sp ? Sp + i * n_keys : nullptr);
        std::fill(row + visible, row + n_keys, 0.0f);
      }
      blas::sgemm(blas::no_trans, blas::no_trans, int(n), int(d.v_dim), int(n_keys), 1.0f, S, int(n_keys), V,
                  int(v_stride), 0.0f, out + r.token * ldo + h * d.v_dim, int(ldo));
    }
  }, grain);
}

}  // namespace dsw::cpu
