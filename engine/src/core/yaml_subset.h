// A strict reader of the small part of YAML a run configuration needs, giving the nlohmann::json
// value the JSON reader would give for the same document, so one validator checks both.
//
// Accepted: block mappings and block sequences (by indentation, spaces only), flow sequences on one
// line ([a, "b", 3]), plain, single- and double-quoted scalars on one line, comments, one optional
// leading "---". Plain scalars resolve as in YAML 1.2's core schema: null/~/empty is null,
// true/false are booleans, 12 is an integer, 2e-4 and 0.5 are numbers, anything else a string;
// quoted scalars are always strings. Everything else is refused by name with "<name>:<line>: ..."
// — anchors, aliases, tags, block scalars (| >), flow mappings, complex keys, merge keys,
// directives, multiple documents, duplicate keys, multi-line scalars, tabs in indentation — as are
// the YAML 1.1 booleans (yes/no/on/off: other readers disagree on them), .inf/.nan (JSON has none),
// invalid UTF-8, NUL bytes and nesting deeper than max_depth.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace dsw {

struct YamlLimits {
  int max_depth = 32;
};

// Throws dsw::Error(invalid_input) "<name>:<line>: <problem>" on anything outside the subset.
nlohmann::json parse_yaml_subset(std::string_view text, std::string_view name, const YamlLimits& limits = {});

}  // namespace dsw
