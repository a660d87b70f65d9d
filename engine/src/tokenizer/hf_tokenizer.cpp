// tokenizer.json -> BpeTokenizer: model (BPE, both merge serialisations), added_tokens, normalizer,
// pre_tokenizer, post_processor (BOS/EOS of a TemplateProcessing) and decoder.
#include "tokenizer/hf_tokenizer.h"

#include "core/error.h"
#include "core/json_strict.h"
#include "tokenizer/tokenizer_json_reader.h"

#include <nlohmann/json.hpp>

#include <dsw/tokenizer.h>

namespace dsw {
namespace {

using json = nlohmann::json;

const json* find(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

bool opt_bool(const json& j, const char* key, bool fallback, const std::string& where) {
  const json* v = find(j, key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_boolean()) fail_invalid(where + ": '" + key + "' must be a boolean, got " + json_type_name(*v));
  return v->get<bool>();
}

int32_t token_id_value(const json& v, const std::string& where) {
  if (!v.is_number_integer()) fail_invalid(where + " must be an integer, got " + json_type_name(v));
  if (v.is_number_unsigned() ? v.get<uint64_t>() >= uint64_t(kMaxTokenId) : (v.get<int64_t>() < 0 || v.get<int64_t>() >= kMaxTokenId))
    fail_invalid(where + " = " + v.dump() + " is outside 0.." + std::to_string(kMaxTokenId - 1));
  return int32_t(v.get<int64_t>());
}

void parse_model(TokenizerJson& doc, BpeTokenizer& tok, const std::string& name) {
  const json* m = find(doc.root, "model");
  if (!m || !m->is_object()) fail_invalid(name + ": missing 'model' object");
  const std::string where = name + ": model";
  const json* type = find(*m, "type");
  // Files written by old tokenizers versions omit model.type for BPE; a vocab + merges says BPE.
  if (type && !type->is_null()) {
    if (!type->is_string()) fail_invalid(where + ": 'type' must be a string");
    if (type->get<std::string>() != "BPE")
      fail_unsupported(where + ": model type '" + type->get<std::string>() + "' is not supported (only BPE)");
  }
  for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"}) {
    const json* v = find(*m, key);
    if (v && !v->is_null() && !(v->is_string() && v->get<std::string>().empty()))
      fail_unsupported(where + ": '" + key + "' is not supported");
  }
  // The reader streamed model.vocab / model.merges out of the DOM when they had the right shape.
  if (!doc.has_vocab) fail_invalid(where + ": missing 'vocab' object");
  if (!doc.has_merges) {
    if (find(*m, "merges")) fail_invalid(where + ": 'merges' must be an array, got " + json_type_name((*m)["merges"]));
    fail_invalid(where + ": missing 'merges' (a BPE model needs its merge list)");
  }

  BpeModel& model = tok.model();
  model.reserve(doc.vocab.size(), doc.merges.size());
  for (auto& [text, id] : doc.vocab) {
    if (id < 0 || id >= kMaxTokenId)
      fail_invalid(where + ".vocab['" + text + "'] = " + std::to_string(id) + " is outside 0.." + std::to_string(kMaxTokenId - 1));
    model.add_token(std::move(text), int32_t(id), where + ".vocab");
  }
  doc.vocab = {};
  uint32_t rank = 0;
  for (const auto& [a, b] : doc.merges) model.add_merge(a, b, rank++, where + ".merges");
  doc.merges = {};

  BpeModel::Options options;
  options.ignore_merges = opt_bool(*m, "ignore_merges", false, where);
  options.byte_fallback = opt_bool(*m, "byte_fallback", false, where);
  options.fuse_unk = opt_bool(*m, "fuse_unk", false, where);
  if (const json* unk = find(*m, "unk_token"); unk && !unk->is_null()) {
    if (!unk->is_string()) fail_invalid(where + ": 'unk_token' must be a string or null");
    auto id = model.token_id(unk->get<std::string>());
    if (!id) fail_invalid(where + ": unk_token '" + unk->get<std::string>() + "' is not in the vocabulary");
    options.unk_id = id;
  }
  model.set_options(options);
  // "dropout" only matters while training.
}

void parse_added_tokens(const json& root, BpeTokenizer& tok, const std::string& name) {
  const json* list = find(root, "added_tokens");
  if (!list || list->is_null()) return;
  if (!list->is_array()) fail_invalid(name + ": 'added_tokens' must be an array");
  if (int64_t(list->size()) > kMaxVocabEntries) fail_invalid(name + ": too many added_tokens");
  for (size_t i = 0; i < list->size(); ++i) {
    const json& e = (*list)[i];
    const std::string where = name + ": added_tokens[" + std::to_string(i) + "]";
    if (!e.is_object()) fail_invalid(where + " must be an object");
    const json* id = find(e, "id");
    const json* content = find(e, "content");
    if (!id) fail_invalid(where + ": missing 'id'");
    if (!content || !content->is_string()) fail_invalid(where + ": missing string 'content'");
    AddedToken t;
    t.id = token_id_value(*id, where + ".id");
    t.content = content->get<std::string>();
    t.single_word = opt_bool(e, "single_word", false, where);
    t.lstrip = opt_bool(e, "lstrip", false, where);
    t.rstrip = opt_bool(e, "rstrip", false, where);
    t.special = opt_bool(e, "special", false, where);
    t.normalized = opt_bool(e, "normalized", !t.special, where);
    tok.added().add(std::move(t));
  }
}

// BOS/EOS from a TemplateProcessing "single" template: special tokens before / after $A. Their ids
// are checked against the vocabulary once it is complete (build_hf_tokenizer).
void parse_post_processor(const json& pp, BpeTokenizer& tok, const std::string& where) {
  if (pp.is_null()) return;
  if (!pp.is_object()) fail_invalid(where + ": expected an object");
  const json* type = find(pp, "type");
  if (!type || !type->is_string()) fail_invalid(where + ": missing string 'type'");
  std::string t = type->get<std::string>();
  if (t == "ByteLevel") return;  // only adjusts offsets
  if (t == "Sequence") {
    const json* list = find(pp, "processors");
    if (!list || !list->is_array()) fail_invalid(where + ": Sequence needs a 'processors' array");
    for (size_t i = 0; i < list->size(); ++i) parse_post_processor((*list)[i], tok, where + "[" + std::to_string(i) + "]");
    return;
  }
  if (t != "TemplateProcessing") fail_unsupported(where + ": post-processor type '" + t + "' is not supported");
  const json* single = find(pp, "single");
  if (!single || !single->is_array()) fail_invalid(where + ": TemplateProcessing needs a 'single' array");
  const json* specials = find(pp, "special_tokens");
  std::vector<int32_t> before, after;
  bool seen_sequence = false;
  for (const auto& item : *single) {
    if (!item.is_object() || item.size() != 1) fail_invalid(where + ": each 'single' item must be {Sequence|SpecialToken: ...}");
    if (item.contains("Sequence")) {
      seen_sequence = true;
      continue;
    }
    const json* st = find(item, "SpecialToken");
    if (!st || !st->is_object() || !find(*st, "id") || !(*st)["id"].is_string())
      fail_invalid(where + ": a SpecialToken item needs a string 'id'");
    std::string key = (*st)["id"].get<std::string>();
    const json* entry = specials && specials->is_object() ? find(*specials, key.c_str()) : nullptr;
    const json* ids = entry && entry->is_object() ? find(*entry, "ids") : nullptr;
    if (!ids || !ids->is_array()) fail_invalid(where + ": special token '" + key + "' has no 'ids' in special_tokens");
    for (const auto& v : *ids) (seen_sequence ? after : before).push_back(token_id_value(v, where + ": special token '" + key + "' id"));
  }
  if (before.size() > 1 || after.size() > 1)
    fail_unsupported(where + ": templates adding more than one token before or after the text are not supported");
  if (!before.empty()) tok.set_bos(before[0], true);
  if (!after.empty()) tok.set_eos(after[0], true);
}

void parse_decoder(const json& d, BpeTokenizer& tok, const std::string& where) {
  if (d.is_null()) {
    tok.set_decoder(BpeTokenizer::Decoder::join_with_space);
    return;
  }
  if (!d.is_object()) fail_invalid(where + ": expected an object");
  const json* type = find(d, "type");
  if (!type || !type->is_string()) fail_invalid(where + ": missing string 'type'");
  std::string t = type->get<std::string>();
  if (t == "ByteLevel") {
    tok.set_decoder(BpeTokenizer::Decoder::byte_level);
    return;
  }
  if (t == "Sequence") {
    const json* list = find(d, "decoders");
    if (list && list->is_array() && list->size() == 1) {
      parse_decoder((*list)[0], tok, where + "[0]");
      return;
    }
  }
  fail_unsupported(where + ": decoder type '" + t + "' is not supported (only ByteLevel)");
}

}  // namespace

std::unique_ptr<BpeTokenizer> build_hf_tokenizer(std::string_view json_text, std::string_view name_view) {
  const std::string name(name_view);
  TokenizerJson doc = read_tokenizer_json(json_text, name);
  const json& root = doc.root;
  if (!root.is_object()) fail_invalid(name + ": the top level must be an object");
  auto tok = std::make_unique<BpeTokenizer>(name);
  parse_model(doc, *tok, name);
  Normalizer normalizer = Normalizer::from_json(root.value("normalizer", json()), name + ": normalizer");
  parse_added_tokens(root, *tok, name);
  tok->added().finish(normalizer);
  tok->set_normalizer(std::move(normalizer));
  tok->set_pre_tokenizer(PreTokenizer::from_json(root.value("pre_tokenizer", json()), name + ": pre_tokenizer"));
  parse_post_processor(root.value("post_processor", json()), *tok, name + ": post_processor");
  parse_decoder(root.value("decoder", json()), *tok, name + ": decoder");
  tok->finish();
  // A TemplateProcessing id outside the vocabulary would be emitted by encode as is.
  tok->check_special_ids(name + ": post_processor");
  return tok;
}

Result<std::unique_ptr<Tokenizer>> tokenizer_from_json(std::string_view json, std::string_view name) {
  return guard([&]() -> std::unique_ptr<Tokenizer> { return build_hf_tokenizer(json, name); });
}

}  // namespace dsw
