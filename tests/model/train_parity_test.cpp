// Gradient parity with PyTorch (tests/fixtures/train, made by tests/scripts/make_train_fixtures.py with
// torch + transformers + PEFT in fp32 on the CPU): the loss, every LoRA gradient (A and B non-zero at
// the start, so dA is really tested) and, for full fine-tuning, every weight gradient, for stories260K
// (real weights) and tiny qwen2, deepseek, deepseek_v2 and deepseek_v3 models. Per tensor:
// ‖a − b‖₂ / ‖b‖₂ ≤ 1e-4 (training.md §15).
#include "check.h"

#include "train/train_model.h"

#include <dsw/model_files.h>
#include <dsw/safetensors.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>

using namespace dsw;
using namespace dsw::test;

namespace {

constexpr double kTolerance = 1e-4;

std::filesystem::path base_dir(const std::string& name) {
  if (name == "stories260k") return data_file("models/stories260K-hf/config.json").parent_path();
  static const std::map<std::string, std::string> bases = {{"qwen2", "qwen2_gqa_bias"},
                                                           {"deepseek", "deepseek_moe_v1"},
                                                           {"deepseek_v2", "deepseek_v2_lite_style"},
                                                           {"deepseek_v3", "deepseek_v3_noaux"}};
  return source_dir() / "tests/fixtures/models" / bases.at(name);
}

struct Batch {
  std::vector<int32_t> tokens, targets;
  int64_t B = 0, S = 0, N = 0;
};

Batch read_batch(const TensorStore& ref) {
  Batch b;
  const TensorEntry* ids = ref.find("input_ids");
  const TensorEntry* labels = ref.find("labels");
  REQUIRE(ids && labels);
  b.B = ids->shape[0];
  b.S = ids->shape[1];
  const int32_t* id = ids->tensor.data_as<const int32_t>();
  const int32_t* lb = labels->tensor.data_as<const int32_t>();
  b.tokens.assign(id, id + b.B * b.S);
  b.targets.assign(size_t(b.B * b.S), -1);
  for (int64_t r = 0; r < b.B; ++r)
    for (int64_t t = 0; t + 1 < b.S; ++t)
      if (lb[r * b.S + t + 1] != -100) b.targets[size_t(r * b.S + t)] = lb[r * b.S + t + 1], b.N++;
  return b;
}

std::vector<float> floats(const TensorEntry& e) {
  const float* p = e.tensor.data_as<const float>();
  return {p, p + e.shape.numel()};
}

// Returns the worst relative difference; prints the worst tensor.
double compare_grads(train::TrainModel& tm, const TensorStore& ref, const std::string& label, int64_t& compared) {
  double worst = 0;
  std::string worst_name;
  compared = 0;
  for (auto& p : tm.params().all()) {
    if (!p.trainable) continue;
    const TensorEntry* g = ref.find("grad." + p.name);
    if (!g) {
      record_failure(__FILE__, __LINE__, label + ": no reference gradient for " + p.name);
      continue;
    }
    REQUIRE(g->shape.numel() == p.numel());
    const float* b = g->tensor.data_as<const float>();
    double num = 0, den = 0;
    for (int64_t i = 0; i < p.numel(); ++i) {
      const double d = double(p.grad[size_t(i)]) - b[i];
      num += d * d;
      den += double(b[i]) * b[i];
    }
    const double rel = den > 0 ? std::sqrt(num / den) : std::sqrt(num);
    if (!(rel <= worst)) worst = rel, worst_name = p.name;
    compared++;
  }
  std::printf("    %s: %lld gradients, worst ‖Δ‖/‖ref‖ %.2e (%s)\n", label.c_str(), (long long)compared, worst, worst_name.c_str());
  return worst;
}

void check_lora(const std::string& name) {
  const auto base = base_dir(name);
  const auto fix = source_dir() / "tests/fixtures/train" / name;
  TensorStore ref;
  REQUIRE_OK(load_safetensors(fix / "lora.safetensors", ref));
  auto files = open_model(base);
  REQUIRE_OK(files);
  train::ModelSetup setup;
  setup.lora.target_modules = {"all-linear"};
  setup.lora.rank = 4;
  setup.lora.alpha = 8;
  setup.lora.init = LoraConfig::Init::random;
  train::TrainModel tm(*files, setup, 2);
  int64_t loaded = 0;
  for (auto& p : tm.params().all()) {
    if (!p.trainable) continue;
    const TensorEntry* e = ref.find(p.name);
    if (!e) {
      record_failure(__FILE__, __LINE__, name + ": fixture has no initial value for " + p.name);
      continue;
    }
    REQUIRE(e->shape.numel() == p.numel());
    const auto v = floats(*e);
    std::copy(v.begin(), v.end(), p.data.begin());  // in place: Linears view this buffer
    loaded++;
  }
  int64_t in_fixture = 0;
  for (auto& e : ref.entries())
    if (e.name.rfind("base_model.", 0) == 0) in_fixture++;
  CHECK_EQ(loaded, in_fixture);  // every adapted module of the reference is adapted here too
  Batch b = read_batch(ref);
  tm.params().zero_grad();
  auto r = tm.forward_backward(b.tokens.data(), b.targets.data(), b.B, b.S, 1.0 / double(b.N));
  const double loss = r.loss_sum / double(b.N);
  const double ref_loss = ref.find("loss")->tensor.data_as<const float>()[0];
  std::printf("    %s LoRA: loss %.6f vs %.6f; %s\n", name.c_str(), loss, ref_loss, tm.audit().summary().c_str());
  CHECK(std::fabs(loss - ref_loss) <= 1e-5 * std::fabs(ref_loss));
  int64_t n = 0;
  CHECK(compare_grads(tm, ref, name + " LoRA", n) <= kTolerance);
  CHECK_EQ(n, in_fixture);
}

void check_full(const std::string& name, bool checkpointing = false) {
  const auto base = base_dir(name);
  const auto fix = source_dir() / "tests/fixtures/train" / name;
  TensorStore ref;
  REQUIRE_OK(load_safetensors(fix / "full.safetensors", ref));
  auto files = open_model(base);
  REQUIRE_OK(files);
  train::ModelSetup setup;
  setup.mode = TrainMode::full;
  setup.checkpointing = checkpointing;
  train::TrainModel tm(*files, setup, 2);
  Batch b = read_batch(ref);
  tm.params().zero_grad();
  auto r = tm.forward_backward(b.tokens.data(), b.targets.data(), b.B, b.S, 1.0 / double(b.N));
  const double loss = r.loss_sum / double(b.N);
  const double ref_loss = ref.find("loss")->tensor.data_as<const float>()[0];
  std::printf("    %s full%s: loss %.6f vs %.6f\n", name.c_str(), checkpointing ? " (checkpointing)" : "", loss, ref_loss);
  CHECK(std::fabs(loss - ref_loss) <= 1e-5 * std::fabs(ref_loss));
  int64_t n = 0, in_fixture = 0;
  CHECK(compare_grads(tm, ref, name + " full", n) <= kTolerance);
  for (auto& e : ref.entries())
    if (e.name.rfind("grad.", 0) == 0) in_fixture++;
  CHECK_EQ(n, in_fixture);
}

}  // namespace

DSW_TEST(stories260k_lora) { check_lora("stories260k"); }
DSW_TEST(stories260k_full) { check_full("stories260k"); }
DSW_TEST(qwen2_lora) { check_lora("qwen2"); }
DSW_TEST(qwen2_full) { check_full("qwen2"); }
DSW_TEST(deepseek_lora) { check_lora("deepseek"); }
DSW_TEST(deepseek_full) { check_full("deepseek"); }
DSW_TEST(deepseek_v2_lora) { check_lora("deepseek_v2"); }
DSW_TEST(deepseek_v2_full) { check_full("deepseek_v2"); }
DSW_TEST(deepseek_v3_lora) { check_lora("deepseek_v3"); }
DSW_TEST(deepseek_v3_full) { check_full("deepseek_v3"); }
DSW_TEST(deepseek_v3_full_checkpointing) { check_full("deepseek_v3", true); }
