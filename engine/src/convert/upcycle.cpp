// upcycle_to_moe: a dense llama/qwen2 checkpoint as a DeepSeek-MoE checkpoint that computes the same
// function at step 0 (the construction is explained in dsw/convert.h).
#include "convert/model_writer.h"
#include "core/error.h"

#include <dsw/convert.h>
#include <dsw/make_model.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

namespace dsw {
namespace {

std::string router_name(UpcycleRouter r) { return r == UpcycleRouter::sigmoid ? "sigmoid (V3 noaux_tc)" : "softmax (greedy)"; }

// Rows [r0, r0 + n) of a row-major [rows, cols] matrix.
std::vector<float> row_block(const std::vector<float>& m, int64_t cols, int64_t r0, int64_t n) {
  return {m.begin() + r0 * cols, m.begin() + (r0 + n) * cols};
}

// Columns [c0, c0 + n) of a row-major [rows, cols] matrix.
std::vector<float> col_block(const std::vector<float>& m, int64_t rows, int64_t cols, int64_t c0, int64_t n) {
  std::vector<float> out(size_t(rows * n));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < n; ++c) out[size_t(r * n + c)] = m[size_t(r * cols + c0 + c)];
  return out;
}

// Mean and standard deviation of a matrix's elements (the distribution Drop-Upcycling re-draws from).
std::pair<double, double> moments(const std::vector<float>& m) {
  double sum = 0, sq = 0;
  for (float x : m) sum += x, sq += double(x) * x;
  const double n = double(m.size()), mean = sum / n;
  return {mean, std::sqrt(std::max(0.0, sq / n - mean * mean))};
}

// Drop-Upcycling of one expert: `count` of its `w` units, chosen at random, get fresh gate/up rows
// ([w, H] each) and down columns ([H, w]) drawn with the parent matrices' moments.
void reinit_units(std::vector<float>& gate, std::vector<float>& up, std::vector<float>& down, int64_t H, int64_t w, int64_t count,
                  const std::array<std::pair<double, double>, 3>& m, std::mt19937_64& rng) {
  std::vector<int64_t> units(static_cast<size_t>(w));
  for (int64_t i = 0; i < w; ++i) units[size_t(i)] = i;
  std::shuffle(units.begin(), units.end(), rng);
  std::normal_distribution<double> g(m[0].first, m[0].second), u(m[1].first, m[1].second), d(m[2].first, m[2].second);
  for (int64_t k = 0; k < count; ++k) {
    const int64_t j = units[size_t(k)];
    for (int64_t h = 0; h < H; ++h) {
      gate[size_t(j * H + h)] = float(g(rng));
      up[size_t(j * H + h)] = float(u(rng));
      down[size_t(h * w + j)] = float(d(rng));
    }
  }
}

std::string readme(const std::filesystem::path& dense, const ModelConfig& c, const UpcycleOptions& o) {
  const int64_t routed_parts = o.segments - o.shared_experts;
  std::string s = "# Upcycled mixture of experts\n\n";
  s += "Written by `dsw-cli convert --target-arch moe` from the dense model `" + dense.filename().string() + "`.\n\n";
  s += "- " + std::to_string(c.n_routed_experts) + " routed experts of width " + std::to_string(c.moe_intermediate_size) + ", " +
       std::to_string(c.num_experts_per_tok) + " per token, " + std::to_string(c.n_shared_experts) + " shared; router " +
       router_name(o.router) + ", initial weights N(0, " + std::to_string(o.router_std) + "²), seed " + std::to_string(o.seed) + ".\n";
  s += "- The dense MLP was cut into " + std::to_string(o.segments) + " parts; " + std::to_string(o.shared_experts) +
       " became shared experts and each routed expert starts as a copy of " +
       (routed_parts == 1 ? std::string("the routed part") : "one of the " + std::to_string(routed_parts) + " routed parts") + ".\n";
  s += "- The first " + std::to_string(c.first_k_dense_replace) + " layer(s) keep the dense MLP.\n";
  if (o.reinit > 0)
    s += "- Drop-Upcycling: " + std::to_string(o.reinit) + " of each routed expert's units were re-drawn at random (seed " +
         std::to_string(o.seed) + "), so the experts differ from the start and the logits are no longer the dense model's; "
         "train the router and experts to recover and specialise.\n";
  else
    s += "- At step 0 its logits equal the dense model's (up to float rounding); train the router and experts to let them specialise.\n";
  return s;
}

}  // namespace

Status check_upcycle_options(int64_t I, int64_t layers, const UpcycleOptions& o) {
  return guard([&] {
    if (o.experts < 2 || o.experts > 256) fail_invalid("--experts must be in [2, 256], is " + std::to_string(o.experts));
    if (o.top_k < 1 || o.top_k > o.experts) fail_invalid("--top-k must be in [1, --experts], is " + std::to_string(o.top_k));
    if (o.segments < 1 || I % o.segments != 0)
      fail_invalid("--segments " + std::to_string(o.segments) + " must divide the dense MLP width " + std::to_string(I));
    if (o.shared_experts < 0 || o.shared_experts >= o.segments)
      fail_invalid("--shared-experts must be below --segments (" + std::to_string(o.segments) + "): at least one part must be routed");
    if (o.dense_layers < 0 || o.dense_layers >= layers)
      fail_invalid("--dense-layers must leave at least one of the " + std::to_string(layers) + " layers to the experts");
    if (!(o.router_std >= 0 && o.router_std < 10)) fail_invalid("--router-std must be in [0, 10)");
    if (!(o.reinit >= 0 && o.reinit < 1)) fail_invalid("--reinit must be in [0, 1) (the share of each expert's units re-drawn)");
    const int64_t R = o.segments - o.shared_experts;
    if (R > 1) {
      if (o.router != UpcycleRouter::sigmoid)
        fail_invalid("more than one routed part needs the sigmoid router (its groups keep a token's parts together)");
      if (o.experts % R != 0 || o.top_k % R != 0)
        fail_invalid("--experts and --top-k must be multiples of the routed parts (--segments − --shared-experts = " + std::to_string(R) +
                     ")");
    } else if (o.router == UpcycleRouter::softmax && o.top_k < 2) {
      fail_invalid("the softmax router normalises its weights only for --top-k 2 or more");
    }
  });
}

Status upcycle_to_moe(const std::filesystem::path& dense, const UpcycleOptions& o, const std::filesystem::path& out_dir,
                      const JobContext& job) {
  return guard([&] {
    ModelFiles files = convert::open_float_model(dense);
    const ModelConfig& d = files.config;
    if (d.arch != Architecture::llama && d.arch != Architecture::qwen2)
      fail_unsupported(dense.string() + ": upcycling reads a dense llama or qwen2 model (this one is " + d.model_type + ")");
    if (d.mlp_bias) fail_unsupported(dense.string() + ": MLP biases (mlp_bias) have no place in DeepSeek experts");
    if (d.hidden_act != "silu") fail_unsupported(dense.string() + ": hidden_act " + d.hidden_act + " (the experts are SwiGLU)");
    throw_if_error(check_upcycle_options(d.intermediate_size, d.num_hidden_layers, o));
    const DType dtype = o.dtype.value_or(*files.tensors.entries().front().dtype);
    if (dtype != DType::f32 && dtype != DType::bf16 && dtype != DType::f16) fail_invalid("--dtype must be f32, bf16 or f16");

    const int64_t H = d.hidden_size, I = d.intermediate_size, w = I / o.segments, R = o.segments - o.shared_experts;
    ModelConfig c = d;
    c.arch = Architecture::deepseek;
    c.model_type = "deepseek";
    c.attention_bias = d.attention_bias || d.qkv_bias;  // qwen2's q/k/v biases; o_proj gets a zero bias
    c.qkv_bias = false;
    c.n_routed_experts = o.experts;
    c.n_shared_experts = o.shared_experts;
    c.num_experts_per_tok = o.top_k;
    c.moe_intermediate_size = w;
    c.first_k_dense_replace = o.dense_layers;
    c.moe_layer_freq = 1;
    c.norm_topk_prob = true;
    c.torch_dtype = convert::torch_dtype_name(dtype);
    if (o.router == UpcycleRouter::sigmoid) {
      c.scoring_func = ScoringFunc::sigmoid;
      c.topk_method = TopkMethod::noaux_tc;
      c.n_group = R > 1 ? o.experts / R : 1;
      c.topk_group = R > 1 ? o.top_k / R : 1;
      c.routed_scaling_factor = double(R);
    } else {
      c.scoring_func = ScoringFunc::softmax;
      c.topk_method = TopkMethod::greedy;
      c.n_group = c.topk_group = 1;
      c.routed_scaling_factor = 1.0;
    }

    convert::OutputFolder out(out_dir);
    std::vector<TensorToWrite> tensors;
    std::vector<std::vector<uint8_t>> bytes;
    auto put = [&](const std::string& name, Shape shape, const std::vector<float>& v, DType dt) {
      bytes.push_back(convert::store_as(v, dt));
      tensors.push_back({name, dt, std::move(shape), {}, nullptr});
    };
    std::mt19937_64 rng(o.seed);
    std::normal_distribution<double> normal(0.0, o.router_std);
    std::mt19937_64 reinit_rng(o.seed ^ 0x9e3779b97f4a7c15ULL);  // its own stream: the router rows do not depend on --reinit
    for (auto& e : files.tensors.entries()) {
      const std::string& n = e.name;
      const bool mlp = n.find(".mlp.") != std::string::npos;
      if (!mlp) {
        put(n, e.shape, convert::tensor_f32(files, n), dtype);
        if (c.attention_bias && !d.attention_bias && n.ends_with(".self_attn.v_proj.bias")) {
          const std::string o_bias = n.substr(0, n.size() - std::string("v_proj.bias").size()) + "o_proj.bias";
          put(o_bias, Shape{H}, std::vector<float>(size_t(H), 0.0f), dtype);
        }
        continue;
      }
      if (!n.ends_with(".mlp.gate_proj.weight")) continue;  // each layer's MLP is written once, from its gate_proj
      const std::string p = n.substr(0, n.size() - std::string("gate_proj.weight").size());  // "model.layers.L.mlp."
      const int64_t layer = std::stoll(n.substr(std::string("model.layers.").size()));
      const auto gate = convert::tensor_f32(files, p + "gate_proj.weight");  // [I, H]
      const auto up = convert::tensor_f32(files, p + "up_proj.weight");      // [I, H]
      const auto down = convert::tensor_f32(files, p + "down_proj.weight");  // [H, I]
      if (!c.is_moe_layer(layer)) {
        put(p + "gate_proj.weight", Shape{I, H}, gate, dtype);
        put(p + "up_proj.weight", Shape{I, H}, up, dtype);
        put(p + "down_proj.weight", Shape{H, I}, down, dtype);
        continue;
      }
      // Router rows: one random row per group of R experts (R == 1: per expert).
      std::vector<float> router(size_t(o.experts * H));
      for (int64_t g = 0; g < o.experts / R; ++g) {
        std::vector<float> row(static_cast<size_t>(H));
        for (auto& x : row) x = float(normal(rng));
        for (int64_t j = 0; j < R; ++j) std::copy(row.begin(), row.end(), router.begin() + (g * R + j) * H);
      }
      put(p + "gate.weight", Shape{o.experts, H}, router, dtype);
      if (c.topk_method == TopkMethod::noaux_tc) put(p + "gate.e_score_correction_bias", Shape{o.experts}, std::vector<float>(size_t(o.experts), 0.0f), DType::f32);
      const std::array<std::pair<double, double>, 3> stats = {moments(gate), moments(up), moments(down)};
      const auto redrawn = int64_t(std::llround(o.reinit * double(w)));
      for (int64_t e = 0; e < o.experts; ++e) {
        const int64_t part = o.shared_experts + e % R;  // the dense MLP part this expert copies
        const std::string q = p + "experts." + std::to_string(e) + ".";
        auto eg = row_block(gate, H, part * w, w), eu = row_block(up, H, part * w, w), ed = col_block(down, H, I, part * w, w);
        if (redrawn > 0) reinit_units(eg, eu, ed, H, w, redrawn, stats, reinit_rng);
        put(q + "gate_proj.weight", Shape{w, H}, eg, dtype);
        put(q + "up_proj.weight", Shape{w, H}, eu, dtype);
        put(q + "down_proj.weight", Shape{H, w}, ed, dtype);
      }
      if (o.shared_experts > 0) {
        const int64_t ws = o.shared_experts * w;
        put(p + "shared_experts.gate_proj.weight", Shape{ws, H}, row_block(gate, H, 0, ws), dtype);
        put(p + "shared_experts.up_proj.weight", Shape{ws, H}, row_block(up, H, 0, ws), dtype);
        put(p + "shared_experts.down_proj.weight", Shape{H, ws}, col_block(down, H, I, 0, ws), dtype);
      }
      if (!job.report({.phase = "convert", .step = layer + 1, .total = d.num_hidden_layers, .unit = "layers"})) fail_cancelled();
    }
    for (size_t i = 0; i < tensors.size(); ++i) tensors[i].data = bytes[i].data();
    throw_if_error(write_safetensors(out.dir() / "model.safetensors", tensors, {{"format", "pt"}}, job));
    out.write_text("config.json", config_to_json(c));
    out.copy_side_files(files);
    out.write_text("README.md", readme(dense, c, o));
    out.commit();
  });
}

}  // namespace dsw
