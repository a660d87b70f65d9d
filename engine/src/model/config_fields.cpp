// ConfigFields: checked getters over a JSON object.
#include "model/config_fields.h"

#include <cmath>

namespace dsw {

std::optional<int64_t> ConfigFields::opt_integer(const char* key, int64_t min, int64_t max) const {
  const auto* v = raw(key);
  if (!v) return std::nullopt;
  int64_t x = 0;
  if (v->is_number_unsigned()) {
    auto u = v->get<uint64_t>();
    if (u > uint64_t(INT64_MAX)) fail(key, "is out of range: " + std::to_string(u));
    x = int64_t(u);
  } else if (v->is_number_integer()) {
    x = v->get<int64_t>();
  } else if (v->is_number_float() && std::isfinite(v->get<double>()) && v->get<double>() == std::floor(v->get<double>()) &&
             std::fabs(v->get<double>()) < 9e15) {
    x = int64_t(v->get<double>());  // 4096.0 is written by some exporters
  } else {
    fail(key, "must be an integer, got " + json_type_name(*v) + " " + v->dump().substr(0, 40));
  }
  if (x < min || x > max)
    fail(key, "is " + std::to_string(x) + ", outside the accepted range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return x;
}

int64_t ConfigFields::integer(const char* key, int64_t min, int64_t max) const {
  auto v = opt_integer(key, min, max);
  if (!v) fail(key, "is missing");
  return *v;
}

std::optional<double> ConfigFields::opt_number(const char* key, double min, double max) const {
  const auto* v = raw(key);
  if (!v) return std::nullopt;
  if (!v->is_number()) fail(key, "must be a number, got " + json_type_name(*v));
  double x = v->get<double>();
  if (!std::isfinite(x) || x < min || x > max)
    fail(key, "is " + v->dump() + ", outside the accepted range [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return x;
}

double ConfigFields::number_or(const char* key, double fallback, double min, double max) const {
  return opt_number(key, min, max).value_or(fallback);
}

bool ConfigFields::boolean_or(const char* key, bool fallback) const {
  const auto* v = raw(key);
  if (!v) return fallback;
  if (!v->is_boolean()) fail(key, "must be true or false, got " + json_type_name(*v));
  return v->get<bool>();
}

std::optional<std::string> ConfigFields::opt_string(const char* key) const {
  const auto* v = raw(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) fail(key, "must be a string, got " + json_type_name(*v));
  return v->get<std::string>();
}

std::vector<int64_t> ConfigFields::int_list(const char* key, int64_t min, int64_t max) const {
  const auto* v = raw(key);
  std::vector<int64_t> out;
  if (!v) return out;
  auto check = [&](const nlohmann::json& e) {
    if (!e.is_number_integer()) fail(key, "must hold integers, got " + json_type_name(e));
    int64_t x = e.is_number_unsigned() && e.get<uint64_t>() > uint64_t(INT64_MAX) ? -1 : e.get<int64_t>();
    if (x < min || x > max) fail(key, "holds " + e.dump() + ", outside [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    out.push_back(x);
  };
  if (v->is_array()) {
    if (v->size() > 64) fail(key, "has more than 64 entries");
    for (auto& e : *v) check(e);
  } else {
    check(*v);
  }
  return out;
}

}  // namespace dsw
