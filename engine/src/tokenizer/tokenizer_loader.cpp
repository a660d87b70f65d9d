// load_tokenizer(): picks the tokenizer file of a folder or by a file's kind, reads it with a size
// cap, and applies tokenizer_config.json (BOS/EOS, chat template) found beside it in a folder.
// generation_config.json is a model file: open_model reads it once and the Runner adds its stop
// ids. Every error names the file at fault.
#include "core/error.h"
#include "core/input_file.h"
#include "core/json_strict.h"
#include "tokenizer/hf_tokenizer.h"
#include "tokenizer/sentencepiece_tokenizer.h"
#include "tokenizer/spm_tokenizer.h"
#include "tokenizer/tokenizer_base.h"

#include <dsw/gguf.h>
#include <dsw/llama2c.h>
#include <dsw/log.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unistd.h>

namespace dsw {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::unique_ptr<TokenizerBase> load_json(const fs::path& path) {
  std::string text = read_input_file(path, InputKind::tokenizer_json);
  return build_hf_tokenizer(text, path.string());
}

std::unique_ptr<TokenizerBase> load_sentencepiece(const fs::path& path) {
  std::string bytes = read_input_file(path, InputKind::sentencepiece_model);
  return build_sentencepiece_tokenizer(bytes, path.string());
}

std::unique_ptr<TokenizerBase> load_llama2c(const fs::path& path) {
  std::string bytes = read_input_file(path, InputKind::llama2c_tokenizer);
  auto parsed = parse_llama2c_tokenizer(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()), -1,
                                        path.string());
  if (!parsed.is_ok()) throw Error(parsed.status());
  SpmTokenizer::Vocab vocab;
  vocab.scores = std::move(parsed->scores);
  vocab.pieces.reserve(parsed->pieces.size());
  for (auto& p : parsed->pieces) {
    // llama2.c's exporter wrote '▁' as a plain space; go back to SentencePiece's spelling.
    std::string piece;
    for (char c : p) {
      if (c == ' ')
        piece += "\xE2\x96\x81";
      else
        piece += c;
    }
    vocab.pieces.push_back(std::move(piece));
  }
  auto tok = std::make_unique<SpmTokenizer>(std::move(vocab), path.string(), true);
  // run.c: BOS 1, EOS 2 (exported as "\n<s>\n" and "\n</s>\n").
  auto bos = tok->token_id("\n<s>\n");
  if (!bos) bos = tok->token_id("<s>");
  auto eos = tok->token_id("\n</s>\n");
  if (!eos) eos = tok->token_id("</s>");
  int32_t n = tok->vocab_size();
  tok->set_bos(bos ? bos : n > 1 ? std::optional<int32_t>(1) : std::nullopt, true);
  tok->set_eos(eos ? eos : n > 2 ? std::optional<int32_t>(2) : std::nullopt, false);
  return tok;
}

std::unique_ptr<TokenizerBase> load_gguf(const fs::path& path) {
  auto gguf = GgufFile::open(path);
  if (!gguf.is_ok()) throw Error(gguf.status());
  auto tok = tokenizer_from_gguf(*gguf);
  if (!tok.is_ok()) throw Error(tok.status());
  return std::unique_ptr<TokenizerBase>(static_cast<TokenizerBase*>(std::move(tok).value().release()));
}

bool has_extension(const fs::path& p, std::string_view ext);

// tokenizer.bin, else the first tok*.bin (sorted) in `dir`, other than `except`.
std::optional<fs::path> llama2c_tokenizer_in(const fs::path& dir, const fs::path& except = {}) {
  std::error_code ec;
  auto same = [&](const fs::path& p) { return !except.empty() && fs::equivalent(p, except, ec); };
  if (regular_file_exists(dir / "tokenizer.bin") && !same(dir / "tokenizer.bin")) return dir / "tokenizer.bin";
  std::vector<fs::path> bins;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (e.is_regular_file(ec) && name.rfind("tok", 0) == 0 && has_extension(e.path(), ".bin") && !same(e.path()))
      bins.push_back(e.path());
  }
  std::sort(bins.begin(), bins.end());
  if (bins.empty()) return std::nullopt;
  return bins.front();
}

bool has_extension(const fs::path& p, std::string_view ext) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return e == ext;
}

std::unique_ptr<TokenizerBase> load_folder(const fs::path& dir);

// The folder a model file lives in ("." for a bare name).
fs::path folder_of(const fs::path& p) { return p.parent_path().empty() ? fs::path(".") : p.parent_path(); }

// A message without the "<path>: " its loader put first (it is said once, by the caller).
std::string without_path(const Status& s, const fs::path& path) {
  const std::string prefix = path.string() + ": ";
  return s.message().rfind(prefix, 0) == 0 ? s.message().substr(prefix.size()) : s.message();
}

// A model's weights or config given where a tokenizer is expected: the tokenizer beside it,
// or a message saying none was found and where the search looked.
std::unique_ptr<TokenizerBase> tokenizer_beside(const fs::path& path, const std::string& what) {
  try {
    return load_folder(folder_of(path));
  } catch (const Error& e) {
    if (e.status().code() != StatusCode::io) throw;
    fail_io(path.string() + ": is " + what + ", not a tokenizer, and " + e.status().message());
  }
}

std::unique_ptr<TokenizerBase> load_bin(const fs::path& path) {
  // A llama2.c checkpoint is not a tokenizer, but the tokenizer.bin beside it is its vocabulary.
  // Recognised first, so a checkpoint is never read as a broken tokenizer.bin.
  auto checkpoint = open_llama2c(path);
  if (checkpoint.status().code() == StatusCode::io) throw Error(checkpoint.status());  // missing, a FIFO, ...
  if (checkpoint.is_ok()) {
    if (auto sibling = llama2c_tokenizer_in(folder_of(path), path)) return load_llama2c(*sibling);
    fail_io(path.string() + ": is a llama2.c checkpoint, not a tokenizer, and no tokenizer was found beside it (looked in " +
            folder_of(path).string() + " for tokenizer.bin and tok*.bin)");
  }
  try {
    return load_llama2c(path);
  } catch (const Error& e) {
    if (path.filename().string().rfind("tok", 0) == 0) throw;  // named like a tokenizer: its own error
    fail(e.status().code(), path.string() + ": is neither a llama2.c tokenizer (" + without_path(e.status(), path) +
                                ") nor a llama2.c checkpoint (" + without_path(checkpoint.status(), path) + ")");
  }
}

std::unique_ptr<TokenizerBase> load_file(const fs::path& path) {
  const std::string name = path.filename().string();
  if (name == "config.json") return tokenizer_beside(path, "a model's config.json");
  if (has_extension(path, ".safetensors") || (name.size() > 11 && name.ends_with(".index.json")))
    return tokenizer_beside(path, "a safetensors checkpoint");
  if (has_extension(path, ".json")) return load_json(path);
  if (has_extension(path, ".model")) return load_sentencepiece(path);
  if (has_extension(path, ".gguf")) return load_gguf(path);
  if (has_extension(path, ".bin")) return load_bin(path);
  // Unknown name: look at the first bytes.
  InputFile file(path);
  char head[4] = {};
  ssize_t got = ::pread(file.fd(), head, sizeof head, 0);
  if (got == 4 && std::string_view(head, 4) == "GGUF") return load_gguf(path);
  if (got >= 1 && head[0] == '{') return load_json(path);
  fail_unsupported(path.string() + ": not a recognised tokenizer file (tokenizer.json, tokenizer.model, tokenizer.bin or .gguf)");
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

std::optional<bool> opt_bool(const json& cfg, const char* key, const std::string& where) {
  auto it = cfg.find(key);
  if (it == cfg.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) fail_invalid(where + ": '" + key + "' must be a boolean, got " + json_type_name(*it));
  return it->get<bool>();
}

void apply_tokenizer_config(const fs::path& path, TokenizerBase& tok) {
  const std::string where = path.string();
  json cfg = read_json_file(path, InputKind::tokenizer_config);
  if (!cfg.is_object()) fail_invalid(where + ": the top level must be an object");
  auto resolve = [&](const char* key) -> std::optional<int32_t> {
    auto content = token_content(cfg, key, where);
    if (!content) return std::nullopt;
    auto id = tok.token_id(*content);
    if (!id) log_message(LogLevel::warn, where + ": " + key + " '" + *content + "' is not in the vocabulary; ignored");
    return id;
  };
  if (auto bos = resolve("bos_token")) tok.set_bos(bos, tok.adds_bos());
  if (auto eos = resolve("eos_token")) tok.set_eos(eos, tok.adds_eos());
  // LlamaTokenizerFast rebuilds its post-processor from add_bos_token / add_eos_token, whose
  // defaults are true / false (tokenizer.md §1); other classes keep tokenizer.json's.
  auto cls = cfg.find("tokenizer_class");
  bool llama_class = cls != cfg.end() && cls->is_string() &&
                     (cls->get<std::string>() == "LlamaTokenizerFast" || cls->get<std::string>() == "LlamaTokenizer");
  if (llama_class && !cfg.contains("add_bos_token") && tok.bos_id()) tok.set_add_bos(true);
  if (llama_class && !cfg.contains("add_eos_token")) tok.set_add_eos(false);
  if (auto add = opt_bool(cfg, "add_bos_token", where)) {
    if (*add && !tok.bos_id()) fail_invalid(where + ": add_bos_token is true but no bos_token is known");
    tok.set_add_bos(*add);
  }
  if (auto add = opt_bool(cfg, "add_eos_token", where)) {
    if (*add && !tok.eos_id()) fail_invalid(where + ": add_eos_token is true but no eos_token is known");
    tok.set_add_eos(*add);
  }
  if (auto it = cfg.find("chat_template"); it != cfg.end() && !it->is_null()) {
    if (it->is_string()) {
      tok.set_chat_template(it->get<std::string>());
    } else if (it->is_array()) {
      // A list of {name, template}: the "default" one is what apply_chat_template uses.
      for (const auto& e : *it) {
        if (!e.is_object() || !e.contains("name") || !e.contains("template") || !e["name"].is_string() || !e["template"].is_string())
          fail_invalid(where + ": chat_template list entries must be {\"name\": string, \"template\": string}");
        if (e["name"].get<std::string>() == "default") tok.set_chat_template(e["template"].get<std::string>());
      }
    } else {
      fail_invalid(where + ": chat_template must be a string or a list, got " + json_type_name(*it));
    }
  }
}

// tokenizer_config.json (BOS/EOS, chat template) and chat_template.jinja of a tokenizer's folder.
void apply_folder_configs(const fs::path& dir, TokenizerBase& tok) {
  if (regular_file_exists(dir / "tokenizer_config.json")) apply_tokenizer_config(dir / "tokenizer_config.json", tok);
  if (tok.chat_template().empty() && regular_file_exists(dir / "chat_template.jinja"))
    tok.set_chat_template(read_input_file(dir / "chat_template.jinja", InputKind::chat_template));
}

std::unique_ptr<TokenizerBase> load_folder(const fs::path& dir) {
  std::unique_ptr<TokenizerBase> tok;
  if (regular_file_exists(dir / "tokenizer.json")) {
    tok = load_json(dir / "tokenizer.json");
  } else if (regular_file_exists(dir / "tokenizer.model")) {
    tok = load_sentencepiece(dir / "tokenizer.model");
  } else if (auto bin = llama2c_tokenizer_in(dir)) {
    tok = load_llama2c(*bin);
  } else {
    std::vector<fs::path> ggufs;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.is_regular_file(ec) && has_extension(e.path(), ".gguf")) ggufs.push_back(e.path());
    if (ggufs.size() == 1)
      tok = load_gguf(ggufs.front());
    else
      fail_io(dir.string() + ": no tokenizer.json, tokenizer.model, tokenizer.bin, tok*.bin or single .gguf file in this folder");
  }
  apply_folder_configs(dir, *tok);
  return tok;
}

}  // namespace

Result<std::unique_ptr<Tokenizer>> load_tokenizer(const std::filesystem::path& path) {
  return guard([&]() -> std::unique_ptr<Tokenizer> {
    std::error_code ec;
    std::unique_ptr<TokenizerBase> tok;
    if (fs::is_directory(path, ec)) {
      tok = load_folder(path);
    } else {
      if (!fs::exists(path, ec)) fail_io(path.string() + ": no such file or folder");
      regular_file_exists(path);  // a FIFO, device or socket is said to be one, whatever its name
      tok = load_file(path);  // anything but a regular file is refused by InputFile / MappedFile
    }
    // tokenizer_config.json may have named other special ids.
    tok->check_special_ids(path.string());
    return std::unique_ptr<Tokenizer>(std::move(tok));
  });
}

Result<std::unique_ptr<Tokenizer>> load_model_tokenizer(const std::filesystem::path& file) {
  return guard([&]() -> std::unique_ptr<Tokenizer> {
    std::error_code ec;
    std::unique_ptr<TokenizerBase> tok;
    if (fs::is_directory(file, ec)) {
      tok = load_folder(file);
    } else {
      if (!fs::exists(file, ec)) fail_io(file.string() + ": no such file or folder");
      regular_file_exists(file);  // a FIFO, device or socket is said to be one, whatever its name
      tok = load_file(file);
      apply_folder_configs(file.parent_path().empty() ? fs::path(".") : file.parent_path(), *tok);
    }
    tok->check_special_ids(file.string());  // tokenizer_config.json may have named other special ids
    return std::unique_ptr<Tokenizer>(std::move(tok));
  });
}

}  // namespace dsw
