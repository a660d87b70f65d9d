// AWQ-style scaling (see header).
#include "quant/awq.h"

#include "cpu/linear_rows.h"
#include "quant/gptq.h"

#include <algorithm>
#include <cmath>

namespace dsw::quant {
namespace {

constexpr int kGrid = 20;          // α = 0, 1/20, ..., 19/20 (llm-awq's n_grid)
constexpr int64_t kSearchRows = 256;

std::string leaf(const std::string& name) {
  const size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(dot + 1);
}

std::string parent(const std::string& name) {
  const size_t dot = name.rfind('.');
  return dot == std::string::npos ? std::string() : name.substr(0, dot);
}

}  // namespace

std::vector<AwqGroup> awq_groups(const ModelConfig& c, const std::vector<LinearPlan>& plan, int64_t layer, const TensorStore& tensors) {
  std::map<std::string, AwqGroup> by_key;
  std::map<std::string, const LinearPlan*> by_name;
  for (const LinearPlan& p : plan) {
    if (p.layer != layer) continue;
    by_name[p.linear->name()] = &p;
    AwqGroup& g = by_key[p.input_key];
    g.key = p.input_key;
    g.members.push_back(&p);
  }
  const std::string prefix = "model.layers." + std::to_string(layer) + ".";
  std::vector<AwqGroup> out;
  for (auto& [key, g] : by_key) {
    const std::string first = g.members.front()->linear->name(), name = leaf(first);
    if (name == "q_proj" || name == "k_proj" || name == "v_proj" || name == "q_a_proj" || name == "kv_a_proj_with_mqa") {
      g.norm_tensor = prefix + "input_layernorm.weight";
    } else if ((name == "gate_proj" || name == "up_proj") && !c.is_moe_layer(layer)) {
      g.norm_tensor = prefix + "post_attention_layernorm.weight";
    } else if (name == "q_b_proj") {
      g.norm_tensor = prefix + "self_attn.q_a_layernorm.weight";
    } else if (name == "kv_b_proj") {
      g.norm_tensor = prefix + "self_attn.kv_a_layernorm.weight";
    } else if (name == "down_proj") {
      auto up = by_name.find(parent(first) + ".up_proj");
      if (up == by_name.end()) continue;
      g.prev = up->second;
    } else {
      continue;  // o_proj, MoE gate/up
    }
    bool ok = !g.norm_tensor.empty() ? tensors.contains(g.norm_tensor) : g.prev && g.prev->codec.has_value();
    for (const LinearPlan* m : g.members) ok = ok && m->codec.has_value();
    if (ok) out.push_back(std::move(g));
  }
  return out;
}

InputStats scaled_stats(const InputStats& st, const std::vector<float>& s) {
  InputStats out = st;
  const int64_t n = st.n;
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < n; ++j) out.h[size_t(i * n + j)] = float(double(st.h[size_t(i * n + j)]) / (double(s[size_t(i)]) * s[size_t(j)]));
    if (size_t(i) < out.abs_sum.size()) out.abs_sum[size_t(i)] = st.abs_sum[size_t(i)] / s[size_t(i)];
  }
  return out;
}

AwqScale awq_search(const AwqGroup& g, const InputStats& st, ThreadPool& pool) {
  const int64_t n = st.n;
  // Evenly spaced rows of each member, as f32.
  struct Member {
    const Codec* codec;
    int64_t rows;
    std::vector<float> w;
  };
  std::vector<Member> members;
  for (const LinearPlan* p : g.members) {
    const Linear& l = *p->linear;
    const int64_t total = l.out_features(), rows = std::min(total, kSearchRows);
    Member m{&*p->codec, rows, std::vector<float>(size_t(rows * n))};
    for (int64_t r = 0; r < rows; ++r) cpu::linear_rows_to_f32(l, r * total / rows, 1, m.w.data() + r * n);
    members.push_back(std::move(m));
  }
  std::vector<double> mean(size_t(n), 0.0);
  for (int64_t i = 0; i < n; ++i) mean[size_t(i)] = st.rows > 0 && size_t(i) < st.abs_sum.size() ? st.abs_sum[size_t(i)] / double(st.rows) : 0.0;

  AwqScale best;
  std::vector<float> s(static_cast<size_t>(n)), scaled, deq;
  std::vector<uint8_t> packed;
  for (int k = 0; k < kGrid; ++k) {
    const double alpha = double(k) / kGrid;
    double lo = INFINITY, hi = 0;
    for (int64_t i = 0; i < n; ++i) {
      s[size_t(i)] = float(std::max(std::pow(mean[size_t(i)], alpha), 1e-4));
      lo = std::min(lo, double(s[size_t(i)]));
      hi = std::max(hi, double(s[size_t(i)]));
    }
    const float centre = float(std::sqrt(hi * lo));
    for (float& v : s) v /= centre;
    double loss = 0;
    for (const Member& m : members) {
      scaled.resize(m.w.size());
      deq.resize(m.w.size());
      packed.resize(size_t(m.rows) * m.codec->row_bytes());
      for (int64_t r = 0; r < m.rows; ++r)
        for (int64_t i = 0; i < n; ++i) scaled[size_t(r * n + i)] = m.w[size_t(r * n + i)] * s[size_t(i)];
      rtn_rows(*m.codec, scaled.data(), m.rows, packed.data(), deq.data());
      for (int64_t r = 0; r < m.rows; ++r)
        for (int64_t i = 0; i < n; ++i) deq[size_t(r * n + i)] /= s[size_t(i)];
      loss += output_error_energy(m.w.data(), deq.data(), m.rows, n, st.h.data(), pool).first;
    }
    if (k == 0) best.loss_rtn = loss;
    if (k == 0 || loss < best.loss) {
      best.loss = loss;
      best.alpha = alpha;
      best.s = s;
    }
  }
  return best;
}

}  // namespace dsw::quant
