// The options that make upcycled experts specialise (docs/versions.md, "Sharpening the experts"),
// each run as one full fine-tuning step of a tiny DeepSeek-V3 model from the same start:
//  - router_lr_scale: the routers' weights move exactly `scale` times as far as with scale 1 (AdamW's
//    first step is lr·g/(|g| + ε), so the ratio is the scale), every other tensor moves exactly
//    as far as with scale 1;
//  - moe_only: attention, norms, embeddings, head and dense MLPs are written back bit-identical to
//    the start, the routers and experts move;
//  - router_noise: the trained weights change (the noise moved the routing), the eval before training
//    does not (evaluation never adds noise).
#include "check.h"
#include "tiny_model.h"

#include "arch/architecture.h"

#include <dsw/model_files.h>
#include <dsw/train.h>

#include <cmath>
#include <fstream>
#include <map>

using namespace dsw;
using namespace dsw::test;
namespace fs = std::filesystem;

namespace {

using Weights = std::map<std::string, std::vector<float>>;

Weights read_weights(const fs::path& dir) {
  auto files = open_model(dir);
  REQUIRE_OK(files);
  Weights w;
  for (auto& e : files->tensors.entries()) w[e.name] = load_vector_f32(*files, e.name);
  return w;
}

fs::path make_text(const fs::path& dir) {
  fs::create_directories(dir);
  const fs::path p = dir / "text.jsonl";
  std::ofstream f(p);
  for (int i = 0; i < 40; ++i)
    f << "{\"text\": \"Tom has " << i << " apples and buys " << i * 3 + 1 << " more; 7 * " << i << " = " << 7 * i << ".\"}\n";
  return p;
}

// One full fine-tuning step of the tiny DeepSeek-V3 model: constant lr, no decay, no clipping.
TrainConfig one_step(const std::string& name) {
  TrainConfig c;
  c.model = tiny_model_dir("deepseek_v3");
  c.data.path = make_text(temp_dir() / "router_options_data");
  c.data.format = DataFormat::text;
  c.data.seq_len = 32;
  c.data.eval_fraction = 0.2;
  c.mode = TrainMode::full;
  c.output_dir = temp_dir() / name;
  c.steps = 1;
  c.micro_batch = 4;
  c.optim.lr = 1e-3;
  c.optim.schedule = LrSchedule::constant;
  c.optim.max_grad_norm = 0;
  c.n_threads = 1;
  return c;
}

struct Run {
  Weights w;
  double first_eval = 0;
};

Run train(const TrainConfig& c) {
  auto r = finetune(c);
  REQUIRE_OK(r);
  REQUIRE(r->first_eval_loss.has_value());
  return {read_weights(r->adapter_dir), *r->first_eval_loss};
}

double abs_delta(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += std::fabs(double(a[i]) - double(b[i]));
  return s;
}

bool is_router(const std::string& name) { return name.ends_with("mlp.gate.weight"); }
bool in_moe(const std::string& name) {
  return name.find("mlp.gate.") != std::string::npos || name.find("mlp.experts.") != std::string::npos ||
         name.find("mlp.shared_experts.") != std::string::npos;
}

}  // namespace

DSW_TEST(router_lr_scale_changes_only_the_routers_update) {
  const Weights start = read_weights(tiny_model_dir("deepseek_v3"));
  TrainConfig c = one_step("router_lr_1");
  const Run one = train(c);
  c.output_dir = temp_dir() / "router_lr_10";
  c.router_lr_scale = 10;
  const Run ten = train(c);
  int routers = 0;
  for (auto& [name, w0] : start) {
    REQUIRE(one.w.contains(name) && ten.w.contains(name));
    const double d1 = abs_delta(one.w.at(name), w0), d10 = abs_delta(ten.w.at(name), w0);
    if (is_router(name)) {
      ++routers;
      std::printf("    %s: Σ|Δ| %.4e (scale 1) %.4e (scale 10), ratio %.5f\n", name.c_str(), d1, d10, d10 / d1);
      CHECK(d1 > 0);
      CHECK(std::fabs(d10 / d1 - 10.0) < 1e-3);
    } else {
      if (one.w.at(name) != ten.w.at(name)) std::printf("    %s moved differently\n", name.c_str());
      CHECK(one.w.at(name) == ten.w.at(name));
    }
  }
  CHECK(routers > 0);
}

DSW_TEST(moe_only_keeps_everything_outside_the_moe_layers) {
  const Weights start = read_weights(tiny_model_dir("deepseek_v3"));
  TrainConfig c = one_step("moe_only");
  c.moe_only = true;
  const Run r = train(c);
  CHECK_EQ(r.w.size(), start.size());
  int moved = 0, kept = 0;
  for (auto& [name, w0] : start) {
    REQUIRE(r.w.contains(name));
    const bool same = r.w.at(name) == w0;
    if (in_moe(name) && name.find("e_score_correction_bias") == std::string::npos) {
      moved += same ? 0 : 1;
    } else {
      if (!same) std::printf("    %s moved\n", name.c_str());
      CHECK(same);
      ++kept;
    }
  }
  CHECK(moved > 0);
  CHECK(kept > 0);
  c.mode = TrainMode::lora;
  c.output_dir = temp_dir() / "moe_only_lora";
  CHECK(!finetune(c).is_ok());  // refused: moe_only is a full fine-tuning option
}

DSW_TEST(router_noise_moves_training_not_evaluation) {
  TrainConfig c = one_step("noise_0");
  const Run quiet = train(c);
  c.output_dir = temp_dir() / "noise_1";
  c.router_noise = 1.0;
  const Run noisy = train(c);
  CHECK_EQ(quiet.first_eval, noisy.first_eval);
  double d = 0;
  for (auto& [name, w] : quiet.w) d += abs_delta(noisy.w.at(name), w);
  std::printf("    Σ|Δ| between the runs with and without noise: %.4e\n", d);
  CHECK(d > 0);
}
