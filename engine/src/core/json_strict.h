// Strict JSON parsing for every file the engine reads (safetensors headers, config.json,
// index.json, tokenizer.json, tokenizer_config.json).
//
// On top of nlohmann's validating parser (which rejects invalid UTF-8) this rejects duplicate
// object keys — the safetensors spec disallows them and a lenient parser silently keeps one — and
// caps nesting depth, so a hostile file cannot exhaust the stack.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace dsw {

struct JsonLimits {
  int max_depth = 64;
};

// Throws dsw::Error(invalid_input) "<name>: invalid JSON: <detail>" on any problem.
nlohmann::json parse_json_strict(std::string_view text, std::string_view name, const JsonLimits& limits = {});

// Reads a whole file (at most max_bytes; larger files are refused with their size).
std::string read_text_file(const std::string& path, uint64_t max_bytes);

// Reads a whole text file (at most max_bytes) and parses it strictly.
nlohmann::json read_json_file(const std::string& path, uint64_t max_bytes, const JsonLimits& limits = {});

// Short description of a JSON value's type for messages ("string", "number", ...).
std::string json_type_name(const nlohmann::json& v);

}  // namespace dsw
