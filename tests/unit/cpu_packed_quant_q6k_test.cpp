// Q6_K weights repacked into 16-row groups (cpu/packed_quant.h, packed_quant_q6k.cpp) and the
// kernels that read them (kernels_avx512_packed_q6k.inc):
// - dequantising the packed copy gives the source rows' to_f32 values bit for bit (row counts that
//   end inside a group, one to five super-blocks, scales of every int8 value);
// - the portable packed GEMV equals the portable unpacked one (same Q8_K activations) within f32
//   summation-order error, and the exact product within the int8-activation bound;
// - every table's packed GEMV equals the portable packed one, 1–8 activation rows, from group 0
//   and from a later group;
// - Matmul::run on the repacked weight (decode and prefill, 1–3 threads, whole weights and row
//   views from a group boundary and from inside a group) equals the unpacked GEMV row by row.
#include "check.h"
#include "packed_gemv_check.h"
#include "random_tensor.h"

#include <dsw/dtype.h>
#include <dsw/thread_pool.h>

#include "compute/stored_weight.h"
#include "cpu/convert.h"
#include "cpu/kernels.h"
#include "cpu/matmul.h"
#include "cpu/packed_quant.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <random>
#include <vector>

using namespace dsw;
using namespace dsw::cpu;
using dsw::test::abs_dot;
using dsw::test::check_matmul_on_packed;
using dsw::test::check_packed_dequantises;
using dsw::test::check_packed_gemv_1_to_8;
using dsw::test::SourceRows;
using dsw::test::randn;

namespace {

constexpr WType kT = WType::q6_k;

// Random valid Q6_K rows: random ql / qh / scale bytes (every int8 scale, −128 included), fp16 d of
// either sign.
std::vector<uint8_t> random_q6_k(int64_t rows, int64_t K, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_real_distribution<float> d(-0.0005f, 0.0005f);
  std::vector<uint8_t> w(size_t(rows * (K / 256) * 210));
  for (auto& b : w) b = uint8_t(byte(rng));
  for (size_t i = 0; i < w.size(); i += 210) {
    if ((i / 210) % 7 == 0) w[i + 192 + (i / 210) % 16] = 0x80;  // sc = −128 now and then
    const uint16_t h = f32_to_f16(d(rng));
    std::memcpy(&w[i + 208], &h, 2);
  }
  return w;
}


SourceRows source(int64_t rows, int64_t K, uint32_t seed) { return SourceRows(kT, rows, K, random_q6_k(rows, K, seed)); }

}  // namespace

DSW_TEST(packed_q6_k_dequantises_to_the_source_values) {
  for (int64_t rows : {int64_t(1), int64_t(15), int64_t(16), int64_t(17), int64_t(40)})
    for (int64_t K : {int64_t(256), int64_t(512), int64_t(1280)})
      check_packed_dequantises(kT, source(rows, K, uint32_t(rows * 1000 + K)), K / 256 * kQ6KSuperBytes);
}

DSW_TEST(packed_q6_k_gemv_matches_the_unpacked_one_and_every_table) {
  int compared = 0;
  for (int64_t rows : {int64_t(7), int64_t(16), int64_t(45)})
    for (int64_t K : {int64_t(256), int64_t(768), int64_t(1280)})
      compared += check_packed_gemv_1_to_8(kT, source(rows, K, uint32_t(rows * 77 + K)), randn(size_t(8 * K), uint32_t(K + rows)), 256,
                                           1.01);
  std::printf("    packed q6_k GEMV rows compared on this CPU: %d\n", compared);
}

DSW_TEST(matmul_on_packed_q6_k_equals_the_unpacked_gemv) {
  // 367 rows (a partial last group) × 1280: large enough that 2 and 3 threads split it.
  const SourceRows c = source(367, 1280, 4242);
  const int runs = check_matmul_on_packed({kT, DType::q6_k, c.w.data(), c.rb, c.wf.data(), c.rows, c.K}, {1, 3, 8, 9, 33});
  if (runs == 0) SKIP("the chosen kernel table has no packed q6_k rows (no AVX-512, or DSW_CPU_NO_REPACK)");
  std::printf("    Matmul runs compared: %d\n", runs);
}
