// Safetensors output in the GPTQ checkpoint layout (quantization.md §2.4): the written tensors
// decode by the layout's own formula (written out here, independently of the engine's packer) to
// exactly the engine's Q4_0 / Q8_0 values; the folder opens back with byte-identical blocks and
// computes like the in-memory model, for dense llama and for MoE + MLA models (which the GGUF export
// does not take); GPTQ checkpoints with zero points decode to f32 by the formula; and what the
// layout cannot hold is refused naming the reason; config.json says what a GPTQ loader needs (one
// group size for every Linear, the modules in the layout when some Linear is not).
#include "check.h"
#include "tiny_model.h"

#include "cpu/convert.h"
#include "formats/gptq_layout.h"

#include <dsw/bench.h>
#include <dsw/model_files.h>
#include <dsw/quantize.h>
#include <dsw/runner.h>
#include <dsw/safetensors.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

using namespace dsw;
namespace fs = std::filesystem;

namespace {

const char* kText =
    "Once upon a time there was a little fox who lived in a green forest. Every morning the fox ran to the river to "
    "drink and to watch the fish. One day it met a bird with blue wings. The bird said hello and the fox said hello back. ";

fs::path fresh(const std::string& name) {
  fs::path p = test::temp_dir() / name;
  fs::remove_all(p);
  return p;
}

fs::path calib_file() {
  fs::path p = test::temp_dir() / "st-calib.txt";
  std::ofstream f(p, std::ios::binary);
  for (int i = 0; i < 8; ++i) f << kText;
  return p;
}

// W[o, j] = scales[g_idx[j], o] · (q[j, o] − z[g_idx[j], o]), z = stored + 1 (v1), §2.4.
std::vector<float> decode_gptq(const TensorStore& s, const std::string& prefix, int bits) {
  const TensorEntry* qw = s.find(prefix + ".qweight");
  const TensorEntry* qz = s.find(prefix + ".qzeros");
  const TensorEntry* sc = s.find(prefix + ".scales");
  const TensorEntry* gi = s.find(prefix + ".g_idx");
  if (!qw || !qz || !sc || !gi) return {};
  const int64_t per = 32 / bits, in = qw->shape[0] * per, out = qw->shape[1];
  const auto* w = static_cast<const uint32_t*>(qw->tensor.data());
  const auto* z = static_cast<const uint32_t*>(qz->tensor.data());
  const auto* scale = static_cast<const uint16_t*>(sc->tensor.data());
  const auto* g = static_cast<const int32_t*>(gi->tensor.data());
  const uint32_t mask = (1u << bits) - 1;
  std::vector<float> W(size_t(out * in));
  for (int64_t o = 0; o < out; ++o)
    for (int64_t j = 0; j < in; ++j) {
      const int q = int((w[(j / per) * out + o] >> (bits * (j % per))) & mask);
      const int zero = int((z[g[j] * (out / per) + o / per] >> (bits * (o % per))) & mask) + 1;
      W[size_t(o * in + j)] = f16_to_f32(scale[g[j] * out + o]) * float(q - zero);
    }
  return W;
}

// What a GPTQ loader (transformers + optimum) reads from config.json: one group_size, from which
// it sizes every Linear's scales, and `modules_in_block_to_quantize` (matched as name suffixes),
// without which it expects qweight for every Linear of every decoder block.
void check_loader_config(const fs::path& out, const TensorStore& raw) {
  std::ifstream in(out / "config.json");
  const nlohmann::json qc = nlohmann::json::parse(in).at("quantization_config");
  const int64_t group = qc.at("group_size").get<int64_t>();
  std::set<std::string> packed, plain;  // block Linears ("model.layers.N.x.y") in the layout / not
  for (const TensorEntry& e : raw.entries()) {
    const bool layer = e.name.rfind("model.layers.", 0) == 0;
    if (e.name.size() > 7 && e.name.compare(e.name.size() - 7, 7, ".scales") == 0) {
      const std::string prefix = e.name.substr(0, e.name.size() - 7);
      const int64_t in_cols = raw.find(prefix + ".g_idx")->shape[0];
      CHECK_EQ(e.shape[0], group == -1 ? int64_t(1) : (in_cols + group - 1) / group);
      if (layer) packed.insert(prefix);
    } else if (layer && e.shape.rank() == 2 && e.name.compare(e.name.size() - 7, 7, ".weight") == 0 &&
               e.name.find(".mlp.gate.") == std::string::npos) {
      plain.insert(e.name.substr(0, e.name.size() - 7));
    }
  }
  CHECK(!packed.empty());
  const bool listed = qc.contains("modules_in_block_to_quantize");
  CHECK_EQ(listed, !plain.empty());
  if (!listed) return;
  std::vector<std::string> names;
  for (const auto& group_names : qc.at("modules_in_block_to_quantize"))
    for (const auto& n : group_names) names.push_back(n.get<std::string>());
  auto matched = [&](const std::string& module) {
    for (const std::string& n : names)
      if (module.size() >= n.size() && module.compare(module.size() - n.size(), n.size(), n) == 0) return true;
    return false;
  };
  for (const std::string& m : packed) CHECK(matched(m));
  for (const std::string& m : plain) CHECK(!matched(m));
}

// Writes `q` as safetensors, checks every quantised tensor against the formula and against the
// reopened model's blocks, and that the reopened model computes like the in-memory one.
void round_trip(QuantizedModel& q, const std::shared_ptr<Model>& original, const Tokenizer& tok, const std::string& name, int bits) {
  const fs::path out = fresh(name);
  REQUIRE_OK(save_quantized(q, out, QuantFormat::safetensors));
  CHECK_EQ(q.report.output_format, std::string("safetensors"));
  CHECK(fs::exists(out / "config.json") && fs::exists(out / "model.safetensors"));
  TensorStore raw;
  REQUIRE_OK(load_safetensors(out / "model.safetensors", raw));
  check_loader_config(out, raw);
  auto reopened = open_model(out);
  REQUIRE_OK(reopened);
  REQUIRE(reopened->config.gptq.has_value());
  CHECK_EQ(reopened->config.gptq->bits, bits);
  int checked = 0;
  for (const TensorEntry& e : q.stored_files->tensors.entries()) {
    if (e.dtype != DType::q4_0 && e.dtype != DType::q8_0) continue;
    const std::string prefix = e.name.substr(0, e.name.size() - 7);
    std::vector<float> want(size_t(e.shape.numel()));
    cpu::to_f32(*e.dtype, e.tensor.data(), want.data(), e.shape.numel());
    const TensorEntry* back = reopened->tensors.find(e.name);
    REQUIRE(back != nullptr);
    if (e.shape[0] % (32 / bits)) {  // written as exact f32
      CHECK(back->dtype == DType::f32);
      CHECK(std::memcmp(back->tensor.data(), want.data(), want.size() * 4) == 0);
      continue;
    }
    const std::vector<float> got = decode_gptq(raw, prefix, bits);
    REQUIRE(got.size() == want.size());
    // Equal values (not bytes): a code at the zero point decodes to -0 when ggml's Q4_0 d is
    // negative by the formula, while the engine's Q4_0 kernels give +0 there.
    CHECK(got == want);
    CHECK(back->dtype == e.dtype);
    CHECK(back->nbytes == e.nbytes && std::memcmp(back->tensor.data(), e.tensor.data(), e.nbytes) == 0);
    ++checked;
  }
  CHECK(checked > 0);
  // The folder opens as a model and computes what the in-memory quantised model computes.
  auto runner = Runner::open(out, {});
  REQUIRE_OK(runner);
  const fs::path text = test::temp_dir() / "st-eval.txt";
  {
    std::ofstream f(text);
    for (int i = 0; i < 4; ++i) f << kText;
  }
  QualityBenchOptions qo;
  qo.file = text.string();
  qo.ctx = 48;
  qo.max_chunks = 2;
  auto row = run_quality_bench(q.model, (*runner)->model(), tok, qo);
  REQUIRE_OK(row);
  CHECK(*row->kld_mean < 1e-9);
  CHECK_EQ(*row->top1_agreement, 1.0);
  (void)original;
}

}  // namespace

DSW_TEST(dense_llama_round_trips_through_the_gptq_layout) {
  auto model = test::load_tiny_model("llama", 2);
  auto runner = Runner::open(test::tiny_model_dir("llama"), {});
  REQUIRE_OK(runner);
  for (const auto& [bits, group] : {std::pair{4, int64_t(32)}, std::pair{4, int64_t(0)}, std::pair{8, int64_t(64)}}) {
    QuantizeOptions o;
    o.bits = bits;
    o.group = group;
    o.head = false;
    o.n_threads = 2;
    auto q = quantize_model(model, (*runner)->tokenizer(), o);
    REQUIRE_OK(q);
    round_trip(*q, model, *(*runner)->tokenizer(), "st-llama-" + std::to_string(bits) + "-" + std::to_string(group), bits);
  }
}

DSW_TEST(moe_and_mla_models_round_trip_through_the_gptq_layout) {
  for (const std::string arch : {"deepseek_v2", "deepseek_v3"}) {
    auto runner = Runner::open(test::tiny_model_dir(arch), {});
    REQUIRE_OK(runner);
    auto model = (*runner)->model();
    QuantizeOptions o;
    o.method = QuantMethod::gptq;
    o.calib_file = calib_file();
    o.calib_samples = 2;
    o.calib_length = 64;
    o.head = false;
    o.n_threads = 2;
    auto q = quantize_model(model, (*runner)->tokenizer(), o);
    REQUIRE_OK(q);
    round_trip(*q, model, *(*runner)->tokenizer(), "st-" + arch, 4);
  }
}

DSW_TEST(the_job_writes_a_folder_and_refuses_what_the_layout_cannot_hold) {
  QuantizeJobRequest r;
  r.model = test::tiny_model_dir("deepseek_v3");
  r.format = QuantFormat::safetensors;
  r.out = fresh("st-job");
  r.options.n_threads = 2;
  auto report = run_quantize_job(r);
  REQUIRE_OK(report);
  CHECK(fs::is_directory(r.out) && fs::exists(quantize_report_path(r.out)));
  for (const auto& l : report->linears)
    if (l.name == "lm_head") CHECK_EQ(l.method, std::string("kept"));  // GPTQ checkpoints keep the head
  // The same folder again: it exists.
  auto again = run_quantize_job(r);
  CHECK(!again.is_ok() && std::string(again.status().message()).find("already exists") != std::string::npos);
  auto refused = [&](QuantizeJobRequest req, const std::string& what) {
    req.out = fresh("st-refused");
    auto res = run_quantize_job(req);
    CHECK(!res.is_ok());
    if (!res.is_ok()) CHECK(std::string(res.status().message()).find(what) != std::string::npos);
    CHECK(!fs::exists(req.out));
  };
  QuantizeJobRequest mix = r;
  mix.options.mix = "q4_k_m";
  refused(mix, "mix is GGUF only");
  QuantizeJobRequest asym = r;
  asym.options.symmetric = false;
  refused(asym, "zero-point codes");
  QuantizeJobRequest emb = r;
  emb.options.embedding = true;
  refused(emb, "leave out --embedding");
}

// A GPTQ checkpoint with real zero points (as AutoGPTQ writes with sym=False) has no block type:
// it opens as f32 with exactly the formula's values.
DSW_TEST(zero_point_gptq_tensors_decode_to_f32_by_the_formula) {
  const int64_t in = 64, out = 8, groups = 2, bits = 4;
  Tensor qweight = Tensor::host(DType::i32, Shape{in / 8, out});
  Tensor qzeros = Tensor::host(DType::i32, Shape{groups, out / 8});
  Tensor scales = Tensor::host(DType::f16, Shape{groups, out});
  auto* w = static_cast<uint32_t*>(qweight.data());
  auto* z = static_cast<uint32_t*>(qzeros.data());
  auto* s = static_cast<uint16_t*>(scales.data());
  uint32_t seed = 7;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int64_t i = 0; i < qweight.numel(); ++i) w[i] = next();
  for (int64_t i = 0; i < qzeros.numel(); ++i) z[i] = next();
  for (int64_t i = 0; i < scales.numel(); ++i) s[i] = f32_to_f16(0.01f * float(1 + next() % 50));
  const TensorEntry e = formats::unpack_gptq("x.weight", qweight, qzeros, scales, nullptr, int(bits), false);
  REQUIRE(e.dtype == DType::f32);
  const auto* got = static_cast<const float*>(e.tensor.data());
  for (int64_t o = 0; o < out; ++o)
    for (int64_t j = 0; j < in; ++j) {
      const int64_t g = j / (in / groups);
      const int q = int((w[(j / 8) * out + o] >> (4 * (j % 8))) & 15);
      const int zero = int(((z[g * (out / 8) + o / 8] >> (4 * (o % 8))) & 15) + 1) & 15;
      CHECK_EQ(got[o * in + j], f16_to_f32(s[g * out + o]) * float(q - zero));
    }
  // Shapes that do not fit together are refused naming the tensor.
  Tensor bad = Tensor::host(DType::f16, Shape{groups, out + 1});
  bool threw = false;
  try {
    formats::unpack_gptq("y.weight", qweight, qzeros, bad, nullptr, int(bits), false);
  } catch (const std::exception& ex) {
    threw = std::string(ex.what()).find("y.weight") != std::string::npos;
  }
  CHECK(threw);
}
