// Command-line arguments for dsw-cli subcommands: positionals, --flag, --key value, --key=value.
//
// Each subcommand declares what it accepts; anything else is an error naming the argument, so a
// typo never silently changes a run.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace dsw::cli {

class Args {
 public:
  // `flags` take no value; `options` take one value. Throws std::invalid_argument with a message.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& flags, const std::set<std::string>& options);

  const std::vector<std::string>& positional() const { return positional_; }
  bool flag(const std::string& name) const { return flags_.count(name) > 0; }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> get(const std::string& name) const;
  std::string get_or(const std::string& name, const std::string& fallback) const;
  // Numeric values are validated; throws std::invalid_argument naming the option.
  int64_t get_int(const std::string& name, int64_t fallback, int64_t min, int64_t max) const;
  double get_double(const std::string& name, double fallback, double min, double max) const;
  // Every value given for a repeatable option (e.g. --runs 1 --runs 2).
  std::vector<std::string> get_all(const std::string& name) const;

 private:
  std::vector<std::string> positional_;
  std::set<std::string> flags_;
  std::multimap<std::string, std::string> values_;
};

}  // namespace dsw::cli
