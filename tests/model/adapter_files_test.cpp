// PEFT adapter folders: what finetune writes reads back (canonical per-expert and fused experts
// layouts give the same function), and malformed adapters — wrong shapes, unknown targets, rank
// mismatch, non-finite values, missing halves, unsupported flags — fail with messages that name the
// file and the tensor. Models: tiny fixtures (tests/fixtures/models).
#include "check.h"

#include "train/peft_io.h"
#include "train/train_model.h"

#include <dsw/adapter.h>
#include <dsw/safetensors_writer.h>
#include <dsw/session.h>
#include <dsw/train.h>

#include <cmath>
#include <cstdio>
#include <fstream>

using namespace dsw;
using namespace dsw::test;

namespace {

std::filesystem::path fixture(const std::string& name) { return source_dir() / "tests/fixtures/models" / name; }

struct T {
  std::string name;
  Shape shape;
  float value = 0.01f;
};

std::filesystem::path write_adapter(const std::string& config_json, const std::vector<T>& tensors) {
  const auto dir = temp_dir() / "adapter";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "adapter_config.json") << config_json;
  std::vector<std::vector<float>> data;
  std::vector<TensorToWrite> w;
  for (auto& t : tensors) data.emplace_back(size_t(t.shape.numel()), t.value);
  for (size_t i = 0; i < tensors.size(); ++i) w.push_back({tensors[i].name, DType::f32, tensors[i].shape, {}, data[i].data()});
  REQUIRE_OK(write_safetensors(dir / "adapter_model.safetensors", w));
  return dir;
}

const char* kConfig = R"({"peft_type": "LORA", "r": 2, "lora_alpha": 4, "target_modules": ["q_proj"]})";
const std::string kQ = "base_model.model.model.layers.0.self_attn.q_proj";

// llama_mha_untied: hidden 48, 4 heads of 12.
Status load(const std::filesystem::path& dir) {
  auto files = open_model(fixture("llama_mha_untied"));
  REQUIRE_OK(files);
  return load_peft_adapter(*files, dir).status();
}

void expect_error(const Status& s, const std::vector<std::string>& words) {
  std::printf("    %s\n", s.to_string().c_str());
  CHECK(!s.is_ok());
  for (auto& w : words) CHECK(s.message().find(w) != std::string::npos);
}

}  // namespace

DSW_TEST(well_formed_adapter_loads_with_its_audit) {
  auto dir = write_adapter(kConfig, {{kQ + ".lora_A.weight", Shape{2, 48}}, {kQ + ".lora_B.weight", Shape{48, 2}}});
  auto files = open_model(fixture("llama_mha_untied"));
  REQUIRE_OK(files);
  auto a = load_peft_adapter(*files, dir);
  REQUIRE_OK(a);
  CHECK_EQ(a->audit.adapted, int64_t(1));
  CHECK_EQ(a->tensors.at(0).scale, 2.0);
}

DSW_TEST(wrong_shape_names_file_and_tensor) {
  auto dir = write_adapter(kConfig, {{kQ + ".lora_A.weight", Shape{2, 48}}, {kQ + ".lora_B.weight", Shape{40, 2}}});
  expect_error(load(dir), {"adapter_model.safetensors", kQ + ".lora_B.weight", "[40, 2]", "[48, 2]"});
}

DSW_TEST(rank_mismatch_is_named) {
  auto dir = write_adapter(kConfig, {{kQ + ".lora_A.weight", Shape{3, 48}}, {kQ + ".lora_B.weight", Shape{48, 3}}});
  expect_error(load(dir), {kQ + ".lora_A.weight", "rank 3", "r = 2"});
}

DSW_TEST(unknown_target_is_named) {
  const std::string bad = "base_model.model.model.layers.0.self_attn.qq_proj";
  auto dir = write_adapter(kConfig, {{bad + ".lora_A.weight", Shape{2, 48}}, {bad + ".lora_B.weight", Shape{48, 2}}});
  expect_error(load(dir), {bad + ".lora_A.weight", "not a Linear"});
  const std::string far = "base_model.model.model.layers.9.self_attn.q_proj";  // the model has 2 layers
  auto dir2 = write_adapter(kConfig, {{far + ".lora_A.weight", Shape{2, 48}}, {far + ".lora_B.weight", Shape{48, 2}}});
  expect_error(load(dir2), {far, "not a Linear"});
}

DSW_TEST(non_finite_value_is_named) {
  auto dir = write_adapter(kConfig, {{kQ + ".lora_A.weight", Shape{2, 48}}, {kQ + ".lora_B.weight", Shape{48, 2}, NAN}});
  expect_error(load(dir), {"adapter_model.safetensors", kQ + ".lora_B.weight", "non-finite"});
  auto dir2 = write_adapter(kConfig, {{kQ + ".lora_A.weight", Shape{2, 48}, INFINITY}, {kQ + ".lora_B.weight", Shape{48, 2}}});
  expect_error(load(dir2), {kQ + ".lora_A.weight", "non-finite"});
}

DSW_TEST(missing_half_and_unsupported_flags) {
  auto dir = write_adapter(kConfig, {{kQ + ".lora_A.weight", Shape{2, 48}}});
  expect_error(load(dir), {"q_proj", "no lora_B"});
  auto dir2 = write_adapter(R"({"peft_type": "LORA", "r": 2, "lora_alpha": 4, "use_dora": true})",
                            {{kQ + ".lora_A.weight", Shape{2, 48}}, {kQ + ".lora_B.weight", Shape{48, 2}}});
  expect_error(load(dir2), {"adapter_config.json", "use_dora"});
  auto dir3 = write_adapter(R"({"peft_type": "LORA", "r": "two", "lora_alpha": 4})", {});
  expect_error(load(dir3), {"adapter_config.json", "'r'"});
  expect_error(load(temp_dir() / "nowhere"), {"adapter_config.json"});
}

DSW_TEST(per_expert_and_fused_layouts_give_the_same_model) {
  // deepseek_v3_noaux: LoRA on everything with random non-zero A and B, saved both ways.
  auto files = open_model(fixture("deepseek_v3_noaux"));
  REQUIRE_OK(files);
  train::ModelSetup setup;
  setup.lora.target_modules = {"all-linear"};
  setup.lora.rank = 2;
  setup.lora.alpha = 3;
  setup.lora.init = LoraConfig::Init::random;
  train::TrainModel tm(*files, setup, 2);
  const std::vector<int32_t> ids = {3, 17, 42, 5, 99, 7, 11, 64};
  const auto want = tm.logits(ids.data(), 1, int64_t(ids.size()));
  for (bool fused : {false, true}) {
    const auto dir = temp_dir() / (fused ? "fused" : "per_expert");
    train::save_peft_adapter(dir, tm.params(), files->config, setup.lora, "base", fused);
    auto a = load_peft_adapter(*files, dir);
    REQUIRE_OK(a);
    CHECK_EQ(a->audit.experts_adapted, a->audit.experts_total);
    CHECK_EQ(a->audit.adapted, tm.audit().adapted);
    auto got = forward_logits(*files, &*a, ids, 2);
    REQUIRE_OK(got);
    double d = 0;
    for (size_t i = 0; i < want.size(); ++i) d = std::max(d, double(std::fabs((*got)[i] - want[i])));
    // The inference path: the adapter attached to a loaded Model, logits from a Session.
    auto base = Model::load(*open_model(fixture("deepseek_v3_noaux")));
    REQUIRE_OK(base);
    auto with = attach_adapters(*base, {make_adapter_set(*a, "test")});
    REQUIRE_OK(with);
    auto s = Session::create(*with, {.n_ctx = 16, .n_seq = 1});
    REQUIRE_OK(s);
    std::vector<float> inf;
    REQUIRE_OK((*s)->forward(Batch::sequence(ids, 0, 0, true), inf));
    REQUIRE(inf.size() == want.size());
    double di = 0;
    for (size_t i = 0; i < want.size(); ++i) di = std::max(di, double(std::fabs(inf[i] - want[i])));
    std::printf("    %s: %s, max |dlogit| training forward %.2e, inference with the adapter attached %.2e\n",
                fused ? "fused" : "per-expert", a->audit.summary().c_str(), d, di);
    CHECK(d <= 1e-4);
    CHECK(di <= 1e-4);
  }
}
