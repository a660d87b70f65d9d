// GGUF vocabularies: tokenizer.ggml.model "gpt2" -> BpeTokenizer (llama.cpp's BPE session:
// control and user-defined tokens split out first, the pre-tokenizer regexes chosen by
// tokenizer.ggml.pre, ranked merges) and "llama" -> SpmTokenizer (scores, byte tokens).
// Every array is type-checked before use (reliability.md case 14) and counts are capped.
#include "core/error.h"
#include "tokenizer/bpe_tokenizer.h"
#include "tokenizer/spm_tokenizer.h"

#include <dsw/gguf.h>
#include <dsw/log.h>

#include <cmath>

namespace dsw {
namespace {

const GgufValue& require_array(const GgufFile& g, const char* key, GgufValueType elem, const char* elem_name) {
  const GgufValue* v = g.find(key);
  if (!v) fail_invalid(g.name() + ": missing '" + key + "'");
  if (v->type() != GgufValueType::array)
    fail_invalid(g.name() + ": '" + key + "' must be an array, not " + std::string(gguf_value_type_name(v->type())));
  if (v->array_type() != elem)
    fail_invalid(g.name() + ": '" + key + "' must be an array of " + elem_name + ", not of " +
                 std::string(gguf_value_type_name(v->array_type())));
  if (int64_t(v->array_size()) > kMaxVocabEntries)
    fail_invalid(g.name() + ": '" + key + "' has " + std::to_string(v->array_size()) + " entries, over the limit of " +
                 std::to_string(kMaxVocabEntries));
  return *v;
}

std::vector<std::string> read_strings(const GgufValue& arr) {
  std::vector<std::string> out;
  out.reserve(arr.array_size());
  for (uint64_t i = 0; i < arr.array_size(); ++i) out.emplace_back(arr.at(i).as_string().value_or(""));
  return out;
}

std::vector<int32_t> read_token_types(const GgufFile& g, size_t n) {
  std::vector<int32_t> types(n, 1);
  const GgufValue* v = g.find("tokenizer.ggml.token_type");
  if (!v) return types;
  const GgufValue& arr = require_array(g, "tokenizer.ggml.token_type", GgufValueType::i32, "int32");
  if (arr.array_size() != n)
    fail_invalid(g.name() + ": tokenizer.ggml.token_type has " + std::to_string(arr.array_size()) + " entries for " +
                 std::to_string(n) + " tokens");
  for (size_t i = 0; i < n; ++i) types[i] = int32_t(arr.at(i).as_int().value_or(1));
  return types;
}

std::optional<int32_t> special_id(const GgufFile& g, const char* key, size_t n) {
  const GgufValue* v = g.find(key);
  if (!v) return std::nullopt;
  auto id = v->as_int();
  if (!id) fail_invalid(g.name() + ": '" + key + "' must be an integer");
  if (*id < 0 || uint64_t(*id) >= n) {
    // llama.cpp tolerates -1 / out-of-range ids by ignoring them; so do we, with a warning.
    log_message(LogLevel::warn, g.name() + ": " + key + " = " + std::to_string(*id) + " is not a token id; ignored");
    return std::nullopt;
  }
  return int32_t(*id);
}

std::unique_ptr<TokenizerBase> build_gpt2(const GgufFile& g) {
  std::vector<std::string> tokens = read_strings(require_array(g, "tokenizer.ggml.tokens", GgufValueType::string, "strings"));
  if (tokens.empty()) fail_invalid(g.name() + ": tokenizer.ggml.tokens is empty");
  std::vector<int32_t> types = read_token_types(g, tokens.size());
  const GgufValue& merges = require_array(g, "tokenizer.ggml.merges", GgufValueType::string, "strings");

  auto tok = std::make_unique<BpeTokenizer>(g.name());
  BpeModel& model = tok->model();
  model.reserve(tokens.size(), merges.array_size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    model.add_token(tokens[i], int32_t(i), g.name(), /*last_wins=*/true);
    if (types[i] == 3 || types[i] == 4) {
      AddedToken t;
      t.content = tokens[i];
      t.id = int32_t(i);
      t.special = types[i] == 3;
      tok->added().add(std::move(t));
    }
  }
  for (uint64_t i = 0; i < merges.array_size(); ++i) {
    auto m = merges.at(i).as_string().value_or("");
    // llama.cpp splits at the first space after the first byte.
    size_t sp = m.size() > 1 ? m.find(' ', 1) : std::string_view::npos;
    if (sp == std::string_view::npos)
      fail_invalid(g.name() + ": tokenizer.ggml.merges[" + std::to_string(i) + "] '" + std::string(m.substr(0, 60)) +
                   "' is not two tokens separated by a space");
    model.add_merge(m.substr(0, sp), m.substr(sp + 1), uint32_t(i), g.name() + ": tokenizer.ggml.merges");
  }
  tok->added().finish(Normalizer{});

  std::string pre(g.get_string("tokenizer.ggml.pre").value_or("default"));
  auto regexes = gguf_pre_tokenizer_regexes(pre);
  if (!regexes) {
    log_message(LogLevel::warn, g.name() + ": unknown pre-tokenizer '" + pre + "'; using the GPT-2 pattern");
    regexes = gguf_pre_tokenizer_regexes("gpt2");
  }
  tok->set_pre_tokenizer(PreTokenizer::from_regex_list(*regexes, g.name() + ": pre-tokenizer '" + pre + "'"));
  tok->set_decoder(BpeTokenizer::Decoder::byte_level);
  tok->set_raw_added_token_decode(true);
  tok->set_token_texts(std::move(tokens));
  tok->finish();
  return tok;
}

std::unique_ptr<TokenizerBase> build_llama(const GgufFile& g) {
  SpmTokenizer::Vocab vocab;
  vocab.pieces = read_strings(require_array(g, "tokenizer.ggml.tokens", GgufValueType::string, "strings"));
  size_t n = vocab.pieces.size();
  const GgufValue& scores = require_array(g, "tokenizer.ggml.scores", GgufValueType::f32, "float32");
  if (scores.array_size() != n)
    fail_invalid(g.name() + ": tokenizer.ggml.scores has " + std::to_string(scores.array_size()) + " entries for " +
                 std::to_string(n) + " tokens");
  vocab.scores.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    // A NaN or infinite score would make the merge order arbitrary (llama2.c's reader refuses them too).
    double score = scores.at(i).as_float().value_or(0.0);
    if (!std::isfinite(score))
      fail_invalid(g.name() + ": tokenizer.ggml.scores[" + std::to_string(i) + "] (token '" + vocab.pieces[i].substr(0, 40) +
                   "') is not a finite number");
    vocab.scores.push_back(float(score));
  }
  for (int32_t t : read_token_types(g, n)) {
    if (t < 1 || t > 6) t = 1;  // llama.cpp treats undefined types as normal
    vocab.types.push_back(SpmTokenType(t));
  }
  bool prefix = g.get_bool("tokenizer.ggml.add_space_prefix").value_or(true);
  return std::make_unique<SpmTokenizer>(std::move(vocab), g.name(), prefix);
}

}  // namespace

Result<std::unique_ptr<Tokenizer>> tokenizer_from_gguf(const GgufFile& g) {
  return guard([&]() -> std::unique_ptr<Tokenizer> {
    auto model = g.get_string("tokenizer.ggml.model");
    if (!model) fail_invalid(g.name() + ": no tokenizer.ggml.model (this GGUF file carries no vocabulary)");
    std::unique_ptr<TokenizerBase> tok;
    if (*model == "gpt2")
      tok = build_gpt2(g);
    else if (*model == "llama")
      tok = build_llama(g);
    else
      fail_unsupported(g.name() + ": tokenizer model '" + std::string(*model) + "' is not supported (gpt2 or llama)");

    size_t n = size_t(tok->vocab_size());
    auto bos = special_id(g, "tokenizer.ggml.bos_token_id", n);
    auto eos = special_id(g, "tokenizer.ggml.eos_token_id", n);
    bool is_spm = *model == "llama";
    tok->set_bos(bos, g.get_bool("tokenizer.ggml.add_bos_token").value_or(is_spm));
    tok->set_eos(eos, g.get_bool("tokenizer.ggml.add_eos_token").value_or(false));
    for (const char* key : {"tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id"})
      if (auto id = special_id(g, key, n)) tok->add_stop_id(*id);
    // llama.cpp also ends generation on these end-of-turn tokens when the vocabulary has them as
    // control or user-defined tokens (e.g. deepseek-coder-instruct's <|EOT|>).
    std::vector<int32_t> types = read_token_types(g, n);
    for (const char* text : {"<|EOT|>", "<|im_end|>", "<|endoftext|>", "<|eot_id|>",
                             "<\xEF\xBD\x9C" "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>"}) {
      auto id = tok->token_id(text);
      if (id && (types[size_t(*id)] == 3 || types[size_t(*id)] == 4)) tok->add_stop_id(*id);
    }
    if (auto t = g.get_string("tokenizer.chat_template")) tok->set_chat_template(std::string(*t));
    tok->check_special_ids(g.name());
    return tok;
  });
}

}  // namespace dsw
