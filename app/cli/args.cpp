// Argument parsing for dsw-cli.
#include "args.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace dsw::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& flags, const std::set<std::string>& options) {
  bool only_positional = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (only_positional || a.size() < 3 || a.rfind("--", 0) != 0) {
      if (a == "--") {
        only_positional = true;
        continue;
      }
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (flags.count(name)) {
      if (has_value) throw std::invalid_argument("--" + name + " takes no value");
      flags_.insert(name);
    } else if (options.count(name)) {
      if (!has_value) {
        if (i + 1 >= argv.size()) throw std::invalid_argument("--" + name + " needs a value");
        value = argv[++i];
      }
      values_.emplace(name, value);
    } else {
      throw std::invalid_argument("unknown option --" + name);
    }
  }
}

std::optional<std::string> Args::get(const std::string& name) const {
  auto range = values_.equal_range(name);
  if (range.first == range.second) return std::nullopt;
  return std::prev(range.second)->second;  // the last one wins
}

std::string Args::get_or(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

std::vector<std::string> Args::get_all(const std::string& name) const {
  std::vector<std::string> out;
  auto range = values_.equal_range(name);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

int64_t Args::get_int(const std::string& name, int64_t fallback, int64_t min, int64_t max) const {
  auto v = get(name);
  if (!v) return fallback;
  errno = 0;
  char* end = nullptr;
  long long x = std::strtoll(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || errno == ERANGE)
    throw std::invalid_argument("--" + name + ": '" + *v + "' is not an integer");
  if (x < min || x > max)
    throw std::invalid_argument("--" + name + ": " + *v + " is outside [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return x;
}

double Args::get_double(const std::string& name, double fallback, double min, double max) const {
  auto v = get(name);
  if (!v) return fallback;
  char* end = nullptr;
  double x = std::strtod(v->c_str(), &end);
  if (v->empty() || *end != '\0' || !std::isfinite(x))
    throw std::invalid_argument("--" + name + ": '" + *v + "' is not a number");
  if (x < min || x > max)
    throw std::invalid_argument("--" + name + ": " + *v + " is outside [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  return x;
}

}  // namespace dsw::cli
