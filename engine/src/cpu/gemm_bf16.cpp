// Prefill GEMM orchestration: activation splitting, panel packing, threads (see gemm_bf16.h).
#include "cpu/gemm_bf16.h"

#include "cpu/cpu_features.h"
#include "cpu/gemm_bf16_kernels.h"

#include <algorithm>
#include <cstring>

namespace dsw::cpu {

Bf16Gemm bf16_gemm_kind() {
  const CpuFeatures& f = cpu_features();
  if (f.amx_bf16) return Bf16Gemm::amx;
  if (f.avx512_bf16) return Bf16Gemm::avx512bf16;
  return Bf16Gemm::none;
}

void bf16_gemm(ThreadPool& pool, Bf16Gemm kind, const float* x, int64_t T, int64_t ldx, int64_t K, int64_t N, WeightRows w,
               bool weights_are_bf16, float* y, int64_t ldy, Bf16GemmScratch& s, double min_task_macs, bool exact_f16) {
  const bool amx = kind == Bf16Gemm::amx;
  const bool split_a = true, split_b = !weights_are_bf16;
  const int64_t Kp = (K + 31) / 32 * 32, Tp = (T + kBf16TileRows - 1) / kBf16TileRows * kBf16TileRows;
  const size_t panel = size_t(kBf16PanelRows) * size_t(Kp);  // uint16 per packed panel

  // Activations once, in tile order, shared by all threads; rows [T, Tp) are zero.
  if (s.a_hi.size() < size_t(Tp * Kp)) s.a_hi.resize(size_t(Tp * Kp));
  if (split_a && s.a_lo.size() < size_t(Tp * Kp)) s.a_lo.resize(size_t(Tp * Kp));
  uint16_t* a_lo = split_a ? s.a_lo.data() : nullptr;
  pool.parallel_for(T, [&](int64_t t0, int64_t t1, int) {
    bf16_split_rows_avx512(x + t0 * ldx, ldx, t0, t1 - t0, K, Kp, s.a_hi.data(), a_lo);
  }, grain_for_work(double(K), 64 * 1024));
  if (Tp > T) bf16_split_rows_avx512(nullptr, 0, T, Tp - T, K, Kp, s.a_hi.data(), a_lo);

  // Panels per task: as many as keep the packed weights (hi and lo) within ~1 MiB of L2.
  const int64_t per_group = std::clamp<int64_t>(int64_t(1 << 20) / int64_t(panel * 2 * (split_b ? 2 : 1)), 1, 4);
  const int64_t group_rows = per_group * kBf16PanelRows;
  const int64_t groups = (N + group_rows - 1) / group_rows;
  const size_t nt = size_t(pool.size());
  s.rows.resize(nt);
  s.panels.resize(nt);
  s.tile.resize(nt);
  const int64_t group_grain = grain_for_work(double(Tp) * double(group_rows) * double(K), min_task_macs);
  pool.parallel_for(groups, [&](int64_t g0, int64_t g1, int tid) {
    auto& rows = s.rows[size_t(tid)];
    auto& space = s.panels[size_t(tid)];
    auto& tile = s.tile[size_t(tid)];
    rows.resize(size_t(kBf16PanelRows * K));
    space.resize(panel * size_t(2 * per_group + 2));
    tile.resize(size_t(kBf16TileRows * kBf16PanelRows));
    uint16_t* tmp = space.data() + panel * size_t(2 * per_group);
    if (amx) amx_begin();
    for (int64_t g = g0; g < g1; ++g) {
      const int64_t n_base = g * group_rows;
      int n_panels = 0;
      for (; n_panels < per_group; ++n_panels) {
        const int64_t n0 = n_base + n_panels * kBf16PanelRows;
        if (n0 >= N) break;
        const int nv = int(std::min<int64_t>(kBf16PanelRows, N - n0));
        w.to_f32(w.ctx, n0, nv, rows.data());
        uint16_t* hi = space.data() + panel * size_t(2 * n_panels);
        bf16_pack_panel_avx512(rows.data(), nv, K, Kp, hi, split_b ? hi + panel : nullptr, tmp);
      }
      for (int64_t tb = 0; tb < Tp; tb += kBf16TileRows) {
        const uint16_t* ah = s.a_hi.data() + tb * Kp;
        const uint16_t* al = split_a ? s.a_lo.data() + tb * Kp : nullptr;
        const int64_t rows_valid = std::min<int64_t>(kBf16TileRows, T - tb);
        for (int p = 0; p < n_panels; ++p) {
          const uint16_t* bh = space.data() + panel * size_t(2 * p);
          const uint16_t* bl = split_b ? bh + panel : nullptr;
          if (amx) bf16_tile_amx(ah, al, bh, bl, Kp, tile.data(), exact_f16);
          else bf16_tile_avx512(ah, al, bh, bl, Kp, tile.data());
          const int64_t n0 = n_base + p * kBf16PanelRows;
          const size_t nv = size_t(std::min<int64_t>(kBf16PanelRows, N - n0));
          for (int64_t r = 0; r < rows_valid; ++r)
            std::memcpy(y + (tb + r) * ldy + n0, tile.data() + r * kBf16PanelRows, nv * sizeof(float));
        }
      }
    }
    if (amx) amx_end();
  }, group_grain);
}

}  // namespace dsw::cpu
