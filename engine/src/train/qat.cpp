// QAT: fake-quantised Linear weights with the straight-through estimator (see qat.h).
#include "train/qat.h"

#include "core/error.h"
#include "cpu/convert.h"
#include "cpu/matmul.h"
#include "quant/plan.h"

#include <map>

namespace dsw::train {

void fake_quantize(const quant::Codec& codec, const float* w, int64_t rows, float* wq, uint8_t* mask) {
  // The fit and the rounding of quant::rtn_rows, kept as values instead of packed codes.
  const int64_t n = codec.row_length(), per_group = codec.group() / codec.sub();
  std::vector<quant::SubParams> params(size_t(n / codec.group() * per_group));
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = w + r * n;
    for (int64_t c0 = 0; c0 < n; c0 += codec.group()) codec.fit(row, c0, params.data() + (c0 / codec.group()) * per_group);
    for (int64_t c = 0; c < n; ++c) {
      const quant::SubParams& p = params[size_t((c / codec.group()) * per_group + (c % codec.group()) / codec.sub())];
      wq[r * n + c] = codec.quant_dequant(row[c], p);
      mask[r * n + c] = codec.code_in_range(row[c], p) ? 1 : 0;
    }
  }
}

QatState::QatState(const QatConfig& config, const ModelConfig& model, const std::vector<TrainLinear*>& linears, Linear& embedding,
                   TrainLinear* tied_head) {
  if (config.bits != 4 && config.bits != 8) fail_invalid("QAT: bits must be 4 or 8");
  const bool tied = tied_head != nullptr;
  QuantizeOptions o;
  o.method = QuantMethod::rtn;
  o.bits = config.bits;
  o.group = config.group;
  throw_if_error(validate_quantize_options(o));
  std::vector<const Linear*> plain;
  std::map<const Linear*, TrainLinear*> owner;
  for (TrainLinear* l : linears) {
    plain.push_back(&l->lin);
    owner[&l->lin] = l;
  }
  if (tied) owner[&embedding] = tied_head;  // the plan decides a tied head as the embedding
  for (auto& p : quant::make_plan(model, plain, embedding, tied, o)) {
    auto it = owner.find(p.linear);
    if (it == owner.end() || (!p.codec && !p.convert_to)) continue;  // the embedding, routers and kept Linears
    Entry e;
    e.l = it->second;
    e.codec = p.codec;
    if (p.convert_to) e.fallback = *p.convert_to;
    const int64_t rows = e.l->out(), cols = e.l->in();
    if (!e.l->full) {  // frozen base: quantised once from its stored values
      e.source.resize(size_t(rows * cols));
      cpu::weight_rows_to_f32(e.l->lin.base(), 0, rows, e.source.data());
    }
    e.wq.resize(size_t(rows * cols));
    e.mask.assign(size_t(rows * cols), 1);
    StoredWeight w = StoredWeight::f32_view(Tensor(DType::f32, Shape{rows, cols}, e.wq.data(), Device{}, nullptr));
    w.bias = e.l->lin.base().bias;
    if (tied && e.l == tied_head) embedding.set_base(w);
    e.l->lin.set_base(w);
    e.l->base_only.set_base(std::move(w));
    entries_.push_back(std::move(e));
  }
  refresh();
  // A frozen base never changes: its source copy is no longer needed.
  for (auto& e : entries_) std::vector<float>().swap(e.source);
}

void QatState::refresh() {
  for (auto& e : entries_) {
    if (!e.l->full && e.source.empty()) continue;  // frozen, already quantised
    const float* w = e.l->full ? e.l->full->data.data() : e.source.data();
    const int64_t rows = e.l->out(), cols = e.l->in();
    if (e.codec) {
      fake_quantize(*e.codec, w, rows, e.wq.data(), e.mask.data());
    } else {  // a plain-dtype fallback (rows the codec cannot store): round through that dtype
      std::vector<uint8_t> tmp(size_t(rows * cols) * 4);
      cpu::from_f32(w, e.fallback, tmp.data(), rows * cols);
      cpu::to_f32(e.fallback, tmp.data(), e.wq.data(), rows * cols);
    }
  }
}

void QatState::mask_gradients() {
  for (auto& e : entries_) {
    if (!e.l->full || !e.l->full->touched) continue;
    float* g = e.l->full->g();
    for (size_t i = 0; i < e.mask.size(); ++i)
      if (!e.mask[i]) g[i] = 0.0f;
  }
}

}  // namespace dsw::train
