// GGUF export: the writer's bytes read back by our reader; every dense fixture exported to F32
// GGUF and reloaded reproduces the Hugging Face reference logits (q/k permutation + interleaved
// rope, llama3 rope_freqs, biases, tied heads); F16/BF16/Q8_0 tensors hold exactly the converted
// weights; Q8_0 falls back to F16 for rows not divisible by 32; GGUF sources re-export byte for
// byte; a cancelled export leaves nothing behind. Vocabularies: gguf_export_vocab_test.cpp.
#include "check.h"
#include "fixture.h"

#include "cpu/convert.h"
#include "export/gguf_writer.h"
#include "model/gguf_model.h"

#include <dsw/gguf.h>
#include <dsw/gguf_export.h>
#include <dsw/model_files.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>

using namespace dsw;
using namespace dsw::test;
namespace fs = std::filesystem;

namespace {

const char* const kDenseFixtures[] = {"llama_mha_untied", "llama_gqa_tied",  "llama_rope_linear", "llama_rope_llama3",
                                      "llama_attention_bias", "qwen2_gqa_bias", "qwen2_tied"};

fs::path fixture_dir(const std::string& name) {
  fs::path d = source_dir() / "tests" / "fixtures" / "models" / name;
  if (!fs::is_directory(d)) SKIP("fixture not found: " + d.string());
  return d;
}

ModelFiles open_files(const fs::path& p) {
  auto m = open_model(p);
  REQUIRE_OK(m);
  return std::move(m).value();
}

GgufExportReport export_model(const ModelFiles& m, const fs::path& out, GgufExportType type, const std::string& name = "t") {
  GgufExportOptions o;
  o.type = type;
  o.name = name;
  auto r = export_gguf(m, out, o);
  REQUIRE_OK(r);
  return std::move(r).value();
}

std::shared_ptr<Model> load(const fs::path& p) {
  LoadOptions lo;
  lo.device.n_threads = 2;
  auto m = Model::load(open_files(p), lo);
  REQUIRE_OK(m);
  return std::move(m).value();
}

std::string read_file(const fs::path& p) {
  REQUIRE(fs::is_regular_file(p));
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Reference logits of a fixture against the exported file, prefill and token by token, within
// `abs_tolerance` or `rel_tolerance` times the largest reference |logit|, whichever is larger.
void check_logits(const std::string& fixture, const fs::path& gguf, double abs_tolerance, double rel_tolerance = 0) {
  Fixture f = load_fixture(fixture);
  auto model = load(gguf);
  const auto ids = f.ids("input_ids");
  const auto ref = f.floats("logits");
  auto prefill = run_logits(model, ids, false);
  auto decode = run_logits(model, ids, true);
  REQUIRE(prefill.size() == ref.size() && decode.size() == ref.size());
  const double dp = max_abs_diff(prefill.data(), ref.data(), ref.size());
  const double dd = max_abs_diff(decode.data(), ref.data(), ref.size());
  double scale = 0;
  for (float v : ref) scale = std::max(scale, double(std::fabs(v)));
  const double limit = std::max(abs_tolerance, rel_tolerance * scale);
  std::printf("    %-22s %-30s max |dlogit| prefill %.2e decode %.2e = %.1e of max |logit| %.2f (limit %.1e)\n",
              fixture.c_str(), gguf.filename().string().c_str(), dp, dd, std::max(dp, dd) / scale, scale, limit);
  CHECK(dp <= limit);
  CHECK(dd <= limit);
}

// The bytes a tensor must hold: the source widened to f32, q/k rows reordered per head for
// llama's interleaved rope (reshape [heads, 2, d/2] -> [heads, d/2, 2]), converted row by row.
std::vector<uint8_t> expected_bytes(const TensorEntry& e, const ModelConfig& c, bool permute, DType out) {
  const int64_t n = e.shape.numel();
  std::vector<float> src(static_cast<size_t>(n)), perm(static_cast<size_t>(n));
  cpu::to_f32(*e.dtype, e.tensor.data(), src.data(), n);
  const int64_t rows = e.shape[0], cols = e.shape.rank() == 2 ? e.shape[1] : 1;
  const bool qk = e.name.find("q_proj") != std::string::npos || e.name.find("k_proj") != std::string::npos;
  for (int64_t r = 0; r < rows; ++r) {
    int64_t from = r;
    if (permute && qk) {
      const int64_t d = c.head_dim, head = r / d, i = (r % d) / 2, s = r % 2;
      from = head * d + s * (d / 2) + i;
    }
    std::memcpy(&perm[size_t(r * cols)], &src[size_t(from * cols)], size_t(cols) * 4);
  }
  const int64_t row_len = e.shape.rank() == 2 ? cols : n;
  std::vector<uint8_t> bytes(*dtype_bytes(out, uint64_t(n)));
  const uint64_t row_bytes = *dtype_bytes(out, uint64_t(row_len));
  for (int64_t r = 0; r < n / row_len; ++r) {
    if (out == DType::q8_0)
      cpu::quantize_q8_0(&perm[size_t(r * row_len)], reinterpret_cast<cpu::BlockQ8_0*>(&bytes[size_t(r) * row_bytes]), row_len);
    else
      cpu::from_f32(&perm[size_t(r * row_len)], out, &bytes[size_t(r) * row_bytes], row_len);
  }
  return bytes;
}

// Every tensor of `gguf` against the source model; returns the number compared.
int check_tensor_data(const ModelFiles& src, const fs::path& gguf, DType requested) {
  auto g = GgufFile::open(gguf);
  REQUIRE_OK(g);
  const bool permute = src.config.arch == Architecture::llama && src.config.rope_layout == RopeLayout::half;
  int compared = 0;
  for (const auto& t : g->tensors()) {
    if (t.name == "rope_freqs.weight") continue;
    const TensorEntry* e = src.tensors.find(hf_tensor_name(t.name));
    REQUIRE(e);
    CHECK(t.shape == e->shape);
    DType out = t.shape.rank() == 1 ? DType::f32 : requested;
    if (out == DType::q8_0 && t.ne[0] % 32) out = DType::f16;
    CHECK(t.dtype == out);
    auto want = expected_bytes(*e, src.config, permute, out);
    Tensor v = g->tensor_view(t);
    bool same = v.nbytes() == want.size() && std::memcmp(v.data(), want.data(), want.size()) == 0;
    if (!same) std::printf("    tensor %s differs\n", t.name.c_str());
    CHECK(same);
    ++compared;
  }
  return compared;
}

}  // namespace

DSW_TEST(writer_output_reads_back) {
  GgufWriter w("mem", 32);
  w.add_u32("a.u32", 7);
  w.add_i32("a.i32", -3);
  w.add_u64("a.u64", 1ull << 40);
  w.add_f32("a.f32", 0.25f);
  w.add_bool("a.bool", true);
  w.add_string("a.str", "h\xC3\xA9llo");
  w.add_string_array("a.strs", {"x", "", "yz"});
  w.add_i32_array("a.ints", {1, -2, 3});
  w.add_f32_array("a.floats", {1.5f, -0.5f});
  bool threw = false;
  try {
    w.add_u32("a.u32", 8);
  } catch (const std::exception&) {
    threw = true;
  }
  CHECK(threw);  // duplicate keys are refused, as ggml refuses them
  CHECK_EQ(w.add_tensor("t0", 0, {3}), uint64_t(12));
  CHECK_EQ(w.add_tensor("t1", 8, {64, 2}), uint64_t(2 * 2 * 34));
  CHECK_EQ(w.add_tensor("t2", 1, {5}), uint64_t(10));
  threw = false;
  try {
    w.add_tensor("bad", 8, {48});  // Q8_0 rows must be whole blocks
  } catch (const std::exception&) {
    threw = true;
  }
  CHECK(threw);

  const fs::path path = temp_dir() / "w.gguf";
  {
    AtomicFile f(path);
    w.write_header(f);
    const float t0[3] = {1, 2, 3};
    w.write_tensor_data(f, {reinterpret_cast<const uint8_t*>(t0), 12});
    std::vector<uint8_t> q(136, 0x11);
    w.write_tensor_data(f, {q.data(), 100});  // in two pieces
    w.write_tensor_data(f, {q.data() + 100, 36});
    std::vector<uint8_t> h(10, 0x22);
    w.write_tensor_data(f, {h.data(), h.size()});
    w.finish();
    f.commit();
  }
  auto g = GgufFile::open(path);
  REQUIRE_OK(g);
  CHECK_EQ(g->version(), 3u);
  CHECK_EQ(g->get_int("a.u32").value_or(0), 7);
  CHECK_EQ(g->get_int("a.i32").value_or(0), -3);
  CHECK_EQ(g->get_int("a.u64").value_or(0), int64_t(1) << 40);
  CHECK_EQ(g->get_float("a.f32").value_or(0), 0.25);
  CHECK_EQ(g->get_bool("a.bool").value_or(false), true);
  CHECK_EQ(std::string(g->get_string("a.str").value_or("")), std::string("h\xC3\xA9llo"));
  const GgufValue* strs = g->find("a.strs");
  REQUIRE(strs && strs->array_size() == 3);
  CHECK_EQ(std::string(strs->at(2).as_string().value_or("")), std::string("yz"));
  CHECK_EQ(g->find("a.ints")->at(1).as_int().value_or(0), -2);
  CHECK_EQ(g->find("a.floats")->at(0).as_float().value_or(0), 1.5);
  REQUIRE(g->tensors().size() == 3);
  CHECK_EQ(g->tensors()[1].offset, uint64_t(32));  // 12 bytes padded to 32
  CHECK_EQ(g->tensors()[2].offset, uint64_t(32 + 160));
  CHECK_EQ(g->data_offset() % 32, uint64_t(0));
  CHECK_EQ(g->tensor_view(g->tensors()[0]).data_as<const float>()[2], 3.0f);
  CHECK_EQ(fs::file_size(path), g->data_offset() + 32 + 160 + 32);

  // add_value copies every type verbatim, nested arrays included.
  GgufWriter w2("mem2");
  for (const auto& [k, v] : g->metadata()) w2.add_value(k, v);
  const fs::path path2 = temp_dir() / "w2.gguf";
  {
    AtomicFile f(path2);
    w2.write_header(f);
    w2.finish();
    f.commit();
  }
  auto g2 = GgufFile::open(path2);
  REQUIRE_OK(g2);
  REQUIRE(g2->metadata().size() == g->metadata().size());
  for (size_t i = 0; i < g->metadata().size(); ++i)
    CHECK_EQ(g2->metadata()[i].second.to_display_string(100), g->metadata()[i].second.to_display_string(100));
}

DSW_TEST(f32_exports_reproduce_reference_logits) {
  for (const char* name : kDenseFixtures) {
    const fs::path out = temp_dir() / (std::string(name) + "-f32.gguf");
    ModelFiles src = open_files(fixture_dir(name));
    auto r = export_model(src, out, GgufExportType::f32);
    CHECK_EQ(r.file_type, 0u);
    CHECK_EQ(r.tokenizer_kind, std::string("none"));
    CHECK_EQ(r.qk_permuted, src.config.arch == Architecture::llama);
    CHECK(r.fallbacks.empty());
    CHECK_EQ(uint64_t(fs::file_size(out)), r.bytes);
    CHECK_EQ(check_tensor_data(src, out, DType::f32) + (src.config.rope_scaling.type == RopeScalingType::llama3),
             int(r.tensor_count));
    // Reloaded: llama files run interleaved rope on the permuted rows (formats.md §2.6).
    ModelFiles back = open_files(out);
    CHECK(back.config.rope_layout ==
          (src.config.arch == Architecture::llama ? RopeLayout::interleaved : RopeLayout::half));
    CHECK_EQ(back.config.tie_word_embeddings, src.config.tie_word_embeddings);
    CHECK_EQ(back.config.head_dim, src.config.head_dim);
    check_logits(name, out, 1e-4);
  }
}

DSW_TEST(llama3_scaling_becomes_rope_freqs) {
  ModelFiles src = open_files(fixture_dir("llama_rope_llama3"));
  const fs::path out = temp_dir() / "llama3.gguf";
  export_model(src, out, GgufExportType::f32);
  auto g = GgufFile::open(out);
  REQUIRE_OK(g);
  const GgufTensorInfo* t = g->find_tensor("rope_freqs.weight");
  REQUIRE(t && t->dtype == DType::f32 && t->shape == Shape({src.config.head_dim / 2}));
  CHECK(!g->find("llama.rope.scaling.type"));
  // factor_j = inv_freq_default_j / inv_freq_llama3_j: 1 at high frequencies, `factor` (8) at low ones.
  const float* f = g->tensor_view(*t).data_as<const float>();
  CHECK_EQ(f[0], 1.0f);
  CHECK_NEAR(f[src.config.head_dim / 2 - 1], 8.0, 1e-6);
  bool smoothed = false;
  for (int64_t j = 0; j < src.config.head_dim / 2; ++j) smoothed |= f[j] > 1.0f && f[j] < 8.0f;
  CHECK(smoothed);  // the fixture's original context puts some frequencies in the smooth band
  ModelFiles back = open_files(out);
  REQUIRE(back.config.rope_freq_factors.size() == size_t(src.config.head_dim / 2));
  CHECK_EQ(back.config.rope_freq_factors[0], f[0]);
  CHECK(back.config.rope_scaling.type == RopeScalingType::none);
  CHECK(!back.tensors.contains("rope_freqs.weight"));

  // A factor that is not positive and finite is refused, naming the tensor.
  std::string bytes = read_file(out);
  const uint64_t at = g->data_offset() + t->offset + 4;
  for (float bad : {-1.0f, 0.0f, std::nanf("")}) {
    std::memcpy(&bytes[at], &bad, 4);
    const fs::path broken = temp_dir() / "llama3-broken.gguf";
    std::ofstream(broken, std::ios::binary) << bytes;
    auto m = open_model(broken);
    CHECK(m.status().code() == StatusCode::invalid_input);
    CHECK(m.status().message().find("rope_freqs.weight") != std::string::npos);
  }
}

DSW_TEST(typed_exports_hold_converted_weights) {
  // Logit tolerances relative to max |logit|. Per weight, f16 keeps 11 significant bits (relative
  // error <= 2^-11 = 4.9e-4), bf16 8 bits (<= 2^-8 = 3.9e-3), q8_0 rounds to max|w_block|/254.
  // Through two layers of random weights the measured logit errors are about 1x (f16), 1.5x
  // (bf16) and 3-6x (q8_0, small blocks of random weights) those bounds: at most 4.7e-4, 5.8e-3
  // and 1.4e-2 of max |logit|. The limits below leave 3-4x headroom. The exact check is the
  // tensor data itself (check_tensor_data).
  const struct {
    GgufExportType type;
    DType dtype;
    double tolerance;
  } kCases[] = {{GgufExportType::f16, DType::f16, 2e-3}, {GgufExportType::bf16, DType::bf16, 2e-2},
                {GgufExportType::q8_0, DType::q8_0, 5e-2}};
  for (const char* name : {"llama_rope_llama3", "qwen2_gqa_bias", "llama_attention_bias"}) {
    ModelFiles src = open_files(fixture_dir(name));
    for (const auto& k : kCases) {
      const fs::path out = temp_dir() / (std::string(name) + "-" + std::string(gguf_export_type_name(k.type)) + ".gguf");
      auto r = export_model(src, out, k.type);
      CHECK_EQ(r.file_type, gguf_file_type(k.type));
      check_tensor_data(src, out, k.dtype);
      auto g = GgufFile::open(out);
      REQUIRE_OK(g);
      CHECK_EQ(g->get_int("general.quantization_version").has_value(), k.type == GgufExportType::q8_0 && int64_t(r.fallbacks.size()) < r.tensor_count);
      check_logits(name, out, 0, k.tolerance);
    }
  }
}

DSW_TEST(q8_0_falls_back_to_f16_for_short_rows) {
  // llama_gqa_tied: hidden 48, FFN 80, 4 heads of 16: only o_proj (rows of 64) is Q8_0-able.
  ModelFiles src = open_files(fixture_dir("llama_gqa_tied"));
  const fs::path out = temp_dir() / "fallback.gguf";
  auto r = export_model(src, out, GgufExportType::q8_0);
  std::set<std::string> expected = {"token_embd.weight"};
  for (int l = 0; l < 2; ++l)
    for (const char* n : {"attn_q", "attn_k", "attn_v", "ffn_gate", "ffn_up", "ffn_down"})
      expected.insert("blk." + std::to_string(l) + "." + n + ".weight");
  std::set<std::string> got;
  for (const auto& f : r.fallbacks) {
    got.insert(f.tensor);
    CHECK_EQ(f.written_as, std::string("f16"));
    CHECK(f.row_length % 32 != 0);
  }
  CHECK(got == expected);
  auto g = GgufFile::open(out);
  REQUIRE_OK(g);
  CHECK(g->find_tensor("blk.0.attn_output.weight")->dtype == DType::q8_0);
  CHECK(g->find_tensor("blk.1.ffn_down.weight")->dtype == DType::f16);
  CHECK(g->find_tensor("blk.1.ffn_norm.weight")->dtype == DType::f32);
  CHECK_EQ(g->get_int("general.file_type").value_or(-1), 7);
  check_tensor_data(src, out, DType::q8_0);
  check_logits("llama_gqa_tied", out, 0, 5e-2);
}

DSW_TEST(gguf_sources_reexport_byte_for_byte) {
  // A llama GGUF is already interleaved and a llama3 one carries rope_freqs: re-exporting writes
  // the same file (no second permutation, factors copied).
  for (const char* name : {"llama_rope_llama3", "llama_attention_bias", "qwen2_tied"}) {
    const fs::path a = temp_dir() / (std::string(name) + "-a.gguf"), b = temp_dir() / (std::string(name) + "-b.gguf");
    export_model(open_files(fixture_dir(name)), a, GgufExportType::f32);
    auto r = export_model(open_files(a), b, GgufExportType::f32);
    CHECK(!r.qk_permuted);
    CHECK(read_file(a) == read_file(b));
  }
}

DSW_TEST(cancelled_export_leaves_nothing) {
  ModelFiles src = open_files(fixture_dir("llama_rope_llama3"));
  const fs::path dir = temp_dir() / "cancel";
  fs::create_directories(dir);
  std::atomic<bool> flag{true};
  JobContext pre;
  pre.cancel = &flag;
  auto r = export_gguf(src, dir / "x.gguf", {}, pre);
  CHECK(r.status().code() == StatusCode::cancelled);
  // Cancelled from the progress callback after the first chunk of data was written.
  int calls = 0;
  JobContext mid;
  mid.progress = [&](const ProgressEvent& e) {
    CHECK_EQ(std::string(e.phase), std::string("export"));
    return ++calls < 2;
  };
  r = export_gguf(src, dir / "x.gguf", {}, mid);
  CHECK(r.status().code() == StatusCode::cancelled);
  CHECK_EQ(calls, 2);
  CHECK(fs::is_empty(dir));
}

DSW_TEST(unsupported_models_are_refused) {
  auto r = export_gguf(open_files(fixture_dir("deepseek_v2_lite_style")), temp_dir() / "v2.gguf");
  CHECK(r.status().code() == StatusCode::unsupported);
  OpenModelOptions o;
  o.config_only = true;
  auto m = open_model(fixture_dir("qwen2_tied"), o);
  REQUIRE_OK(m);
  const fs::path none = temp_dir() / "none.gguf";
  r = export_gguf(*m, none);
  CHECK(r.status().code() == StatusCode::invalid_input);
  CHECK(!fs::exists(none));
  CHECK(fs::is_empty(none.parent_path()));
  CHECK(!gguf_export_type_from_name("q4_0"));
  CHECK(gguf_export_type_from_name("Q8_0") == GgufExportType::q8_0);
}
