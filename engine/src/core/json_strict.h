// The engine's one reader of hostile JSON (config.json, generation_config.json, index.json,
// tokenizer.json, tokenizer_config.json; safetensors headers use the schema-driven JsonScanner).
//
// On top of nlohmann's validating parser (which rejects invalid UTF-8) this rejects NUL bytes
// (nlohmann would stop there as if the text ended), duplicate object keys — the safetensors spec
// disallows them and a lenient parser silently keeps one — and caps nesting depth, so a hostile
// file cannot exhaust the stack. Large arrays and objects can be streamed to a JsonDivert instead
// of the DOM (tokenizer.json's vocabulary and merges) under the same rules.
#pragma once

#include "core/input_file.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

struct JsonLimits {
  int max_depth = 64;
};

// Takes chosen containers of a document instead of the DOM. Before an object or array starts,
// the reader asks wants() with the keys leading to it from the root (array elements appear as
// "[]"); when it says yes, every event inside that container (its own start and end included)
// goes to the SAX methods of this object, and the DOM gets null under that key, so a second
// occurrence of the key is still a duplicate. Nesting depth is counted across both. A handler
// that returns false should set `error`; the message is then "<name>: <error>".
class JsonDivert : public nlohmann::json_sax<nlohmann::json> {
 public:
  virtual bool wants(const std::vector<std::string>& path, bool is_object) = 0;
  // Never called: syntax errors are reported by the reader.
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
  std::string error;
};

// Throws dsw::Error(invalid_input) "<name>: invalid JSON: <detail>" on any problem.
nlohmann::json parse_json_strict(std::string_view text, std::string_view name, const JsonLimits& limits = {},
                                 JsonDivert* divert = nullptr);

// Reads a whole file of `kind` (core/input_file.h: regular files only, size-capped) and parses it
// strictly; messages name the path.
nlohmann::json read_json_file(const std::filesystem::path& path, InputKind kind, const JsonLimits& limits = {});

// Short description of a JSON value's type for messages ("string", "number", ...).
std::string json_type_name(const nlohmann::json& v);

}  // namespace dsw
