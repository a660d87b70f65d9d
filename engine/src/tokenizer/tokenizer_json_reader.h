// Streaming reader for tokenizer.json. A 6 MB file is almost entirely model.vocab (10^5 keys) and
// model.merges (10^5 entries); building a JSON DOM for them costs several times the parse itself.
// The engine's strict JSON reader (core/json_strict.h) diverts those two into flat vectors and
// builds a DOM for everything else, with the same rules (duplicate keys, nesting depth, NUL bytes
// and invalid UTF-8 refused).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsw {

struct TokenizerJson {
  nlohmann::json root;  // the document, with null in place of model.vocab / model.merges when streamed
  bool has_vocab = false;   // model.vocab was an object (entries below)
  bool has_merges = false;  // model.merges was an array (entries below)
  std::vector<std::pair<std::string, int64_t>> vocab;
  // Each merge as its two halves; a legacy "A B" string is split at its single space here.
  std::vector<std::pair<std::string, std::string>> merges;
};

// Throws dsw::Error(invalid_input) "<name>: ..." naming the field at fault.
TokenizerJson read_tokenizer_json(std::string_view text, std::string_view name);

}  // namespace dsw
