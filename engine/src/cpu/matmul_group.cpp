// Matmul::run_group: the one-pass GEMVs of several weights that share an input, in one parallel
// region.
//
// A decoded token runs ~170 matmuls; at two threads each one pays for waking the worker, for the
// two streams ramping up and for the join, and a 2048 × 2048 Q4_0 weight (2.4 MB, ~80 µs at full
// bandwidth) is short enough for that to cost 25–30% of its time (docs/performance.md). q / k / v
// and gate / up read the same activations: their rows are concatenated into one list of chunks
// shared between the threads as one weight's chunks are (cpu/gemv_split.h), so a layer has three
// such regions instead of six. Each chunk is a whole number of the weight's grain (16-row groups
// stay whole), so every output row is computed by the same kernel call shape as in Matmul::run,
// bit for bit.
#include "cpu/matmul.h"

#include "cpu/convert.h"
#include "cpu/gemv_split.h"
#include "cpu/packed_quant.h"

#include <dsw/dtype.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>

namespace dsw::cpu {
namespace {

// DSW_MATMUL_GROUP=0 runs the weights of a group one after the other (side-by-side measurements).
bool grouping_on() {
  static const bool on = [] {
    const char* e = std::getenv("DSW_MATMUL_GROUP");
    return !(e && std::strcmp(e, "0") == 0);
  }();
  return on;
}

}  // namespace

void Matmul::run_group(const float* x, int64_t T, int64_t ldx, const Output* outs, int n) {
  if (T <= 0 || n <= 0) return;
  bool fuse = n > 1 && grouping_on();
  for (int i = 0; i < n && fuse; ++i) fuse = takes_gemv(*outs[i].w, T);
  if (!fuse) {
    for (int i = 0; i < n; ++i) run(x, T, ldx, *outs[i].w, outs[i].y, outs[i].ldy);
    return;
  }
  const auto& kt = kernels();
  const int64_t K = outs[0].w->cols;

  // Activations, once per kind: f16-rounded floats for F16 weights, int8 blocks per style for
  // quantised ones (repacked weights take their type's, as unpacked ones).
  const float* xh = nullptr;
  const size_t act_ld = size_t(act_q8_row_bytes(K));
  bool have_act[3] = {false, false, false};
  for (int i = 0; i < n; ++i) {
    const StoredWeight& w = *outs[i].w;
    if (w.packed) {
      have_act[int(wtype_act_style(w.packed->type))] = true;
      continue;
    }
    const DType dt = w.w.dtype();
    if (dt == DType::f16 && !xh) xh = f16_activations(x, T, ldx, K);
    const int wi = wtype_index(dt);
    if (wtype_is_quantized(WType(wi))) have_act[int(wtype_act_style(WType(wi)))] = true;
  }
  for (int s = 0; s < 3; ++s) {
    if (!have_act[s]) continue;
    auto& buf = group_act_[s];
    if (buf.size() < size_t(T) * act_ld) buf.resize(size_t(T) * act_ld);
    kt.quantize_act(x, ldx, K, int(T), ActStyle(s), buf.data(), act_ld);
  }

  // The chunks: per weight about an eighth of a thread's share of that weight, in whole grains
  // (as Matmul::gemv and Matmul::packed split one weight), in the order of the group.
  const int threads = pool_.size();
  group_chunks_.clear();
  for (int i = 0; i < n; ++i) {
    const StoredWeight& w = *outs[i].w;
    const int64_t items = w.packed ? (w.rows + kPackRows - 1) / kPackRows : w.rows;
    const int64_t grain = w.packed ? grain_for_work(double(w.packed->group_bytes), kMinTaskBytes)
                                   : std::max<int64_t>(16, grain_for_work(double(w.w.row_bytes()), kMinTaskBytes));
    const int64_t chunk =
        threads <= 1 ? items : std::max<int64_t>(1, items / (8 * int64_t(threads)) / grain) * grain;
    for (int64_t b = 0; b < items; b += chunk) group_chunks_.push_back({i, b, std::min(items, b + chunk)});
  }

  auto run_chunk = [&](const GroupChunk& c) {
    const Output& o = outs[c.part];
    const StoredWeight& w = *o.w;
    int64_t r0, r1;
    if (w.packed) {
      const PackedWeight& pw = *w.packed;
      r0 = kPackRows * c.begin;
      r1 = std::min(kPackRows * c.end, w.rows);
      kt.gemv_packed[int(pw.type)](pw.group(w.packed_row0 / kPackRows + c.begin), pw.group_bytes, r1 - r0,
                                   group_act_[int(wtype_act_style(pw.type))].data(), act_ld, K, int(T), o.y + r0, o.ldy);
    } else {
      const int wi = wtype_index(w.w.dtype());
      const void* act = w.w.dtype() == DType::f16 ? xh : x;
      size_t ld = size_t(w.w.dtype() == DType::f16 ? K : ldx) * sizeof(float);
      if (wtype_is_quantized(WType(wi))) {
        act = group_act_[int(wtype_act_style(WType(wi)))].data();
        ld = act_ld;
      }
      r0 = c.begin;
      r1 = c.end;
      kt.gemv[wi](w.row(r0), size_t(w.w.row_bytes()), r1 - r0, act, ld, K, int(T), o.y + r0, o.ldy);
    }
    if (!w.bias.empty())
      for (int64_t t = 0; t < T; ++t)
        for (int64_t r = r0; r < r1; ++r) o.y[t * o.ldy + r] += w.bias[size_t(r)];
  };

  // A group too small to pay for a second thread (tiny models) stays on the calling thread, as
  // each of its weights would in Matmul::run.
  double bytes = 0;
  for (int i = 0; i < n; ++i) bytes += double(outs[i].w->bytes());
  const int64_t n_chunks = int64_t(group_chunks_.size());
  if (threads <= 1 || n_chunks < 2 || bytes < 2 * kMinTaskBytes) {
    for (const GroupChunk& c : group_chunks_) run_chunk(c);
    return;
  }
  run_chunks(pool_, n_chunks, gemv_split(), [&](int64_t c, int) { run_chunk(group_chunks_[size_t(c)]); });
}

}  // namespace dsw::cpu
