// QAT (train/qat.h, training.md §13): the fake-quantised Linear's forward and its straight-through
// backward through the training seam equal a PyTorch autograd reference over llama.cpp's own Q4_0 /
// Q8_0 quantisers (tests/scripts/make_qat_fixtures.py); a QAT model's training forward is the RTN
// INT4 export's function (far closer to it than the f32 model is); a few QAT steps train, and the
// same holds with LoRA over the fake-quantised frozen base.
#include "check.h"
#include "fixture.h"
#include "tiny_model.h"

#include "cpu/cpu_compute.h"
#include "train/ops/linear.h"
#include "train/params.h"
#include "train/qat.h"

#include <dsw/model.h>
#include <dsw/model_files.h>
#include <dsw/quantize.h>
#include <dsw/safetensors.h>
#include <dsw/tensor_store.h>
#include <dsw/train.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

using namespace dsw;
namespace fs = std::filesystem;

namespace {

std::vector<float> floats(const TensorStore& s, const std::string& name) {
  const TensorEntry* e = s.find(name);
  REQUIRE(e && e->dtype == DType::f32);
  const auto* p = e->tensor.data_as<const float>();
  return {p, p + e->shape.numel()};
}

double max_diff(const std::vector<float>& a, const std::vector<float>& b) {
  REQUIRE(a.size() == b.size());
  return test::max_abs_diff(a.data(), b.data(), a.size());
}

double rel_max_diff(const std::vector<float>& a, const std::vector<float>& b) {
  double ref = 0;
  for (float v : b) ref = std::max(ref, double(std::fabs(v)));
  return max_diff(a, b) / std::max(ref, 1e-12);
}

}  // namespace

DSW_TEST(fake_quant_linear_matches_the_pytorch_reference) {
  const fs::path path = test::source_dir() / "tests" / "fixtures" / "qat" / "fake_quant_linear.safetensors";
  TensorStore ref;
  REQUIRE_OK(load_safetensors(path, ref));
  const auto W = floats(ref, "W"), x = floats(ref, "x"), dy = floats(ref, "dy");
  const int64_t out = ref.find("W")->shape[0], in = ref.find("W")->shape[1], T = ref.find("x")->shape[0];
  auto backend = cpu::make_cpu_compute(2);
  ThreadPool& pool = cpu::cpu_compute_pool(*backend);
  for (const auto& [scheme, bits] : {std::pair<std::string, int>{"q4_0", 4}, {"q8_0", 8}}) {
    train::ParamSet params;
    train::Param& p = params.add("model.layers.0.mlp.gate_proj.weight", {out, in}, W, true, true, 0);
    train::TrainLinear l;
    l.full = &p;
    l.lin = Linear("model.layers.0.mlp.gate_proj",
                   StoredWeight::f32_view(Tensor(DType::f32, Shape{out, in}, p.data.data(), Device{}, nullptr)), LinearRole::mlp);
    l.base_only = l.lin;
    std::vector<float> emb(size_t(16 * in), 0.5f);
    Linear embedding("model.embed_tokens", StoredWeight::f32_view(Tensor(DType::f32, Shape{16, in}, emb.data(), Device{}, nullptr)),
                     LinearRole::embedding);
    ModelConfig mc;
    mc.num_hidden_layers = 1;
    train::QatState qat(QatConfig{bits, 32}, mc, {&l}, embedding);
    CHECK_EQ(qat.linears(), 1);

    train::OpContext ctx{*backend, pool, nullptr};
    std::vector<float> y(size_t(T * out)), dx(size_t(T * in));
    train::LinearSaved saved;
    train::linear_forward(ctx, l, x.data(), T, y.data(), &saved);
    params.zero_grad();
    train::linear_backward(ctx, l, saved, x.data(), dy.data(), T, dx.data(), false);
    qat.mask_gradients();

    // Ŵ as the training forward sees it: y of the unit rows.
    std::vector<float> eye(size_t(in * in), 0.0f), wq_t(size_t(in * out));
    for (int64_t i = 0; i < in; ++i) eye[size_t(i * in + i)] = 1.0f;
    train::linear_forward(ctx, l, eye.data(), in, wq_t.data(), nullptr);
    std::vector<float> wq(size_t(out * in));
    for (int64_t r = 0; r < out; ++r)
      for (int64_t c = 0; c < in; ++c) wq[size_t(r * in + c)] = wq_t[size_t(c * out + r)];

    const auto want_wq = floats(ref, scheme + ".wq"), want_mask = floats(ref, scheme + ".mask");
    const double dwq = max_diff(wq, want_wq);
    const double dyv = rel_max_diff(y, floats(ref, scheme + ".y"));
    const double dxv = rel_max_diff(dx, floats(ref, scheme + ".dx"));
    const double dwv = rel_max_diff(std::vector<float>(p.grad.begin(), p.grad.end()), floats(ref, scheme + ".dw"));
    int64_t masked = 0, want_masked = 0, agree = 0;
    for (size_t i = 0; i < want_mask.size(); ++i) {
      const bool zero = p.grad[i] == 0.0f;
      masked += zero;
      want_masked += want_mask[i] == 0.0f;
      agree += zero == (want_mask[i] == 0.0f);
    }
    std::printf("    %s: max|ΔŴ| %.2e, rel |Δy| %.2e, |Δdx| %.2e, |ΔdW| %.2e, %lld/%lld weights masked\n", scheme.c_str(), dwq, dyv, dxv,
                dwv, (long long)masked, (long long)want_masked);
    CHECK(dwq < 1e-6);
    CHECK(dyv < 1e-5);
    CHECK(dxv < 1e-5);
    CHECK(dwv < 1e-5);
    CHECK_EQ(agree, int64_t(want_mask.size()));
    if (scheme == "q4_0") CHECK(want_masked > 0);  // the fixture exercises the clamp
  }
}

DSW_TEST(qat_forward_is_the_rtn_int4_export) {
  // llama tiny: hidden 64 (Q4_0 blocks), MLP 176 wide (down_proj falls back to F16 in the plan).
  const fs::path dir = test::tiny_model_dir("llama");
  auto files = open_model(dir);
  REQUIRE_OK(files);
  const std::vector<int32_t> ids = {256, 72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100, 33, 10, 87, 104, 121};
  auto fq = forward_logits(*files, nullptr, ids, 2, QatConfig{4, 32});
  auto f32 = forward_logits(*files, nullptr, ids, 2);
  REQUIRE_OK(fq);
  REQUIRE_OK(f32);
  QuantizeOptions o;
  o.method = QuantMethod::rtn;
  o.bits = 4;
  o.group = 32;
  o.n_threads = 2;
  auto q = quantize_model(test::load_tiny_model("llama", 2), nullptr, o);
  REQUIRE_OK(q);
  const auto int4 = test::run_logits(q->model, ids, false);
  const double d_fq = rel_max_diff(*fq, int4), d_f32 = rel_max_diff(*f32, int4);
  // The INT4 kernels quantise activations to 8 bits, so "equal" is up to that rounding.
  std::printf("    vs the RTN int4 model: QAT forward rel max |Δlogit| %.2e, f32 forward %.2e\n", d_fq, d_f32);
  CHECK(d_fq < 0.2 * d_f32);
  CHECK(d_fq < 2e-2);
}

DSW_TEST(qat_full_finetuning_trains_and_keeps_its_config) {
  const fs::path data = test::temp_dir() / "qat.jsonl";
  {
    std::ofstream f(data);  // 40 documents: the eval split holds some of them
    for (int i = 0; i < 40; ++i) f << "{\"text\": \"Hello, world! The answer is " << (i * 7) % 13 << ". Hello again.\"}\n";
  }
  // Full fine-tuning without and with QAT, and LoRA over a fake-quantised frozen base.
  for (auto [mode, bits] : {std::pair{TrainMode::full, 0}, {TrainMode::full, 4}, {TrainMode::lora, 4}}) {
    TrainConfig c;
    c.model = test::tiny_model_dir("llama");
    c.output_dir = test::temp_dir() / ("qat-run-" + std::to_string(bits));
    c.mode = mode;
    c.lora.rank = 4;
    c.data.path = data;
    c.data.seq_len = 32;
    c.data.eval_fraction = 0.2;
    c.steps = 4;
    c.micro_batch = 2;
    c.optim.lr = 3e-3;
    c.optim.schedule = LrSchedule::constant;
    c.n_threads = 2;
    c.qat = {bits, 32};
    auto r = finetune(c);
    REQUIRE_OK(r);
    REQUIRE(r->first_eval_loss && r->final_eval_loss);
    std::printf("    %s, qat bits %d: eval loss %.4f -> %.4f\n", mode == TrainMode::full ? "full" : "lora", bits, *r->first_eval_loss,
                *r->final_eval_loss);
    CHECK(*r->final_eval_loss < *r->first_eval_loss);
    std::ifstream in(c.output_dir / "run.json");
    const auto run = nlohmann::json::parse(in);
    CHECK(run["config"].contains("qat") == (bits != 0));
    // The run's config round-trips (resume reads it back).
    auto back = train_config_from_json(run["config"].dump(), "run.json");
    REQUIRE_OK(back);
    CHECK_EQ(back->qat.bits, bits);
  }
}
