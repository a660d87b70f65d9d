// Matmul::run_group (weights that share an input, in one parallel region) gives each output bit
// for bit what Matmul::run gives for that weight alone, on 1, 2, 3 and 4 threads (however
// cpu/gemv_split.h shares the chunks: each thread's own run, then others' from the back): float weights
// (f32, bf16, f16 with its f16 activations), quantised ones of several activation styles in one
// group (Q4_K_M's q4_k / q6_k mix, q8_0 beside q4_0 and bf16), repacked q8_0 / q4_0 / q4_k / q6_k
// (beside unpacked q6_k, whose activations are the same Q8_K blocks) and a row view that starts
// inside a repacked group, biases, wide row strides, 1–8 rows (the fused GEMV) and 9 rows (each
// weight on its own path), weights large enough to be split into many chunks and small enough to
// stay on one thread, and the batch-invariant mode.
#include "check.h"
#include "random_tensor.h"

#include <dsw/dtype.h>
#include <dsw/thread_pool.h>

#include "cpu/convert.h"
#include "cpu/matmul.h"
#include "cpu/packed_quant.h"
#include "quant/codec.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace dsw;
using namespace dsw::cpu;
using dsw::test::randn;

namespace {

enum class Kind { f32, bf16, f16, q8_0, q4_0, q4_k, q6_k, q8_0_packed, q4_0_packed, q4_k_packed, q6_k_packed };

bool packed_kind(Kind k) { return k == Kind::q8_0_packed || k == Kind::q4_0_packed || k == Kind::q4_k_packed || k == Kind::q6_k_packed; }

StoredWeight make_weight(Kind kind, int64_t N, int64_t K, uint32_t seed, bool bias) {
  const auto wf = randn(size_t(N * K), seed, 0.05f);
  StoredWeight w;
  w.rows = N;
  w.cols = K;
  if (bias) w.bias = randn(size_t(N), seed + 7);
  if (kind == Kind::f32 || kind == Kind::bf16 || kind == Kind::f16) {
    const DType dt = kind == Kind::f32 ? DType::f32 : kind == Kind::bf16 ? DType::bf16 : DType::f16;
    w.w = Tensor::host(dt, {N, K});
    from_f32(wf.data(), dt, w.w.data(), N * K);
    return w;
  }
  using quant::CodecKind;
  const CodecKind ck = kind == Kind::q4_k || kind == Kind::q4_k_packed ? CodecKind::q4_k
                       : kind == Kind::q6_k || kind == Kind::q6_k_packed ? CodecKind::q6_k
                       : kind == Kind::q8_0 || kind == Kind::q8_0_packed ? CodecKind::q8_0
                                                                          : CodecKind::q4_0;
  const quant::Codec codec(ck, ck == CodecKind::q8_0 ? 8 : 4, 32, K);
  w.w = Tensor::host(codec.stored_dtype(), {N, K});
  quant::rtn_rows(codec, wf.data(), N, static_cast<uint8_t*>(w.w.data()), nullptr);
  if (packed_kind(kind)) pack_for_cpu(w);  // no-op without AVX-512 tables
  return w;
}

struct Case {
  std::string name;
  std::vector<StoredWeight> ws;
};

// Every output of run_group against run() on the same pool, and against run() on one thread.
int compare_group(Matmul& mm, int threads, Matmul& one, const Case& c, int64_t T) {
  const int64_t K = c.ws[0].cols, ldx = K + 3;
  const auto x = randn(size_t(T * ldx), uint32_t(T * 31 + c.ws.size()));
  std::vector<std::vector<float>> got(c.ws.size()), want(c.ws.size()), want1(c.ws.size());
  std::vector<Matmul::Output> outs;
  for (size_t i = 0; i < c.ws.size(); ++i) {
    const int64_t N = c.ws[i].rows, ldy = N + 5;
    got[i].assign(size_t(T * ldy), -1.0f);
    want[i].assign(size_t(T * ldy), -1.0f);
    want1[i].assign(size_t(T * ldy), -1.0f);
    outs.push_back({&c.ws[i], got[i].data(), ldy});
  }
  mm.run_group(x.data(), T, ldx, outs.data(), int(outs.size()));
  int bad = 0;
  for (size_t i = 0; i < c.ws.size(); ++i) {
    const int64_t ldy = c.ws[i].rows + 5;
    mm.run(x.data(), T, ldx, c.ws[i], want[i].data(), ldy);
    one.run(x.data(), T, ldx, c.ws[i], want1[i].data(), ldy);
    const size_t bytes = got[i].size() * sizeof(float);
    if (std::memcmp(got[i].data(), want[i].data(), bytes) != 0 || std::memcmp(got[i].data(), want1[i].data(), bytes) != 0) {
      std::printf("    %s: weight %zu differs at T=%lld on %d threads\n", c.name.c_str(), i, (long long)T, threads);
      ++bad;
    }
  }
  return bad;
}

}  // namespace

DSW_TEST(a_group_gives_each_weight_what_run_gives_it) {
  const int64_t K = 512;
  std::vector<Case> cases;
  cases.push_back({"f32 / bf16 / f16, biases", {make_weight(Kind::bf16, 1024, K, 1, true), make_weight(Kind::f32, 70, K, 2, true),
                                                make_weight(Kind::f16, 600, K, 3, false)}});
  cases.push_back({"q4_k / q4_k / q6_k (Q4_K_M's q, k, v)", {make_weight(Kind::q4_k, 1024, K, 4, false),
                                                             make_weight(Kind::q4_k, 1024, K, 5, false),
                                                             make_weight(Kind::q6_k, 1030, K, 6, true)}});
  cases.push_back({"q8_0 / q4_0 / bf16", {make_weight(Kind::q8_0, 900, K, 7, false), make_weight(Kind::q4_0, 2000, K, 8, true),
                                          make_weight(Kind::bf16, 300, K, 9, false)}});
  const StoredWeight p8 = make_weight(Kind::q8_0_packed, 1500, K, 10, true);
  const StoredWeight p4 = make_weight(Kind::q4_0_packed, 2050, K, 11, false);
  cases.push_back({"repacked q8_0 / q4_0, a view inside a group", {p8, p4, p4.rows_view(5, 1000), p8.rows_view(16, 700)}});
  const StoredWeight pk = make_weight(Kind::q4_k_packed, 1030, K, 14, true);
  cases.push_back({"repacked q4_k / q6_k (Q4_K_M), a view inside a group", {pk, make_weight(Kind::q6_k, 700, K, 15, false),
                                                                            pk.rows_view(32, 500), pk.rows_view(7, 600)}});
  const StoredWeight p6 = make_weight(Kind::q6_k_packed, 1030, K, 16, false);
  cases.push_back({"repacked q4_k / q6_k beside unpacked q6_k, views", {pk, p6, make_weight(Kind::q6_k, 300, K, 17, true),
                                                                          p6.rows_view(16, 512), p6.rows_view(9, 700)}});
  cases.push_back({"small weights (one thread)", {make_weight(Kind::q8_0_packed, 40, 64, 12, true),
                                                  make_weight(Kind::bf16, 33, 64, 13, true)}});
  std::printf("    repacked weights on this CPU: %s\n", p8.packed ? "yes" : "no (portable tables)");

  ThreadPool single(1);
  Matmul one(single);
  int bad = 0, compared = 0;
  for (int threads : {1, 2, 3, 4}) {
    ThreadPool pool(threads);
    Matmul mm(pool);
    for (bool invariant : {false, true}) {
      mm.set_batch_invariant(invariant);
      one.set_batch_invariant(invariant);
      for (const Case& c : cases)
        for (int64_t T : {int64_t(1), int64_t(2), int64_t(5), int64_t(8), int64_t(9)}) {
          bad += compare_group(mm, threads, one, c, T);
          ++compared;
        }
    }
  }
  std::printf("    groups compared: %d\n", compared);
  CHECK(bad == 0);
}
