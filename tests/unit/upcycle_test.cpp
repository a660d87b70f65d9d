// dsw-cli convert --target-arch moe (dsw/convert.h): the upcycled DeepSeek-MoE model computes the
// dense model's function at step 0 — its logits equal the dense model's, through the inference
// session and through the training forward — for every router and expert layout the option set
// allows (whole-MLP copies with any router; fine-grained parts with shared experts and groups).
// A wrong routed_scaling_factor shows the comparison can tell. Bad options are refused by name and
// leave no output folder; a dtype conversion keeps the function up to bf16 rounding.
#include "check.h"
#include "convert/model_writer.h"
#include "fixture.h"
#include "tiny_model.h"

#include <dsw/convert.h>
#include <dsw/model.h>
#include <dsw/model_files.h>
#include <dsw/train.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace dsw;
namespace fs = std::filesystem;

namespace {

const std::vector<int32_t> kPrompt = {256, 72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100, 33, 10, 87, 104, 121};

double rel_max_diff(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  double m = 0, ref = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    m = std::max(m, double(std::fabs(a[i] - b[i])));
    ref = std::max(ref, double(std::fabs(b[i])));
  }
  return m / std::max(ref, 1e-12);
}

std::shared_ptr<Model> load(const fs::path& dir) {
  auto files = open_model(dir);
  REQUIRE_OK(files);
  LoadOptions lo;
  lo.device.n_threads = 2;
  auto model = Model::load(std::move(files).value(), lo);
  REQUIRE_OK(model);
  return std::move(model).value();
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

fs::path upcycle(const std::string& arch, const UpcycleOptions& o, const std::string& name) {
  const fs::path out = test::temp_dir() / name;
  REQUIRE_OK(upcycle_to_moe(test::tiny_model_dir(arch), o, out));
  return out;
}

// The upcycled model's logits against the dense parent's: inference session (prefill and one token
// at a time) and the training forward.
fs::path check_same_function(const std::string& arch, const UpcycleOptions& o, const std::string& name) {
  const fs::path dense = test::tiny_model_dir(arch), moe = upcycle(arch, o, name);
  const auto cfg = read_json(moe / "config.json");
  CHECK(cfg["model_type"] == "deepseek");
  CHECK(cfg["n_routed_experts"] == o.experts);
  CHECK(cfg["num_experts_per_tok"] == o.top_k);
  const auto want = test::run_logits(load(dense), kPrompt, false);
  for (bool one_by_one : {false, true}) {
    const double d = rel_max_diff(test::run_logits(load(moe), kPrompt, one_by_one), want);
    std::printf("    %s %s: rel max |Δlogit| %.2e\n", name.c_str(), one_by_one ? "one by one" : "prefill", d);
    CHECK(d < 2e-5);
  }
  auto files = open_model(moe);
  REQUIRE_OK(files);
  auto train_logits = forward_logits(*files, nullptr, kPrompt, 2);
  REQUIRE_OK(train_logits);
  const double d = rel_max_diff(*train_logits, want);
  std::printf("    %s training forward: rel max |Δlogit| %.2e\n", name.c_str(), d);
  CHECK(d < 2e-5);
  return moe;
}

}  // namespace

DSW_TEST(whole_mlp_copies_with_the_v3_router_keep_the_logits) {
  UpcycleOptions o;  // 8 experts, top-2, sigmoid noaux_tc
  o.router_std = 0.5;  // a strongly opinionated router: the normalised weights still sum to one
  check_same_function("llama", o, "llama-8x2");
}

DSW_TEST(whole_mlp_copies_with_the_softmax_router_keep_the_logits) {
  UpcycleOptions o;
  o.router = UpcycleRouter::softmax;
  o.experts = 4;
  o.top_k = 3;
  o.router_std = 0.5;
  check_same_function("qwen2", o, "qwen2-softmax");  // qwen2's q/k/v biases become attention_bias + a zero o_proj bias
}

DSW_TEST(fine_grained_parts_with_shared_experts_and_a_dense_layer_keep_the_logits) {
  UpcycleOptions o;  // 176 = 4 parts of 44: 2 shared, 2 routed parts; 8 experts in 4 groups of 2; top-4 = 2 groups
  o.segments = 4;
  o.shared_experts = 2;
  o.experts = 8;
  o.top_k = 4;
  o.dense_layers = 1;
  o.router_std = 0.3;
  const auto cfg = read_json(check_same_function("llama", o, "llama-fine") / "config.json");
  CHECK(cfg["moe_intermediate_size"] == 44);
  CHECK(cfg["n_shared_experts"] == 2);
  CHECK(cfg["n_group"] == 4);
  CHECK(cfg["topk_group"] == 2);
  CHECK(cfg["first_k_dense_replace"] == 1);
}

DSW_TEST(three_routed_parts_in_groups_of_three_keep_the_logits) {
  UpcycleOptions o;  // 4 parts, 1 shared, 3 routed: 6 experts = 2 groups of 3, top-3 = one whole group
  o.segments = 4;
  o.shared_experts = 1;
  o.experts = 6;
  o.top_k = 3;
  o.router_std = 0.3;
  check_same_function("qwen2", o, "qwen2-fine3");
}

DSW_TEST(a_wrong_scaling_factor_is_detected) {
  UpcycleOptions o;
  o.segments = 4;
  o.shared_experts = 2;
  o.experts = 8;
  o.top_k = 4;
  const fs::path moe = upcycle("llama", o, "llama-wrong-scale");
  auto cfg = read_json(moe / "config.json");
  CHECK(cfg["routed_scaling_factor"] == 2.0);
  cfg["routed_scaling_factor"] = 1.0;  // each routed part then counts half
  std::ofstream(moe / "config.json") << cfg.dump(2);
  const auto want = test::run_logits(load(test::tiny_model_dir("llama")), kPrompt, false);
  const double d = rel_max_diff(test::run_logits(load(moe), kPrompt, false), want);
  std::printf("    routed_scaling_factor 1 instead of 2: rel max |Δlogit| %.2e\n", d);
  CHECK(d > 1e-3);
}

// Drop-Upcycling: with --reinit 0.5 each expert keeps half of its copied units and gets the other
// half re-drawn, a different half per expert, so the experts differ and the function moves; the
// router rows are the same as without it.
DSW_TEST(reinit_redraws_a_different_share_of_each_expert) {
  UpcycleOptions o;
  o.experts = 4;
  o.router_std = 0.5;
  o.reinit = 0.5;
  const fs::path moe = upcycle("llama", o, "llama-reinit");
  o.reinit = 0;
  const fs::path copy = upcycle("llama", o, "llama-copies");
  auto a = open_model(moe), b = open_model(copy);
  REQUIRE_OK(a);
  REQUIRE_OK(b);
  auto f32 = [](const ModelFiles& f, const std::string& n) { return convert::tensor_f32(f, n); };
  const std::string layer = "model.layers.1.mlp.";
  CHECK(f32(*a, layer + "gate.weight") == f32(*b, layer + "gate.weight"));
  const auto parent = f32(*b, layer + "experts.0.gate_proj.weight");
  const int64_t H = b->config.hidden_size, w = int64_t(parent.size()) / H;
  std::vector<std::vector<bool>> kept;
  for (int e = 0; e < 4; ++e) {
    const auto g = f32(*a, layer + "experts." + std::to_string(e) + ".gate_proj.weight");
    REQUIRE(g.size() == parent.size());
    std::vector<bool> same(static_cast<size_t>(w));
    int64_t n_same = 0;
    for (int64_t j = 0; j < w; ++j) {
      same[size_t(j)] = std::equal(g.begin() + j * H, g.begin() + (j + 1) * H, parent.begin() + j * H);
      n_same += same[size_t(j)];
    }
    CHECK(n_same == w - std::llround(0.5 * double(w)));
    kept.push_back(same);
  }
  CHECK(kept[0] != kept[1] || kept[0] != kept[2]);
  const auto want = test::run_logits(load(test::tiny_model_dir("llama")), kPrompt, false);
  const double d = rel_max_diff(test::run_logits(load(moe), kPrompt, false), want);
  std::printf("    --reinit 0.5: rel max |Δlogit| %.2e\n", d);
  CHECK(d > 1e-3);
}

DSW_TEST(bad_options_are_refused_by_name_and_leave_nothing) {
  auto refused = [](UpcycleOptions o, const std::string& word) {
    const fs::path out = test::temp_dir() / "refused";
    Status s = upcycle_to_moe(test::tiny_model_dir("llama"), o, out);
    CHECK(!s.is_ok());
    CHECK(s.to_string().find(word) != std::string::npos);
    if (s.to_string().find(word) == std::string::npos) std::printf("    message: %s\n", s.to_string().c_str());
    CHECK(!fs::exists(out));
  };
  UpcycleOptions o;
  o.segments = 5;  // 176 is not a multiple of 5
  refused(o, "--segments");
  o = {};
  o.top_k = 9;
  refused(o, "--top-k");
  o = {};
  o.segments = 4;
  o.shared_experts = 4;
  refused(o, "--shared-experts");
  o = {};
  o.segments = 4;
  o.shared_experts = 1;  // 3 routed parts: 8 experts is no multiple
  refused(o, "multiples");
  o = {};
  o.router = UpcycleRouter::softmax;
  o.top_k = 1;
  refused(o, "softmax");
  o = {};
  o.reinit = 1.0;
  refused(o, "--reinit");
  o = {};
  o.dense_layers = 2;  // the tiny model has 2 layers
  refused(o, "--dense-layers");
  // An MoE model is no dense parent.
  Status s = upcycle_to_moe(test::tiny_model_dir("deepseek"), UpcycleOptions{}, test::temp_dir() / "moe-of-moe");
  CHECK(!s.is_ok());
  CHECK(s.to_string().find("dense llama or qwen2") != std::string::npos);
  // A non-empty output folder is never overwritten.
  const fs::path busy = test::temp_dir() / "busy";
  fs::create_directories(busy);
  std::ofstream(busy / "keep.txt") << "x";
  s = upcycle_to_moe(test::tiny_model_dir("llama"), UpcycleOptions{}, busy);
  CHECK(!s.is_ok());
  CHECK(fs::exists(busy / "keep.txt"));
}

DSW_TEST(upcycling_and_dtype_changes_write_the_requested_dtype) {
  UpcycleOptions o;
  o.dtype = DType::bf16;
  const fs::path moe = upcycle("llama", o, "llama-bf16");
  auto files = open_model(moe);
  REQUIRE_OK(files);
  for (auto& e : files->tensors.entries()) {
    const DType want = e.name.ends_with("e_score_correction_bias") ? DType::f32 : DType::bf16;
    CHECK(e.dtype && *e.dtype == want);
  }
  CHECK(read_json(moe / "config.json")["torch_dtype"] == "bfloat16");
  // bf16 -> f32 is exact: the f32 copy computes what the bf16 model computes.
  const fs::path f32 = test::temp_dir() / "llama-bf16-f32";
  REQUIRE_OK(convert_dtype(moe, DType::f32, f32));
  CHECK(read_json(f32 / "config.json")["torch_dtype"] == "float32");
  const double d = rel_max_diff(test::run_logits(load(f32), kPrompt, false), test::run_logits(load(moe), kPrompt, false));
  CHECK(d < 1e-5);
  // bf16 rounding of the weights moves the logits a little, not a lot.
  const double r = rel_max_diff(test::run_logits(load(moe), kPrompt, false),
                                test::run_logits(load(test::tiny_model_dir("llama")), kPrompt, false));
  std::printf("    bf16 upcycled vs f32 dense: rel max |Δlogit| %.2e\n", r);
  CHECK(r < 5e-2);
  CHECK(r > 0);
}
