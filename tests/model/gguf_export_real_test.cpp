// GGUF export of the real stories260K: the HF folder (q/k permuted to the half layout) and the
// llama2.c checkpoint (interleaved) export to the same bytes; tok512.model and tok512.bin give the
// same vocabulary; greedy generation from BOS on the exported files reproduces the published
// sample (stories260K.md); perplexity on the F32 file equals the source model's.
#include "check.h"

#include <dsw/generate.h>
#include <dsw/gguf.h>
#include <dsw/gguf_export.h>
#include <dsw/model.h>
#include <dsw/model_files.h>
#include <dsw/perplexity.h>
#include <dsw/session.h>
#include <dsw/tokenizer.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>

using namespace dsw;
using namespace dsw::test;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  REQUIRE(fs::is_regular_file(p));
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The `./run stories260K.bin -z tok512.bin -t 0.0` output quoted in stories260K.md.
std::string published_sample() {
  const std::string md = read_file(data_file("models/stories260K/stories260K.md"));
  const std::string marker = "-t 0.0\n";
  auto start = md.find(marker);
  REQUIRE(start != std::string::npos);
  start += marker.size();
  auto end = md.find("```", start);
  REQUIRE(end != std::string::npos);
  std::string s = md.substr(start, end - start);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  REQUIRE(s.rfind("Once upon a time", 0) == 0);
  return s;
}

GgufExportReport export_to(const fs::path& model, const fs::path& out, GgufExportType type,
                           std::optional<fs::path> tokenizer = std::nullopt) {
  OpenModelOptions oo;
  oo.tokenizer = tokenizer;
  auto files = open_model(model, oo);
  REQUIRE_OK(files);
  GgufExportOptions o;
  o.type = type;
  o.name = "stories260K";
  auto r = export_gguf(*files, out, o);
  REQUIRE_OK(r);
  return std::move(r).value();
}

std::shared_ptr<Model> load(const fs::path& p) {
  auto files = open_model(p);
  REQUIRE_OK(files);
  LoadOptions lo;
  lo.device.n_threads = 2;
  auto m = Model::load(std::move(files).value(), lo);
  REQUIRE_OK(m);
  return std::move(m).value();
}

// Greedy generation of 256 tokens after BOS, as run.c and sample.py produced the sample.
std::string greedy_from_bos(const fs::path& gguf) {
  auto model = load(gguf);
  auto tok = load_tokenizer(gguf);  // the GGUF's own vocabulary
  REQUIRE_OK(tok);
  REQUIRE((*tok)->bos_id().has_value());
  auto session = Session::create(model, {.n_ctx = 512});
  REQUIRE_OK(session);
  GenerateOptions go;
  go.max_tokens = 256;
  go.sampling.greedy = true;
  go.top_alternatives = 0;
  auto r = generate(**session, **tok, {*(*tok)->bos_id()}, go);
  REQUIRE_OK(r);
  std::string text = r->text;
  // run.c drops the piece's leading space after BOS.
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  return text;
}

size_t common_prefix(const std::string& a, const std::string& b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

struct Exports {
  fs::path dir, f32, f16, bf16, q8_0;
};

const Exports& exports() {
  static Exports e = [] {
    Exports x;
    x.dir = temp_dir();
    const fs::path hf = data_file("models/stories260K-hf");
    x.f32 = x.dir / "s-f32.gguf";
    x.f16 = x.dir / "s-f16.gguf";
    x.bf16 = x.dir / "s-bf16.gguf";
    x.q8_0 = x.dir / "s-q8_0.gguf";
    export_to(hf, x.f32, GgufExportType::f32);
    export_to(hf, x.f16, GgufExportType::f16);
    export_to(hf, x.bf16, GgufExportType::bf16);
    export_to(hf, x.q8_0, GgufExportType::q8_0);
    return x;
  }();
  return e;
}

}  // namespace

DSW_TEST(hf_folder_and_llama2c_checkpoint_export_identically) {
  const Exports& x = exports();
  const fs::path bin = data_file("models/stories260K/stories260K.bin");
  const fs::path tok_bin = data_file("models/stories260K/tok512.bin");
  // The .bin is interleaved already; the HF folder is permuted back by the export. tok512.model
  // (found beside the .bin) and tok512.bin (llama2.c's export of it) give the same vocabulary.
  auto r_sp = export_to(bin, x.dir / "bin-sp.gguf", GgufExportType::f32);
  auto r_l2c = export_to(bin, x.dir / "bin-l2c.gguf", GgufExportType::f32, tok_bin);
  CHECK_EQ(r_sp.tokenizer_kind, std::string("sentencepiece"));
  CHECK_EQ(r_l2c.tokenizer_kind, std::string("llama2c"));
  CHECK(!r_sp.qk_permuted);
  const std::string ref = read_file(x.f32);
  CHECK(ref.size() > 1000000);
  CHECK(read_file(x.dir / "bin-sp.gguf") == ref);
  CHECK(read_file(x.dir / "bin-l2c.gguf") == ref);

  auto g = GgufFile::open(x.f32);
  REQUIRE_OK(g);
  CHECK_EQ(std::string(g->get_string("general.architecture").value_or("")), std::string("llama"));
  CHECK_EQ(std::string(g->get_string("tokenizer.ggml.model").value_or("")), std::string("llama"));
  CHECK_EQ(g->get_int("llama.attention.head_count_kv").value_or(0), 4);
  CHECK(!g->find_tensor("output.weight"));  // tied
  const GgufValue* types = g->find("tokenizer.ggml.token_type");
  REQUIRE(types && types->array_size() == 512);
  CHECK_EQ(types->at(0).as_int().value_or(0), 2);  // <unk>
  CHECK_EQ(types->at(1).as_int().value_or(0), 3);  // <s>
  CHECK_EQ(types->at(3).as_int().value_or(0), 6);  // <0x00>
  CHECK_EQ(types->at(300).as_int().value_or(0), 1);
}

DSW_TEST(q8_0_export_lists_the_ffn_down_fallbacks) {
  // FFN width 172: ffn_down rows are 172 long, not whole 32-blocks.
  const fs::path dir = temp_dir();
  auto r = export_to(data_file("models/stories260K-hf"), dir / "q.gguf", GgufExportType::q8_0);
  REQUIRE(r.fallbacks.size() == 5);
  for (int l = 0; l < 5; ++l) {
    CHECK_EQ(r.fallbacks[size_t(l)].tensor, "blk." + std::to_string(l) + ".ffn_down.weight");
    CHECK_EQ(r.fallbacks[size_t(l)].row_length, int64_t(172));
  }
  // Re-exporting the F32 GGUF (a GGUF source: vocabulary copied, no second permutation) to Q8_0
  // gives the same file as exporting the HF folder.
  export_to(exports().f32, dir / "q-again.gguf", GgufExportType::q8_0);
  CHECK(read_file(dir / "q-again.gguf") == read_file(dir / "q.gguf"));
}

DSW_TEST(greedy_generation_reproduces_the_published_sample) {
  const std::string sample = published_sample();
  const std::string first_paragraph = sample.substr(0, sample.find('\n'));
  REQUIRE(first_paragraph.size() > 150);
  const Exports& x = exports();
  const struct {
    const fs::path* path;
    bool whole;  // whole sample (565 characters), else the first paragraph
  } cases[] = {{&x.f32, true}, {&x.f16, true}, {&x.bf16, false}, {&x.q8_0, false}};
  for (const auto& c : cases) {
    const std::string text = greedy_from_bos(*c.path);
    const size_t n = common_prefix(text, sample);
    std::printf("    %-14s matches the first %zu of %zu characters of the published sample\n",
                c.path->filename().string().c_str(), n, sample.size());
    CHECK(n >= (c.whole ? sample.size() : first_paragraph.size()));
  }
}

DSW_TEST(gguf_vocabulary_tokenizes_like_the_sentencepiece_model) {
  auto sp = load_tokenizer(data_file("models/stories260K-hf/tokenizer.model"));
  auto gg = load_tokenizer(exports().q8_0);
  REQUIRE_OK(sp);
  REQUIRE_OK(gg);
  CHECK_EQ((*gg)->vocab_size(), 512);
  for (const char* text : {"Once upon a time, there was a little girl named Lily.", "one space\nand a newline",
                           "Tim's dog said: \"Woof!\" 123", "caf\xC3\xA9 \xE2\x9C\x93"}) {
    auto a = (*sp)->encode(text), b = (*gg)->encode(text);
    REQUIRE_OK(a);
    REQUIRE_OK(b);
    CHECK(*a == *b);
  }
  // SentencePiece's normaliser collapses runs of spaces; a GGUF "llama" vocabulary has no such
  // setting and llama.cpp keeps them. These are llama-tokenize's ids for this text on this export.
  auto b = (*gg)->encode("  two  spaces\nand a newline");
  REQUIRE_OK(b);
  CHECK(*b == std::vector<int32_t>({1, 410, 410, 259, 424, 414, 410, 262, 427, 412, 331, 419, 13, 412, 264, 261, 404, 424, 421,
                                    271, 411}));
}

DSW_TEST(perplexity_of_the_f32_export_equals_the_source) {
  const std::string text = read_file(data_file("eval/tinystories/TinyStories-valid.first22stories.txt"));
  auto tok = load_tokenizer(data_file("models/stories260K-hf/tokenizer.model"));
  REQUIRE_OK(tok);
  auto ids = (*tok)->encode(text);
  REQUIRE_OK(ids);
  auto ppl_of = [&](const fs::path& p) {
    auto s = Session::create(load(p), {.n_ctx = 256});
    REQUIRE_OK(s);
    PerplexityOptions o;
    o.ctx = 256;
    o.bos = 1;
    auto r = perplexity(**s, *ids, o);
    REQUIRE_OK(r);
    return r->ppl;
  };
  const double src = ppl_of(data_file("models/stories260K-hf"));
  const Exports& x = exports();
  const double f32 = ppl_of(x.f32), f16 = ppl_of(x.f16), q8 = ppl_of(x.q8_0);
  std::printf("    perplexity (ctx 256, %zu tokens): source %.5f, F32 GGUF %.5f, F16 %.5f, Q8_0 %.5f\n", ids->size(), src, f32,
              f16, q8);
  CHECK(std::fabs(f32 - src) <= 1e-5 * src);
  CHECK(std::fabs(f16 - src) <= 2e-3 * src);
  CHECK(std::fabs(q8 - src) <= 2e-2 * src);
}
