// Typed, range-checked access to config.json fields, with messages that name the file and field.
#pragma once

#include "core/error.h"
#include "core/json_strict.h"

#include <cstdint>
#include <optional>
#include <string>

namespace dsw {

class ConfigFields {
 public:
  ConfigFields(const nlohmann::json& obj, std::string source) : obj_(obj), source_(std::move(source)) {}

  bool has(const char* key) const { return obj_.contains(key) && !obj_.at(key).is_null(); }
  const nlohmann::json* raw(const char* key) const { return has(key) ? &obj_.at(key) : nullptr; }

  // Integers must be JSON integers within [min, max].
  int64_t integer(const char* key, int64_t min, int64_t max) const;
  std::optional<int64_t> opt_integer(const char* key, int64_t min, int64_t max) const;
  int64_t integer_or(const char* key, int64_t fallback, int64_t min, int64_t max) const {
    return opt_integer(key, min, max).value_or(fallback);
  }
  // Numbers may be integer or floating JSON values within [min, max].
  double number_or(const char* key, double fallback, double min, double max) const;
  std::optional<double> opt_number(const char* key, double min, double max) const;
  bool boolean_or(const char* key, bool fallback) const;
  std::optional<std::string> opt_string(const char* key) const;
  // A list of integers, or a single integer (eos_token_id).
  std::vector<int64_t> int_list(const char* key, int64_t min, int64_t max) const;

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    fail_invalid(source_ + ": field '" + key + "' " + problem);
  }
  const std::string& source() const { return source_; }

 private:
  const nlohmann::json& obj_;
  std::string source_;
};

}  // namespace dsw
