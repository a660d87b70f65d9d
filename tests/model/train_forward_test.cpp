// The training forward gives the inference logits: every architecture's fixture run through
// TrainModel (LoRA with B = 0, i.e. the base model) against a Session's prefill and the
// transformers reference (tests/fixtures/models).
#include "check.h"
#include "fixture.h"

#include "train/train_model.h"

#include <dsw/model_files.h>

#include <cstdio>

using namespace dsw;
using namespace dsw::test;

namespace {

void check_fixture(const std::string& name, bool full) {
  Fixture f = load_fixture(name);
  const auto ids = f.ids("input_ids");
  const auto ref = f.floats("logits");
  auto files = open_model(f.dir);
  REQUIRE_OK(files);
  train::ModelSetup setup;
  setup.mode = full ? TrainMode::full : TrainMode::lora;
  setup.lora.target_modules = {"all-linear"};
  setup.lora.target_router = true;
  train::TrainModel tm(*files, setup, 2);
  auto z = tm.logits(ids.data(), 1, int64_t(ids.size()));
  auto inf = run_logits(f.model, ids, false);
  REQUIRE(z.size() == ref.size());
  const double d_inf = max_abs_diff(z.data(), inf.data(), z.size());
  const double d_ref = max_abs_diff(z.data(), ref.data(), z.size());
  std::printf("    %s (%s): max |dlogit| vs inference %.2e, vs transformers %.2e; %s\n", name.c_str(), full ? "full" : "lora",
              d_inf, d_ref, tm.audit().summary().c_str());
  CHECK(d_inf <= 1e-4);
  CHECK(d_ref <= 1e-4);
}

}  // namespace

DSW_TEST(llama_mha_untied) { check_fixture("llama_mha_untied", false); }
DSW_TEST(llama_gqa_tied_full) { check_fixture("llama_gqa_tied", true); }
DSW_TEST(qwen2_gqa_bias) { check_fixture("qwen2_gqa_bias", false); }
DSW_TEST(deepseek_moe_v1) { check_fixture("deepseek_moe_v1", false); }
DSW_TEST(deepseek_v2_lite_style) { check_fixture("deepseek_v2_lite_style", false); }
DSW_TEST(deepseek_v2_qlora_group_full) { check_fixture("deepseek_v2_qlora_group", true); }
DSW_TEST(deepseek_v3_noaux) { check_fixture("deepseek_v3_noaux", false); }
DSW_TEST(deepseek_v3_fp8) { check_fixture("deepseek_v3_fp8", false); }
