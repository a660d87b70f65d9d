// Repacking Q8_0 / Q4_0 (and, through packed_quant_k.cpp, Q4_K) weights into 16-row groups (layout: packed_quant.h), dequantising them
// back, and the portable packed GEMV that the SIMD ones are tested against.
#include "cpu/packed_quant.h"

#include "compute/stored_weight.h"
#include "core/mapped_file.h"
#include "cpu/convert.h"

#include <dsw/dtype.h>

#include <sys/mman.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

namespace dsw::cpu {
namespace {

// 64-byte aligned, zeroed memory; 2 MiB aligned and marked for transparent huge pages when large
// (fewer TLB misses for a stream of hundreds of MiB; Linux's "madvise" THP mode needs the hint).
// Only the whole huge pages are marked, and only `bytes` are touched: a marked tail would be backed
// by a whole 2 MiB page (a 2048 × 2048 Q4_K weight is 2.4 MB: 1.6 MB more resident per weight,
// ~250 MB for a 1.3B model).
std::shared_ptr<uint8_t> alloc_packed(uint64_t bytes) {
  constexpr uint64_t kHuge = uint64_t(2) << 20;
  const uint64_t align = bytes >= kHuge ? kHuge : 64;
  const uint64_t size = (bytes + align - 1) / align * align;
  void* p = std::aligned_alloc(size_t(align), size_t(size));
  if (!p) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  if (align == kHuge) ::madvise(p, size_t(bytes / kHuge * kHuge), MADV_HUGEPAGE);
#endif
  std::memset(p, 0, size_t((bytes + 63) / 64 * 64));
  return std::shared_ptr<uint8_t>(static_cast<uint8_t*>(p), [](uint8_t* q) { std::free(q); });
}

constexpr int quant_bytes(WType t) { return t == WType::q8_0 ? 512 : 256; }

// The quants of row n, block-local column k (0..31), from a packed block, as u (see the header).
inline int packed_u(WType t, const uint8_t* qb, int n, int k) {
  if (t == WType::q8_0) return qb[64 * (k / 4) + 4 * n + k % 4];
  const uint8_t byte = qb[64 * ((k % 16) / 4) + 4 * n + k % 4];
  return k < 16 ? byte & 15 : byte >> 4;
}

}  // namespace

std::shared_ptr<const PackedWeight> pack_weight(WType t, const uint8_t* w, size_t row_bytes, int64_t rows, int64_t cols) {
  auto p = std::make_shared<PackedWeight>();
  p->type = t;
  p->rows = rows;
  p->cols = cols;
  const bool k4 = t == WType::q4_k, k5 = t == WType::q5_k, k6 = t == WType::q6_k;
  const int64_t super_bytes = packed_super_bytes(t);  // K-quants: 256-column super-blocks
  p->blocks = super_bytes ? cols / 256 : cols / 32;
  p->pairs = super_bytes ? p->blocks : (p->blocks + 1) / 2;
  p->group_bytes = p->pairs * (super_bytes ? super_bytes : packed_pair_bytes(t));
  const int64_t groups = (rows + kPackRows - 1) / kPackRows;
  p->bytes = uint64_t(groups) * uint64_t(p->group_bytes);
  p->data = alloc_packed(p->bytes);
  if (k4) {
    pack_q4_k(w, row_bytes, rows, p->blocks, p->data.get());
    return p;
  }
  if (wtype_is_q5(t)) {
    pack_q5(t, w, row_bytes, rows, p->blocks, p->group_bytes, p->data.get());
    return p;
  }
  if (k5) {
    pack_q5_k(w, row_bytes, rows, p->blocks, p->data.get());
    return p;
  }
  if (k6) {
    pack_q6_k(w, row_bytes, rows, p->blocks, p->data.get());
    return p;
  }
  const int qbytes = quant_bytes(t), src_block = t == WType::q8_0 ? 34 : 18;
  for (int64_t g = 0; g < groups; ++g) {
    uint8_t* gp = p->data.get() + uint64_t(g) * uint64_t(p->group_bytes);
    for (int n = 0; n < kPackRows && kPackRows * g + n < rows; ++n) {
      const uint8_t* row = w + size_t(kPackRows * g + n) * row_bytes;
      for (int64_t b = 0; b < p->blocks; ++b) {
        const uint8_t* blk = row + b * src_block;
        uint8_t* pair = gp + (b / 2) * packed_pair_bytes(t);
        uint8_t* qb = pair + (b % 2) * qbytes;
        std::memcpy(pair + 2 * qbytes + 32 * (b % 2) + 2 * n, blk, 2);  // the fp16 d
        // Four columns at a time: Q8_0 line j takes q[4j..4j+3] + 128; Q4_0 vector v takes the
        // source bytes qs[4v..4v+3] as they are (low nibbles: columns 4v.., high: 4v + 16..).
        for (int j = 0; j < (t == WType::q8_0 ? 8 : 4); ++j) {
          uint32_t v;
          std::memcpy(&v, blk + 2 + 4 * j, 4);
          if (t == WType::q8_0) v ^= 0x80808080u;
          std::memcpy(qb + 64 * j + 4 * n, &v, 4);
        }
      }
    }
  }
  return p;
}

bool repack_enabled() {
  const char* e = std::getenv("DSW_CPU_NO_REPACK");
  return !(e && *e && std::strcmp(e, "0") != 0);
}

uint64_t pack_for_cpu(StoredWeight& w) {
  if (w.packed || !w.defined() || !w.w.on_host()) return 0;
  const int wi = wtype_index(w.dtype());
  if (wi < 0 || !wtype_packs(WType(wi)) || !kernels().gemv_packed[wi] || w.cols % kWTypeGeometry[wi].block_elems) return 0;
  if (!repack_enabled()) return 0;
  w.packed = pack_weight(WType(wi), static_cast<const uint8_t*>(w.w.data()), size_t(w.w.row_bytes()), w.rows, w.cols);
  w.packed_row0 = 0;
  MappedFile::release(w.w.data(), w.w.nbytes());
  return w.packed->bytes;
}

void packed_rows_to_f32(const PackedWeight& p, int64_t r0, int64_t n, float* out) {
  if (p.type == WType::q4_k) {
    packed_q4_k_rows_to_f32(p, r0, n, out);
    return;
  }
  if (wtype_is_q5(p.type)) {
    packed_q5_rows_to_f32(p, r0, n, out);
    return;
  }
  if (p.type == WType::q5_k) {
    packed_q5_k_rows_to_f32(p, r0, n, out);
    return;
  }
  if (p.type == WType::q6_k) {
    packed_q6_k_rows_to_f32(p, r0, n, out);
    return;
  }
  const int qbytes = quant_bytes(p.type);
  const float off = p.type == WType::q8_0 ? -128.0f : -8.0f;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = r0 + i, g = r / kPackRows;
    const int rn = int(r % kPackRows);
    for (int64_t b = 0; b < p.blocks; ++b) {
      const uint8_t* pair = p.group(g) + (b / 2) * packed_pair_bytes(p.type);
      uint16_t h;
      std::memcpy(&h, pair + 2 * qbytes + 32 * (b % 2) + 2 * rn, 2);
      const float d = f16_to_f32(h), bias = off * d;
      // a·u then + b, unfused, exactly as every table's to_f32 (kernels_generic_quant.cpp).
      for (int k = 0; k < 32; ++k) {
        const float prod = d * float(packed_u(p.type, pair + (b % 2) * qbytes, rn, k));
        out[i * p.cols + 32 * b + k] = prod + bias;
      }
    }
  }
}

void gemv_packed_generic(WType t, const uint8_t* groups, int64_t group_bytes, int64_t n_rows, const void* act, size_t act_ld,
                         int64_t K, int T, float* y, int64_t ldy) {
  if (t == WType::q4_k) {
    gemv_packed_q4_k_generic(groups, group_bytes, n_rows, act, act_ld, K, T, y, ldy);
    return;
  }
  if (wtype_is_q5(t)) {
    gemv_packed_q5_generic(t, groups, group_bytes, n_rows, act, act_ld, K, T, y, ldy);
    return;
  }
  if (t == WType::q5_k) {
    gemv_packed_q5_k_generic(groups, group_bytes, n_rows, act, act_ld, K, T, y, ldy);
    return;
  }
  if (t == WType::q6_k) {
    gemv_packed_q6_k_generic(groups, group_bytes, n_rows, act, act_ld, K, T, y, ldy);
    return;
  }
  const int qbytes = quant_bytes(t);
  const float off = t == WType::q8_0 ? -128.0f : -8.0f;
  const int64_t blocks = K / 32, G = (n_rows + kPackRows - 1) / kPackRows;
  const auto* a = static_cast<const uint8_t*>(act);
  for (int64_t g = 0; g < G; ++g) {
    float acc[kMaxDotRows][kPackRows] = {};
    for (int64_t b = 0; b < blocks; ++b) {
      const uint8_t* pair = groups + g * group_bytes + (b / 2) * packed_pair_bytes(t);
      const uint8_t* qb = pair + (b % 2) * qbytes;
      for (int t_ = 0; t_ < T; ++t_) {
        const uint8_t* ar = a + size_t(t_) * act_ld;
        const auto* q = reinterpret_cast<const int8_t*>(ar) + 32 * b;
        const float da = act_q8_d(ar, K)[2 * b];
        const float* s = act_q8_s(ar, K) + 2 * b;
        const float ca = off * (s[0] + s[1]);
        for (int n = 0; n < kPackRows; ++n) {
          int32_t isum = 0;
          for (int k = 0; k < 32; ++k) isum += packed_u(t, qb, n, k) * int32_t(q[k]);
          uint16_t h;
          std::memcpy(&h, pair + 2 * qbytes + 32 * (b % 2) + 2 * n, 2);
          // Fused, as the SIMD rows compute it: d_w · (d_a · Σ u·q + off · s_a).
          acc[t_][n] = std::fma(std::fma(float(isum), da, ca), f16_to_f32(h), acc[t_][n]);
        }
      }
    }
    for (int t_ = 0; t_ < T; ++t_)
      for (int n = 0; n < kPackRows && kPackRows * g + n < n_rows; ++n) y[t_ * ldy + kPackRows * g + n] = acc[t_][n];
  }
}

}  // namespace dsw::cpu
