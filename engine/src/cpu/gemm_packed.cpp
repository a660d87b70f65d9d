// Packed prefill orchestration: activation scales, panels, threads (see gemm_packed.h).
#include "cpu/gemm_packed.h"

#include "cpu/cpu_features.h"
#include "cpu/kernels.h"
#include "cpu/packed_quant.h"

#include <algorithm>
#include <cstring>

namespace dsw::cpu {
namespace {

template <class T>
T* aligned64(std::vector<T>& v, size_t n) {
  if (v.size() < n + 64 / sizeof(T)) v.resize(n + 64 / sizeof(T));
  auto addr = reinterpret_cast<uintptr_t>(v.data());
  return reinterpret_cast<T*>((addr + 63) / 64 * 64);
}

// One Q4_0 group into the Q8_0 layout (u = the nibble, 0..15) that the AMX tile reads.
void unpack_q4_group(const uint8_t* src, int64_t pairs, uint8_t* dst) {
  constexpr int kSrcPair = 2 * 256 + 64, kDstPair = 2 * 512 + 64;
  for (int64_t p = 0; p < pairs; ++p) {
    const uint8_t* s = src + p * kSrcPair;
    uint8_t* d = dst + p * kDstPair;
    for (int h = 0; h < 2; ++h)
      for (int v = 0; v < 4; ++v)
        for (int i = 0; i < 64; ++i) {
          const uint8_t byte = s[256 * h + 64 * v + i];
          d[512 * h + 64 * v + i] = byte & 15;
          d[512 * h + 64 * (v + 4) + i] = byte >> 4;
        }
    std::memcpy(d + 1024, s + 512, 64);
  }
}

}  // namespace

PackedGemm packed_gemm_kind() { return cpu_features().amx_int8 ? PackedGemm::amx : PackedGemm::gemv_panels; }

void packed_gemm(ThreadPool& pool, PackedGemm kind, const StoredWeight& w, const uint8_t* act, size_t act_ld, int64_t T, float* y,
                 int64_t ldy, PackedGemmScratch& s, double min_task_macs) {
  const PackedWeight& pw = *w.packed;
  const int64_t K = w.cols, N = w.rows, nb = K / 32, G = (N + kPackRows - 1) / kPackRows;
  const int64_t g_first = w.packed_row0 / kPackRows;
  const size_t nt = size_t(pool.size());

  if (kind == PackedGemm::gemv_panels) {
    // The decode GEMV on L2-sized panels of groups, eight activation rows per pass over a panel.
    const GemvPackedFn fn = kernels().gemv_packed[int(pw.type)];
    const int64_t per_panel = std::clamp<int64_t>((int64_t(512) << 10) / pw.group_bytes, 1, 16);
    const int64_t panels = (G + per_panel - 1) / per_panel;
    pool.parallel_for(panels, [&](int64_t p0, int64_t p1, int) {
      for (int64_t pn = p0; pn < p1; ++pn) {
        const int64_t g0 = pn * per_panel, rows = std::min(kPackRows * (g0 + per_panel), N) - kPackRows * g0;
        for (int64_t t0 = 0; t0 < T; t0 += kMaxDotRows)
          fn(pw.group(g_first + g0), pw.group_bytes, rows, act + size_t(t0) * act_ld, act_ld, K, int(std::min<int64_t>(kMaxDotRows, T - t0)),
             y + t0 * ldy + kPackRows * g0, ldy);
      }
    }, grain_for_work(double(T) * double(per_panel * kPackRows) * double(K), min_task_macs));
    return;
  }

  // Per 32-row block of activations and per weight block: d_a and off · s_a, 32 rows contiguous.
  const int64_t Tp = (T + 31) / 32 * 32;
  const float off = pw.type == WType::q8_0 ? -128.0f : pw.type == WType::q5_0 ? -16.0f : -8.0f;
  if (s.scales.size() < size_t(2 * Tp * nb)) s.scales.resize(size_t(2 * Tp * nb));
  float* da = s.scales.data();
  float* ca = da + Tp * nb;
  pool.parallel_for(Tp, [&](int64_t t0, int64_t t1, int) {
    for (int64_t t = t0; t < t1; ++t) {
      const uint8_t* row = act + size_t(t) * act_ld;
      const float* d = act_q8_d(row, K);
      const float* sm = act_q8_s(row, K);
      const int64_t base = (t / 32) * nb * 32 + t % 32;
      for (int64_t b = 0; b < nb; ++b) {
        da[base + 32 * b] = d[2 * b];
        ca[base + 32 * b] = off * (sm[2 * b] + sm[2 * b + 1]);
      }
    }
  }, grain_for_work(double(nb), 4096));

  // Panels of up to eight groups (128 outputs) whose weights stay in L2 while every 32-row block of
  // activations passes over them.
  const bool q4 = pw.type == WType::q4_0 || pw.type == WType::q5_0;  // unpacked to bytes per panel
  const int64_t unpacked_group = pw.pairs * (2 * 512 + 64);
  const int64_t per_panel = std::clamp<int64_t>((int64_t(1) << 20) / unpacked_group, 2, 8) / 2 * 2;
  const int64_t panels = (G + per_panel - 1) / per_panel;
  s.unpacked.resize(nt);
  s.tile.resize(nt);
  pool.parallel_for(panels, [&](int64_t p0, int64_t p1, int tid) {
    uint8_t* unpacked = q4 ? aligned64(s.unpacked[size_t(tid)], size_t(per_panel * unpacked_group)) : nullptr;
    float* c = aligned64(s.tile[size_t(tid)], 3 * 1024);
    auto* sums = reinterpret_cast<int32_t*>(c + 1024);
    const uint8_t* gp[16];
    amx_int8_begin();
    for (int64_t pn = p0; pn < p1; ++pn) {
      const int64_t gs = pn * per_panel, ng = std::min(per_panel, G - gs);
      for (int64_t i = 0; i < ng; ++i) {
        gp[i] = pw.group(g_first + gs + i);
        if (q4) {
          if (pw.type == WType::q5_0) unpack_q5_0_group(gp[i], pw.pairs, unpacked + i * unpacked_group);
          else unpack_q4_group(gp[i], pw.pairs, unpacked + i * unpacked_group);
          gp[i] = unpacked + i * unpacked_group;
        }
      }
      for (int64_t m0 = 0; m0 < Tp; m0 += 32) {
        const int64_t rows = std::min<int64_t>(32, T - m0);
        for (int64_t i = 0; i < ng; i += 2) {
          amx_int8_tile(act + size_t(m0) * act_ld, act_ld, da + m0 * nb, ca + m0 * nb, gp[i], gp[i + 1 < ng ? i + 1 : i], nb, c, sums);
          const int64_t n0 = kPackRows * (gs + i), cols = std::min<int64_t>(32, N - n0);
          for (int64_t r = 0; r < rows; ++r) std::memcpy(y + (m0 + r) * ldy + n0, c + 32 * r, size_t(cols) * sizeof(float));
        }
      }
    }
    amx_int8_end();
  }, grain_for_work(double(Tp) * double(per_panel * kPackRows) * double(K), min_task_macs));
}

}  // namespace dsw::cpu
