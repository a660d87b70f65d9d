// dsw-cli tokenize / detokenize: text -> ids and ids -> text with any tokenizer load_tokenizer
// accepts (a model folder, tokenizer.json, tokenizer.model, tokenizer.bin or .gguf).
//
// tokenize prints the ids on one line separated by single spaces; --no-special encodes without
// BOS/EOS and treats special-token text as plain text (llama.cpp's test setting). detokenize
// writes the decoded text exactly, without adding a newline.
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/text_input.h>
#include <dsw/tokenizer.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace dsw::cli {
namespace {

// Through the engine's one reader of named files: a FIFO is refused by type, not waited on.
std::string read_input_file(const std::string& path) {
  auto r = read_text_input(path);
  if (!r.is_ok()) throw std::invalid_argument(r.status().message());
  return std::move(r).value();
}

// One of --A / --A-file, exactly.
std::string text_or_file(const Args& args, const std::string& option) {
  bool inline_given = args.has(option), file_given = args.has(option + "-file");
  if (inline_given == file_given) throw std::invalid_argument("give exactly one of --" + option + " and --" + option + "-file");
  return inline_given ? *args.get(option) : read_input_file(*args.get(option + "-file"));
}

std::string positional_path(const Args& args) {
  if (args.positional().size() != 1) throw std::invalid_argument("expected one TOKENIZER_OR_MODEL path");
  return args.positional()[0];
}

std::vector<int32_t> parse_ids(const std::string& text, int32_t vocab_size) {
  std::vector<int32_t> ids;
  std::string token;
  std::istringstream in(text);
  while (in >> token) {
    // Accept "1, 2, 3" and "[1,2,3]" as well as "1 2 3".
    for (char& c : token)
      if (c == ',' || c == '[' || c == ']') c = ' ';
    std::istringstream parts(token);
    std::string part;
    while (parts >> part) {
      errno = 0;
      char* end = nullptr;
      long long v = std::strtoll(part.c_str(), &end, 10);
      if (errno || !end || *end || v < 0 || v >= vocab_size)
        throw std::invalid_argument("'" + part + "' is not a token id (0.." + std::to_string(vocab_size - 1) + ")");
      ids.push_back(int32_t(v));
    }
  }
  return ids;
}

}  // namespace

int cmd_tokenize(const Argv& argv) {
  Args args(argv, {"no-special"}, {"text", "text-file"});
  std::string path = positional_path(args);
  std::string text = text_or_file(args, "text");
  auto tok = load_tokenizer(path);
  if (!tok.is_ok()) return report(tok.status());
  // Ctrl-C stops a long encode (exit 130) instead of being ignored until it ends.
  JobContext job;
  job.cancel = &cancel_flag();
  EncodeOptions options;
  options.job = &job;
  if (args.flag("no-special")) {
    options.add_special = false;
    options.parse_special = false;
  }
  auto ids = (*tok)->encode(text, options);
  if (!ids.is_ok()) return report(ids.status());
  std::string line;
  line.reserve(ids->size() * 6 + 1);
  for (size_t i = 0; i < ids->size(); ++i) {
    if (i) line += ' ';
    line += std::to_string((*ids)[i]);
  }
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stdout);
  return 0;
}

int cmd_detokenize(const Argv& argv) {
  Args args(argv, {"skip-special"}, {"ids", "ids-file"});
  std::string path = positional_path(args);
  std::string ids_text = text_or_file(args, "ids");
  auto tok = load_tokenizer(path);
  if (!tok.is_ok()) return report(tok.status());
  std::vector<int32_t> ids = parse_ids(ids_text, (*tok)->vocab_size());
  DecodeOptions options;
  options.skip_special = args.flag("skip-special");
  std::string text = (*tok)->decode(ids, options);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

}  // namespace dsw::cli
