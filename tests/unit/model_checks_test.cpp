// Values a model's files may not hold, whatever the format: config ranges applied alike to
// config.json, GGUF metadata and llama2.c headers (one check, messages in each format's own
// words); weights the config does not account for; a tokenizer that does not fit its model;
// non-finite GGUF scores; NUL bytes in config strings; a checkpoint given as a tokenizer.
#include "check.h"

#include "export/gguf_writer.h"
#include "formats/config_check.h"

#include <dsw/llama2c.h>
#include <dsw/make_model.h>
#include <dsw/model_files.h>
#include <dsw/safetensors.h>
#include <dsw/safetensors_writer.h>
#include <dsw/tokenizer.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>

using namespace dsw;
using namespace dsw::test;
namespace fs = std::filesystem;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// A metadata-only llama GGUF; `edit` changes or adds keys before writing.
fs::path gguf_model(const std::string& name, const std::function<void(GgufWriter&)>& extra, bool with_defaults = true) {
  fs::path path = temp_dir() / name;
  GgufWriter w(path.string());
  w.add_string("general.architecture", "llama");
  if (with_defaults) {
    w.add_u32("llama.embedding_length", 64);
    w.add_u32("llama.block_count", 2);
    w.add_u32("llama.feed_forward_length", 128);
    w.add_u32("llama.attention.head_count", 4);
    w.add_u32("llama.vocab_size", 32);
  }
  extra(w);
  AtomicFile f(path);
  w.write_header(f);
  w.finish();
  f.commit();
  return path;
}

std::string open_error(const fs::path& p) {
  auto m = open_model(p, {.config_only = true});
  return m.is_ok() ? std::string() : m.status().message();
}

bool has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

// A legacy llama2.c header (7 int32) followed by `floats` zeros.
fs::path llama2c_file(const fs::path& p, std::vector<int32_t> header, size_t floats) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(header.data()), std::streamsize(header.size() * 4));
  std::vector<float> zeros(floats, 0.0f);
  out.write(reinterpret_cast<const char*>(zeros.data()), std::streamsize(zeros.size() * 4));
  return p;
}

ModelConfig tiny_llama() {
  auto c = preset_config("llama", "tiny");
  REQUIRE_OK(c);
  return *c;
}

void write_config(const fs::path& folder, const ModelConfig& c) {
  std::ofstream(folder / "config.json") << config_to_json(c);
}

}  // namespace

DSW_TEST(gguf_metadata_gets_the_config_json_ranges) {
  struct Case {
    const char* name;
    std::function<void(GgufWriter&)> edit;
    const char* key;
  };
  const Case cases[] = {
      {"ctx_negative.gguf", [](GgufWriter& w) { w.add_i32("llama.context_length", -5); }, "'llama.context_length' is -5"},
      {"ctx_zero.gguf", [](GgufWriter& w) { w.add_u32("llama.context_length", 0); }, "'llama.context_length' is 0"},
      {"eps_nan.gguf", [](GgufWriter& w) { w.add_f32("llama.attention.layer_norm_rms_epsilon", float(kNaN)); },
       "'llama.attention.layer_norm_rms_epsilon' is NaN"},
      {"eps_negative.gguf", [](GgufWriter& w) { w.add_f32("llama.attention.layer_norm_rms_epsilon", -1e-5f); },
       "'llama.attention.layer_norm_rms_epsilon' is -"},
      {"rope_zero.gguf", [](GgufWriter& w) { w.add_f32("llama.rope.freq_base", 0.0f); }, "'llama.rope.freq_base' is 0"},
      {"rope_nan.gguf", [](GgufWriter& w) { w.add_f32("llama.rope.freq_base", float(kNaN)); }, "'llama.rope.freq_base' is NaN"},
      {"rope_inf.gguf", [](GgufWriter& w) { w.add_f32("llama.rope.freq_base", INFINITY); }, "'llama.rope.freq_base' is inf"},
      {"kv_heads_3.gguf", [](GgufWriter& w) { w.add_u32("llama.attention.head_count_kv", 3); }, "head_count_kv"},
      {"ctx_string.gguf", [](GgufWriter& w) { w.add_string("llama.context_length", "4096"); }, "must be an integer"},
      {"eps_string.gguf", [](GgufWriter& w) { w.add_string("llama.attention.layer_norm_rms_epsilon", "1e-5"); }, "must be a number"},
      {"key_length_odd.gguf", [](GgufWriter& w) { w.add_u32("llama.attention.key_length", 15); }, "'llama.attention.key_length'"},
      {"vocab_huge.gguf", [](GgufWriter& w) { w.add_u64("llama.context_length", 1ull << 40); }, "'llama.context_length'"},
  };
  for (const auto& c : cases) {
    std::string m = open_error(gguf_model(c.name, c.edit));
    if (!has(m, c.key)) std::printf("    %s: %s\n", c.name, m.c_str());
    CHECK(has(m, c.key));
    CHECK(has(m, c.name));  // the file is named
  }
  // A file within every range opens.
  CHECK_EQ(open_error(gguf_model("fine.gguf", [](GgufWriter& w) { w.add_u32("llama.context_length", 4096); })), std::string());
}

DSW_TEST(llama2c_headers_get_the_same_ranges) {
  // dim 64, hidden 128, 2 layers, 4 heads, 4 KV heads, vocab 9,000,000 (under llama2.c's own cap,
  // over every config's), seq 256: refused from the header, before the file's size is judged.
  std::string m = [&] {
    auto r = open_llama2c(llama2c_file(temp_dir() / "wide_vocab.bin", {64, 128, 2, 4, 4, 9'000'000, 256}, 16));
    return r.is_ok() ? std::string() : r.status().message();
  }();
  CHECK(has(m, "wide_vocab.bin: header field 'vocab_size' is 9000000"));
}

DSW_TEST(config_check_names_fields_in_each_format) {
  ModelConfig c = tiny_llama();
  c.rms_norm_eps = kNaN;
  std::string json_msg, header_msg;
  try {
    check_model_config(c, config_json_source("config.json"));
  } catch (const std::exception& e) {
    json_msg = e.what();
  }
  CHECK(has(json_msg, "config.json: field 'rms_norm_eps' is NaN"));
  c = tiny_llama();
  c.max_position_embeddings = 0;
  try {
    check_model_config(c, config_json_source("config.json"));
  } catch (const std::exception& e) {
    header_msg = e.what();
  }
  CHECK(has(header_msg, "field 'max_position_embeddings' is 0"));
}

DSW_TEST(nul_in_a_config_string_does_not_cut_the_message) {
  auto r = parse_model_config(R"({"model_type": "gp\u0000t2-after-nul", "hidden_size": 8})", "nul.json");
  REQUIRE(!r.is_ok());
  CHECK(has(r.status().message(), "gp\\x00t2-after-nul"));
  CHECK(r.status().message().find('\0') == std::string::npos);
  // Control bytes and invalid UTF-8 in any message are shown as \xHH too.
  Status s(StatusCode::invalid_input, std::string("a\x01" "b\xff" "c\n\xC3\xA9"));
  CHECK_EQ(s.message(), std::string("a\\x01b\\xffc\n\xC3\xA9"));
}

DSW_TEST(weights_beyond_the_config_fail_naming_them) {
  fs::path dir = temp_dir() / "extra_layer";
  ModelConfig c = tiny_llama();
  REQUIRE_OK(make_random_model(c, {}, dir));
  auto ok = open_model(dir);
  REQUIRE_OK(ok);
  REQUIRE_OK(validate_model_tensors(*ok));
  // The config now says one layer fewer than the weights hold.
  ModelConfig fewer = c;
  fewer.num_hidden_layers = c.num_hidden_layers - 1;
  write_config(dir, fewer);
  auto m = open_model(dir);
  REQUIRE_OK(m);
  Status s = validate_model_tensors(*m);
  REQUIRE(!s.is_ok());
  const std::string last = "model.layers." + std::to_string(c.num_hidden_layers - 1) + ".";
  CHECK(has(s.message(), last));
  CHECK(has(s.message(), "unexpected tensors"));
  CHECK(has(s.message(), "num_hidden_layers"));
  CHECK(unread_tensors(*m).empty());
}

DSW_TEST(mtp_layers_are_unread_only_with_their_projection) {
  // A V3-shaped model whose config declares one MTP layer after the main ones.
  auto preset = preset_config("deepseek_v3", "tiny");
  REQUIRE_OK(preset);
  ModelConfig c = *preset;
  c.vocab_size = 256;
  c.num_hidden_layers = 2;
  c.first_k_dense_replace = 1;
  c.num_nextn_predict_layers = 0;
  fs::path dir = temp_dir() / "mtp";
  REQUIRE_OK(make_random_model(c, {}, dir));
  // Claim layer 1 is the MTP layer: it has no eh_proj, so it is an ordinary layer the config
  // does not account for.
  ModelConfig claims = c;
  claims.num_hidden_layers = 1;
  claims.first_k_dense_replace = 1;
  claims.num_nextn_predict_layers = 1;
  write_config(dir, claims);
  auto m = open_model(dir);
  REQUIRE_OK(m);
  Status s = validate_model_tensors(*m);
  CHECK(!s.is_ok() && has(s.message(), "model.layers.1."));
  // With the MTP projection present, layer 1 is an MTP layer: reported unread, not an error.
  TensorStore old;
  REQUIRE_OK(load_safetensors(dir / "model.safetensors", old));
  std::vector<TensorToWrite> all;
  for (auto& e : old.entries()) all.push_back({e.name, *e.dtype, e.shape, {}, e.tensor.data()});
  std::vector<float> eh(size_t(c.hidden_size * 2 * c.hidden_size), 0.0f);
  all.push_back({"model.layers.1.eh_proj.weight", DType::f32, Shape{c.hidden_size, 2 * c.hidden_size}, {}, eh.data()});
  REQUIRE_OK(write_safetensors(dir / "model2.safetensors", all));
  fs::remove(dir / "model.safetensors");
  fs::rename(dir / "model2.safetensors", dir / "model.safetensors");
  auto m2 = open_model(dir);
  REQUIRE_OK(m2);
  REQUIRE_OK(validate_model_tensors(*m2));
  auto unread = unread_tensors(*m2);
  CHECK(!unread.empty());
  CHECK(std::find(unread.begin(), unread.end(), "model.layers.1.eh_proj.weight") != unread.end());
}

DSW_TEST(tokenizer_must_fit_the_model) {
  fs::path dir = temp_dir() / "fit";
  ModelConfig c = tiny_llama();
  REQUIRE_OK(make_random_model(c, {}, dir));
  // A tokenizer with more ids than the model's vocabulary.
  nlohmann::json vocab = nlohmann::json::object();
  for (int i = 0; i < c.vocab_size + 10; ++i) vocab["t" + std::to_string(i)] = i;
  nlohmann::json tj = {{"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", nlohmann::json::array()}}},
                       {"pre_tokenizer", nullptr}, {"decoder", nullptr}};
  std::ofstream(dir / "tokenizer.json") << tj.dump();
  auto m = open_model(dir);
  REQUIRE_OK(m);
  auto tok = load_tokenizer(dir / "tokenizer.json");
  REQUIRE_OK(tok);
  Status s = attach_tokenizer(*m, **tok, dir / "tokenizer.json");
  REQUIRE(!s.is_ok());
  CHECK(has(s.message(), "tokenizer.json"));
  CHECK(has(s.message(), dir.string()));
  CHECK(has(s.message(), std::to_string(c.vocab_size + 10)));
  CHECK(has(s.message(), std::to_string(c.vocab_size)));
  // generation_config.json naming an id the tokenizer does not have.
  vocab = nlohmann::json::object();
  for (int i = 0; i < 8; ++i) vocab["t" + std::to_string(i)] = i;
  tj["model"]["vocab"] = vocab;
  std::ofstream(dir / "tokenizer.json") << tj.dump();
  std::ofstream(dir / "generation_config.json") << R"({"eos_token_id": [3, 200]})";
  auto m2 = open_model(dir);
  REQUIRE_OK(m2);
  auto tok2 = load_tokenizer(dir / "tokenizer.json");
  REQUIRE_OK(tok2);
  Status s2 = attach_tokenizer(*m2, **tok2, dir / "tokenizer.json");
  CHECK(!s2.is_ok() && has(s2.message(), "eos_token_id 200"));
}

DSW_TEST(gguf_scores_must_be_finite) {
  for (float bad : {float(kNaN), INFINITY, -INFINITY}) {
    fs::path p = temp_dir() / "scores.gguf";
    fs::remove(p);
    GgufWriter w(p.string());
    w.add_string("tokenizer.ggml.model", "llama");
    w.add_string_array("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "a"});
    w.add_f32_array("tokenizer.ggml.scores", {0.0f, 0.0f, bad, -1.0f});
    AtomicFile f(p);
    w.write_header(f);
    w.finish();
    f.commit();
    auto tok = load_tokenizer(p);
    REQUIRE(!tok.is_ok());
    CHECK(has(tok.status().message(), "tokenizer.ggml.scores[2]"));
    CHECK(has(tok.status().message(), "scores.gguf"));
  }
}

DSW_TEST(a_checkpoint_is_not_read_as_a_tokenizer) {
  // A valid llama2.c checkpoint (dim 8, hidden 16, 1 layer, 2 heads, vocab 4, seq 4, shared
  // classifier) alone in its folder.
  const size_t floats = 4 * 8 + 8 + 4 * 8 * 8 + 8 + 3 * 16 * 8 + 8 + 2 * 4 * 2;
  fs::path dir = temp_dir() / "lonely";
  fs::create_directories(dir);
  fs::path bin = llama2c_file(dir / "model.bin", {8, 16, 1, 2, 2, 4, 4}, floats);
  REQUIRE_OK(open_llama2c(bin));
  auto tok = load_tokenizer(bin);
  REQUIRE(!tok.is_ok());
  CHECK(tok.status().code() == StatusCode::io);
  CHECK(has(tok.status().message(), "is a llama2.c checkpoint, not a tokenizer"));
  CHECK(has(tok.status().message(), "looked in " + dir.string()));
  // A model's config.json or weights given as a tokenizer: the search beside them, and where.
  std::ofstream(dir / "config.json") << "{}";
  auto cfg = load_tokenizer(dir / "config.json");
  CHECK(!cfg.is_ok() && has(cfg.status().message(), "not a tokenizer"));
}
