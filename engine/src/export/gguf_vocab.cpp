// tokenizer.* keys for a GGUF export, following llama.cpp's convert_hf_to_gguf.py:
//   GGUF vocabulary      -> its tokenizer.* keys copied verbatim;
//   SentencePiece .model -> "llama": pieces, scores, types from libsentencepiece (_create_vocab_sentencepiece);
//   llama2.c .bin        -> the same "llama" form (' ' back to '▁', <0xXX> byte pieces, <unk> <s> </s>);
//   tokenizer.json BPE   -> "gpt2": tokens by id, "A B" merges, the pre-tokenizer named by its regexes
//                           (get_vocab_base, SpecialVocab), BOS/EOS and the chat template from
//                           tokenizer_config.json.
// Every id read from a file is range-checked against the model's vocab_size before use.
#include "export/gguf_vocab.h"

#include "core/error.h"
#include "core/json_strict.h"

#include <dsw/gguf.h>
#include <dsw/llama2c.h>

#include <sentencepiece_processor.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <unordered_map>

namespace dsw {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr std::string_view kSpaceMark = "\xE2\x96\x81";  // U+2581 '▁'

// llama.cpp token types.
enum : int32_t { kNormal = 1, kUnknown = 2, kControl = 3, kUserDefined = 4, kUnused = 5, kByte = 6 };

struct Vocab {
  std::string model;  // "llama" or "gpt2"
  std::string pre = "default";
  std::vector<std::string> tokens;
  std::vector<float> scores;  // "llama" only
  std::vector<int32_t> types;
  std::vector<std::string> merges;  // "gpt2" only
  std::optional<int64_t> bos, eos, unk, pad;
  bool add_bos = false, add_eos = false;
  std::string chat_template;
};

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
  return s;
}

// Pads to the model's vocab_size with "[PAD<id>]" unused tokens (the converter's filler); a
// vocabulary larger than the embedding cannot be written.
void fit_to_vocab_size(Vocab& v, int64_t n_vocab, const std::string& where) {
  if (int64_t(v.tokens.size()) > n_vocab)
    fail_invalid(where + ": the tokenizer has " + std::to_string(v.tokens.size()) + " tokens, more than the model's vocab_size " +
                 std::to_string(n_vocab));
  for (int64_t i = int64_t(v.tokens.size()); i < n_vocab; ++i) {
    v.tokens.push_back("[PAD" + std::to_string(i) + "]");
    v.types.push_back(kUnused);
    if (v.model == "llama") v.scores.push_back(-10000.0f);
  }
}

// The token a tokenizer_config.json entry names: a string or an AddedToken object.
std::optional<std::string> token_content(const json& cfg, const char* key, const std::string& where) {
  auto it = cfg.find(key);
  if (it == cfg.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    auto c = it->find("content");
    if (c != it->end() && c->is_string()) return c->get<std::string>();
  }
  fail_invalid(where + ": '" + key + "' must be a string or an object with a string 'content'");
}

// tokenizer_config.json beside the tokenizer: special tokens, add_bos/add_eos, chat template
// (gguf SpecialVocab), then chat_template.jinja when the config has none.
void apply_tokenizer_config(const fs::path& folder, Vocab& v, std::vector<std::string>& warnings) {
  std::unordered_map<std::string, int64_t> ids;
  auto lookup = [&](const std::string& text) -> std::optional<int64_t> {
    if (ids.empty())
      for (size_t i = 0; i < v.tokens.size(); ++i) ids.emplace(v.tokens[i], int64_t(i));
    auto it = ids.find(text);
    if (it == ids.end()) return std::nullopt;
    return it->second;
  };
  const fs::path path = folder / "tokenizer_config.json";
  if (regular_file_exists(path)) {
    const std::string where = path.string();
    json cfg = read_json_file(path, InputKind::tokenizer_config);
    if (!cfg.is_object()) fail_invalid(where + ": the top level must be an object");
    auto resolve = [&](const char* key, std::optional<int64_t>& out) {
      auto content = token_content(cfg, key, where);
      if (!content) return;
      if (auto id = lookup(*content)) out = *id;
      else warnings.push_back(where + ": " + key + " '" + *content + "' is not in the vocabulary; ignored");
    };
    resolve("bos_token", v.bos);
    resolve("eos_token", v.eos);
    resolve("unk_token", v.unk);
    resolve("pad_token", v.pad);
    auto cls = cfg.find("tokenizer_class");
    if (cls != cfg.end() && cls->is_string() && cls->get<std::string>().rfind("LlamaTokenizer", 0) == 0 && v.bos)
      v.add_bos = true;  // LlamaTokenizer(Fast) defaults: add_bos_token true, add_eos_token false
    for (auto [key, out] : {std::pair{"add_bos_token", &v.add_bos}, std::pair{"add_eos_token", &v.add_eos}}) {
      auto it = cfg.find(key);
      if (it == cfg.end() || it->is_null()) continue;
      if (!it->is_boolean()) fail_invalid(where + ": '" + key + "' must be a boolean");
      *out = it->get<bool>();
    }
    if (auto it = cfg.find("chat_template"); it != cfg.end() && !it->is_null()) {
      if (it->is_string()) {
        v.chat_template = it->get<std::string>();
      } else if (it->is_array()) {
        for (const auto& e : *it)
          if (e.is_object() && e.value("name", "") == "default" && e.contains("template") && e["template"].is_string())
            v.chat_template = e["template"].get<std::string>();
      } else {
        fail_invalid(where + ": chat_template must be a string or a list");
      }
    }
  }
  if (v.chat_template.empty() && regular_file_exists(folder / "chat_template.jinja"))
    v.chat_template = read_input_file(folder / "chat_template.jinja", InputKind::chat_template);
}

void check_id(std::optional<int64_t>& id, const Vocab& v, const char* what, const std::string& where,
              std::vector<std::string>& warnings) {
  if (id && (*id < 0 || *id >= int64_t(v.tokens.size()))) {
    warnings.push_back(where + ": " + what + " id " + std::to_string(*id) + " is outside the vocabulary; not written");
    id.reset();
  }
}

// (b) SentencePiece tokenizer.model.
Vocab vocab_from_sentencepiece(const fs::path& path) {
  const std::string where = path.string();
  const std::string bytes = read_input_file(path, InputKind::sentencepiece_model);
  sentencepiece::SentencePieceProcessor sp;
  auto status = sp.LoadFromSerializedProto(bytes);
  if (!status.ok()) fail_invalid(where + ": not a SentencePiece model (" + std::string(status.message()) + ")");
  Vocab v;
  v.model = "llama";
  const int n = sp.GetPieceSize();
  for (int i = 0; i < n; ++i) {
    v.tokens.push_back(sp.IdToPiece(i));
    v.scores.push_back(sp.GetScore(i));
    int32_t t = kNormal;
    if (sp.IsUnknown(i)) t = kUnknown;
    else if (sp.IsControl(i)) t = kControl;
    else if (sp.IsUnused(i)) t = kUnused;
    else if (sp.IsByte(i)) t = kByte;
    v.types.push_back(t);
  }
  if (sp.bos_id() >= 0) v.bos = sp.bos_id();
  if (sp.eos_id() >= 0) v.eos = sp.eos_id();
  if (sp.unk_id() >= 0) v.unk = sp.unk_id();
  if (sp.pad_id() >= 0) v.pad = sp.pad_id();
  v.add_bos = true;
  return v;
}

bool is_byte_piece(std::string_view p) {
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); };
  return p.size() == 6 && p.substr(0, 3) == "<0x" && hex(p[3]) && hex(p[4]) && p[5] == '>';
}

// (c) llama2.c tokenizer.bin: SentencePiece pieces with '▁' written as ' ', BOS/EOS spelled
// "\n<s>\n" / "\n</s>\n" by its exporter; ids 0, 1, 2 are <unk>, <s>, </s> as in run.c.
Vocab vocab_from_llama2c(const fs::path& path) {
  const std::string where = path.string();
  const std::string bytes = read_input_file(path, InputKind::llama2c_tokenizer);
  auto parsed = parse_llama2c_tokenizer(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), -1, where);
  if (!parsed.is_ok()) throw Error(parsed.status());
  Vocab v;
  v.model = "llama";
  for (size_t i = 0; i < parsed->pieces.size(); ++i) {
    const std::string& p = parsed->pieces[i];
    v.scores.push_back(parsed->scores[i]);
    if (i < 3) {
      static const char* const kSpecial[] = {"<unk>", "<s>", "</s>"};
      v.tokens.push_back(kSpecial[i]);
      v.types.push_back(i == 0 ? kUnknown : kControl);
    } else if (is_byte_piece(p)) {
      v.tokens.push_back(p);
      v.types.push_back(kByte);
    } else {
      v.tokens.push_back(replace_all(p, " ", kSpaceMark));
      v.types.push_back(kNormal);
    }
  }
  v.unk = 0;
  v.bos = 1;
  v.eos = 2;
  v.add_bos = true;
  return v;
}

// The converter's does_token_look_special: added tokens it marks CONTROL even when not special.
bool looks_special(std::string_view t) {
  auto wrapped = [&](std::string_view open, std::string_view close) {
    return t.size() >= open.size() + close.size() && t.substr(0, open.size()) == open && t.substr(t.size() - close.size()) == close;
  };
  return t == "<pad>" || t == "<mask>" || t == "<2mass>" || t == "[@BOS@]" || wrapped("<|", "|>") ||
         wrapped("<\xEF\xBD\x9C", "\xEF\xBD\x9C>") || wrapped("<unused", ">");
}

bool has_byte_level(const json& node) {
  if (!node.is_object()) return false;
  if (node.value("type", "") == "ByteLevel") return true;
  for (const char* key : {"pretokenizers", "decoders"})
    if (auto it = node.find(key); it != node.end() && it->is_array())
      for (const auto& e : *it)
        if (has_byte_level(e)) return true;
  return false;
}

int64_t json_id(const json& v, const std::string& where, const std::string& what, int64_t n_vocab) {
  if (!v.is_number_integer()) fail_invalid(where + ": " + what + " must be an integer id");
  int64_t id = v.get<int64_t>();
  if (id < 0 || id >= n_vocab)
    fail_invalid(where + ": " + what + " has id " + std::to_string(id) + ", outside the model's vocab_size " + std::to_string(n_vocab));
  return id;
}

// (d) Hugging Face tokenizer.json with a byte-level BPE model.
Vocab vocab_from_hf_json(const fs::path& path, const json& j, const ModelConfig& config, std::vector<std::string>& warnings) {
  const std::string where = path.string();
  const int64_t n = config.vocab_size;
  const json& model = j["model"];
  Vocab v;
  v.model = "gpt2";
  v.tokens.assign(size_t(n), std::string());
  v.types.assign(size_t(n), 0);
  const auto vocab = model.find("vocab");
  if (vocab == model.end() || !vocab->is_object()) fail_invalid(where + ": model.vocab must be an object");
  for (const auto& [text, idv] : vocab->items()) {
    int64_t id = json_id(idv, where, "model.vocab['" + text.substr(0, 40) + "']", n);
    if (v.types[size_t(id)]) fail_invalid(where + ": model.vocab: id " + std::to_string(id) + " is used twice");
    v.tokens[size_t(id)] = text;
    v.types[size_t(id)] = kNormal;
  }
  if (auto added = j.find("added_tokens"); added != j.end() && !added->is_null()) {
    if (!added->is_array()) fail_invalid(where + ": added_tokens must be a list");
    for (const auto& a : *added) {
      if (!a.is_object() || !a.contains("content") || !a["content"].is_string() || !a.contains("id"))
        fail_invalid(where + ": added_tokens entries must have an id and a string content");
      int64_t id = json_id(a["id"], where, "added token '" + a["content"].get<std::string>().substr(0, 40) + "'", n);
      std::string content = a["content"].get<std::string>();
      bool special = a.contains("special") && a["special"].is_boolean() && a["special"].get<bool>();
      if (special || looks_special(content)) {
        v.types[size_t(id)] = kControl;
      } else {
        content = replace_all(content, kSpaceMark, " ");  // llama.cpp wants user-defined tokens pre-normalised
        v.types[size_t(id)] = kUserDefined;
      }
      v.tokens[size_t(id)] = std::move(content);
    }
  }
  for (int64_t i = 0; i < n; ++i)
    if (!v.types[size_t(i)]) {
      v.tokens[size_t(i)] = "[PAD" + std::to_string(i) + "]";
      v.types[size_t(i)] = kUnused;
    }
  const auto merges = model.find("merges");
  if (merges == model.end() || !merges->is_array()) fail_invalid(where + ": model.merges must be a list");
  v.merges.reserve(merges->size());
  for (const auto& m : *merges) {
    if (m.is_string()) {
      v.merges.push_back(m.get<std::string>());
    } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
      v.merges.push_back(m[0].get<std::string>() + " " + m[1].get<std::string>());
    } else {
      fail_invalid(where + ": model.merges[" + std::to_string(v.merges.size()) + "] is neither \"A B\" nor [\"A\", \"B\"]");
    }
  }
  v.pre = detect_gguf_pre_tokenizer(j.contains("pre_tokenizer") ? j["pre_tokenizer"] : json());
  if (v.pre.empty()) {
    warnings.push_back(where + ": pre-tokenizer not recognised (not deepseek-v3, deepseek-llm, deepseek-coder, qwen2, "
                               "llama-bpe or gpt-2); wrote tokenizer.ggml.pre \"default\", which may tokenize differently");
    v.pre = "default";
  }
  // Special ids from config.json first; tokenizer_config.json names override them (SpecialVocab).
  if (config.bos_token_id) v.bos = *config.bos_token_id;
  if (!config.eos_token_ids.empty()) v.eos = config.eos_token_ids.front();
  return v;
}

// A tokenizer.json that is not byte-level BPE: the converter would use tokenizer.model instead.
Vocab vocab_from_json_file(const fs::path& path, const ModelConfig& config, std::vector<std::string>& warnings,
                           std::string& kind) {
  const std::string where = path.string();
  json j = parse_json_strict(read_input_file(where, InputKind::tokenizer_json), where);
  if (!j.is_object() || !j.contains("model") || !j["model"].is_object()) fail_invalid(where + ": no 'model' object");
  const std::string type = j["model"].value("type", "");
  const bool byte_level = has_byte_level(j.value("pre_tokenizer", json())) || has_byte_level(j.value("decoder", json()));
  if (type == "BPE" && byte_level) {
    kind = "hf_bpe";
    return vocab_from_hf_json(path, j, config, warnings);
  }
  if (regular_file_exists(path.parent_path() / "tokenizer.model")) {
    kind = "sentencepiece";
    return vocab_from_sentencepiece(path.parent_path() / "tokenizer.model");
  }
  fail_unsupported(where + ": only byte-level BPE tokenizer.json files can be exported (this one is " +
                   (type.empty() ? std::string("untyped") : type) + " without ByteLevel); put its tokenizer.model beside it");
}

void write_vocab(GgufWriter& w, const Vocab& v) {
  w.add_string("tokenizer.ggml.model", v.model);
  w.add_string("tokenizer.ggml.pre", v.pre);
  w.add_string_array("tokenizer.ggml.tokens", v.tokens);
  if (!v.scores.empty()) w.add_f32_array("tokenizer.ggml.scores", v.scores);
  w.add_i32_array("tokenizer.ggml.token_type", v.types);
  if (v.model == "gpt2") w.add_string_array("tokenizer.ggml.merges", v.merges);
  if (v.bos) w.add_u32("tokenizer.ggml.bos_token_id", uint32_t(*v.bos));
  if (v.eos) w.add_u32("tokenizer.ggml.eos_token_id", uint32_t(*v.eos));
  if (v.unk) w.add_u32("tokenizer.ggml.unknown_token_id", uint32_t(*v.unk));
  if (v.pad) w.add_u32("tokenizer.ggml.padding_token_id", uint32_t(*v.pad));
  w.add_bool("tokenizer.ggml.add_bos_token", v.add_bos);
  w.add_bool("tokenizer.ggml.add_eos_token", v.add_eos);
  if (!v.chat_template.empty()) w.add_string("tokenizer.chat_template", v.chat_template);
}

// (a) A GGUF vocabulary: every tokenizer.* key verbatim.
GgufVocabResult copy_gguf_vocab(GgufWriter& w, const GgufFile& g, int64_t n_vocab) {
  GgufVocabResult r;
  const GgufValue* tokens = g.find("tokenizer.ggml.tokens");
  const std::string model(g.get_string("tokenizer.ggml.model").value_or(""));
  if (!tokens && (model.empty() || model == "no_vocab" || model == "none")) {
    // A file without a vocabulary (such as our own exports of tokenizer-less checkpoints).
    w.add_string("tokenizer.ggml.model", "no_vocab");
    r.kind = "none";
    return r;
  }
  if (!tokens || tokens->type() != GgufValueType::array || tokens->array_type() != GgufValueType::string)
    fail_invalid(g.name() + ": no tokenizer.ggml.tokens string array to copy");
  if (int64_t(tokens->array_size()) != n_vocab)
    fail_invalid(g.name() + ": the vocabulary has " + std::to_string(tokens->array_size()) + " tokens, the model's vocab_size is " +
                 std::to_string(n_vocab));
  for (const auto& [key, value] : g.metadata())
    if (key.rfind("tokenizer.", 0) == 0) w.add_value(key, value);
  r.kind = "gguf";
  r.pre = std::string(g.get_string("tokenizer.ggml.pre").value_or(""));
  return r;
}

bool has_ext(const fs::path& p, std::string_view ext) {
  std::string e = p.extension().string();
  for (auto& ch : e) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return e == ext;
}

}  // namespace

std::string detect_gguf_pre_tokenizer(const json& pt) {
  std::vector<std::string> splits;
  bool byte_level_regex = false;
  auto collect = [&](auto&& self, const json& node) -> void {
    if (!node.is_object()) return;
    const std::string type = node.value("type", "");
    if (type == "Sequence" && node.contains("pretokenizers") && node["pretokenizers"].is_array()) {
      for (const auto& e : node["pretokenizers"]) self(self, e);
    } else if (type == "Split" && node.contains("pattern") && node["pattern"].is_object()) {
      const json& p = node["pattern"];
      std::string re = p.contains("Regex") && p["Regex"].is_string() ? p["Regex"].get<std::string>()
                       : p.contains("String") && p["String"].is_string() ? p["String"].get<std::string>()
                                                                          : std::string();
      // Files spell CR/LF either as regex escapes or as the characters themselves.
      splits.push_back(replace_all(replace_all(re, "\r", "\\r"), "\n", "\\n"));
    } else if (type == "ByteLevel") {
      byte_level_regex = node.value("use_regex", true);
    }
  };
  collect(collect, pt);

  static const std::string kQwen2 =
      R"re((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)re";
  static const std::string kLlama3 =
      R"re((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)re";
  static const std::string kV3Cjk = "[\u4E00-\u9FA5\u3040-\u309F\u30A0-\u30FF]+";
  static const std::string kV3Punct = R"re([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|)re";

  if (splits.empty()) return byte_level_regex ? "gpt-2" : "";
  if (splits.size() == 3 && splits[0] == "\\p{N}{1,3}" && splits[1] == kV3Cjk && splits[2].rfind(kV3Punct, 0) == 0)
    return "deepseek-v3";
  if (splits.size() == 1 && splits[0] == kQwen2) return "qwen2";
  if (splits.size() == 1 && splits[0] == kLlama3) return "llama-bpe";
  if (splits.size() >= 4 && splits[0] == "[\\r\\n]") {
    if (splits[1] == "\\s?\\p{L}+" && splits[2] == "\\s?\\p{P}+") return "deepseek-coder";
    if (splits[1].rfind("\\s?[A-Za-z", 0) == 0 && splits[3] == "\\s+$") return "deepseek-llm";
  }
  return "";
}

GgufVocabResult add_gguf_vocab(GgufWriter& w, const ModelFiles& model, bool include) {
  GgufVocabResult r;
  const ModelConfig& c = model.config;
  if (!include || !model.tokenizer_path) {
    // llama.cpp accepts a model without a vocabulary ("no_vocab": vocab_size dummy tokens).
    w.add_string("tokenizer.ggml.model", "no_vocab");
    r.kind = "none";
    if (include)
      r.warnings.push_back(model.path.string() + ": no tokenizer found; the GGUF carries no vocabulary (tokenizer.ggml.model \"no_vocab\")");
    return r;
  }
  fs::path path = *model.tokenizer_path;
  if (fs::is_directory(path)) {
    bool found = false;
    for (const char* n : {"tokenizer.json", "tokenizer.model", "tokenizer.bin"})
      if (regular_file_exists(path / n)) {
        path /= n;
        found = true;
        break;
      }
    if (!found) fail_io(path.string() + ": no tokenizer.json, tokenizer.model or tokenizer.bin in this folder");
  }
  const std::string where = path.string();
  if (has_ext(path, ".gguf")) {
    std::error_code ec;
    if (model.gguf && fs::equivalent(path, model.path, ec)) return copy_gguf_vocab(w, *model.gguf, c.vocab_size);
    auto g = GgufFile::open(path);
    if (!g.is_ok()) throw Error(g.status());
    return copy_gguf_vocab(w, *g, c.vocab_size);
  }
  Vocab v;
  if (has_ext(path, ".json")) {
    v = vocab_from_json_file(path, c, r.warnings, r.kind);
  } else if (has_ext(path, ".model")) {
    v = vocab_from_sentencepiece(path);
    r.kind = "sentencepiece";
  } else if (has_ext(path, ".bin")) {
    v = vocab_from_llama2c(path);
    r.kind = "llama2c";
  } else {
    fail_unsupported(where + ": not a tokenizer file the GGUF export reads (tokenizer.json, tokenizer.model, tokenizer.bin, .gguf)");
  }
  fit_to_vocab_size(v, c.vocab_size, where);
  if (r.kind != "llama2c") apply_tokenizer_config(path.parent_path(), v, r.warnings);
  check_id(v.bos, v, "BOS", where, r.warnings);
  check_id(v.eos, v, "EOS", where, r.warnings);
  check_id(v.unk, v, "unknown-token", where, r.warnings);
  check_id(v.pad, v, "padding", where, r.warnings);
  if (v.add_bos && !v.bos) v.add_bos = false;
  if (v.add_eos && !v.eos) v.add_eos = false;
  write_vocab(w, v);
  r.pre = v.pre;
  return r;
}

}  // namespace dsw
