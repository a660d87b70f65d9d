// AWQ-style scaling (quantization.md §3): folding the scales into the preceding norm (or up_proj's
// rows) keeps the float function, so an 8-bit model with AWQ stays as close to the original as
// without it (a wrong fold would wreck it); the scales are really applied (norms change, members
// carry the chosen α); on 4 bits the search never does worse than RTN on its own objective; and
// --awq without calibration text is refused.
#include "check.h"
#include "tiny_model.h"

#include <dsw/bench.h>
#include <dsw/quantize.h>
#include <dsw/runner.h>

#include <fstream>

using namespace dsw;
namespace fs = std::filesystem;

namespace {

const char* kText =
    "Once upon a time there was a little fox who lived in a green forest. Every morning the fox ran to the river to "
    "drink and to watch the fish. One day it met a bird with blue wings. The bird said hello and the fox said hello back. ";

fs::path text_file(const std::string& name, int copies) {
  fs::path p = test::temp_dir() / name;
  std::ofstream f(p, std::ios::binary);
  for (int i = 0; i < copies; ++i) f << kText;
  return p;
}

double kld(const std::shared_ptr<Model>& ref, const std::shared_ptr<Model>& m, const Tokenizer& tok) {
  QualityBenchOptions qo;
  qo.file = text_file("awq-eval.txt", 6).string();
  qo.ctx = 64;
  qo.max_chunks = 3;
  auto row = run_quality_bench(ref, m, tok, qo);
  REQUIRE_OK(row);
  return *row->kld_mean;
}

}  // namespace

DSW_TEST(awq_keeps_the_float_function_and_applies_its_scales) {
  for (const std::string arch : {"llama", "deepseek_v3"}) {
    auto runner = Runner::open(test::tiny_model_dir(arch), {});
    REQUIRE_OK(runner);
    auto model = (*runner)->model();
    const Tokenizer& tok = *(*runner)->tokenizer();
    QuantizeOptions o;
    o.bits = 8;
    o.calib_file = text_file("awq-calib.txt", 8);
    o.calib_samples = 4;
    o.calib_length = 64;
    o.head = false;
    o.n_threads = 2;
    auto plain = quantize_model(model, &tok, o);
    REQUIRE_OK(plain);
    o.awq = true;
    auto scaled = quantize_model(model, &tok, o);
    REQUIRE_OK(scaled);
    CHECK(scaled->report.method.find("awq") != std::string::npos);
    int noted = 0, moved = 0;
    for (const auto& l : scaled->report.linears) {
      if (l.note.find("awq alpha") == std::string::npos) continue;
      ++noted;
      moved += l.note.find("awq alpha 0.00") == std::string::npos;
    }
    CHECK(noted > 0);
    CHECK(moved > 0);
    // A folded norm is stored as f32 and differs from the original.
    const TensorEntry* norm = scaled->stored_files->tensors.find("model.layers.0.input_layernorm.weight");
    REQUIRE(norm != nullptr);
    CHECK(norm->dtype == DType::f32);
    const double k_plain = kld(model, plain->model, tok), k_awq = kld(model, scaled->model, tok);
    CHECK(k_plain < 1e-3);
    CHECK(k_awq < 2 * k_plain + 1e-4);
    // On 4 bits each scaled member reports an objective no worse than RTN's (α = 0 is a candidate).
    o.bits = 4;
    auto q4 = quantize_model(model, &tok, o);
    REQUIRE_OK(q4);
    for (const auto& l : q4->report.linears) {
      const size_t at = l.note.find("output error ");
      if (at == std::string::npos) continue;
      CHECK(std::stod(l.note.substr(at + 13)) <= 100.0);
    }
  }
}

DSW_TEST(awq_needs_calibration_text) {
  QuantizeOptions o;
  o.awq = true;
  const Status s = validate_quantize_options(o);
  CHECK(!s.is_ok() && std::string(s.message()).find("--awq needs a calibration file") != std::string::npos);
}
