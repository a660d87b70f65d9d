// Pre-tokenizer pipeline: parsing from tokenizer.json and the split behaviours of tokenizers'
// NormalizedString::split, applied to views of the text.
#include "tokenizer/pre_tokenizer.h"

#include "core/error.h"
#include "core/json_strict.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace dsw {

const char* const kGpt2Pattern = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

namespace {

using json = nlohmann::json;

SplitBehavior parse_behavior(const json& j, const std::string& where) {
  if (!j.is_string()) fail_invalid(where + ": 'behavior' must be a string, got " + json_type_name(j));
  auto s = j.get<std::string>();
  if (s == "Isolated") return SplitBehavior::isolated;
  if (s == "Removed") return SplitBehavior::removed;
  if (s == "MergedWithPrevious") return SplitBehavior::merged_with_previous;
  if (s == "MergedWithNext") return SplitBehavior::merged_with_next;
  if (s == "Contiguous") return SplitBehavior::contiguous;
  fail_invalid(where + ": unknown split behavior '" + s + "'");
}

bool get_bool(const json& j, const char* key, bool fallback, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_boolean()) fail_invalid(where + ": '" + key + "' must be a boolean, got " + json_type_name(*it));
  return it->get<bool>();
}

struct Range {
  size_t begin, end;
  bool match;
};

// tokenizers' find_matches (matches and the gaps between them, covering the piece) followed by the
// behaviour fold; appends the kept ranges.
void split_piece(std::string_view piece, const PreTokenizer::Step& step, std::vector<Range>& work,
                 std::vector<std::pair<size_t, size_t>>& matches, std::vector<std::pair<size_t, size_t>>& kept,
                 const JobContext* job) {
  matches.clear();
  work.clear();
  step.regex->find_all(piece, matches, job);
  size_t prev = 0;
  for (auto [b, e] : matches) {
    if (prev != b) work.push_back({prev, b, false});
    work.push_back({b, e, true});
    prev = e;
  }
  if (prev != piece.size()) work.push_back({prev, piece.size(), false});
  if (step.invert)
    for (auto& r : work) r.match = !r.match;

  kept.clear();
  switch (step.behavior) {
    case SplitBehavior::isolated:
      for (auto& r : work) kept.emplace_back(r.begin, r.end);
      break;
    case SplitBehavior::removed:
      for (auto& r : work)
        if (!r.match) kept.emplace_back(r.begin, r.end);
      break;
    case SplitBehavior::contiguous: {
      bool previous_match = false;
      for (auto& r : work) {
        if (r.match == previous_match && !kept.empty())
          kept.back().second = r.end;
        else
          kept.emplace_back(r.begin, r.end);
        previous_match = r.match;
      }
      break;
    }
    case SplitBehavior::merged_with_previous: {
      bool previous_match = false;
      for (auto& r : work) {
        if (r.match && !previous_match && !kept.empty())
          kept.back().second = r.end;
        else
          kept.emplace_back(r.begin, r.end);
        previous_match = r.match;
      }
      break;
    }
    case SplitBehavior::merged_with_next: {
      bool previous_match = false;
      for (size_t i = work.size(); i-- > 0;) {
        auto& r = work[i];
        if (r.match && !previous_match && !kept.empty())
          kept.back().first = r.begin;
        else
          kept.emplace_back(r.begin, r.end);
        previous_match = r.match;
      }
      std::reverse(kept.begin(), kept.end());
      break;
    }
  }
}

}  // namespace

void PreTokenizer::add_json(const json& j, const std::string& where) {
  if (j.is_null()) return;
  if (!j.is_object()) fail_invalid(where + ": expected an object, got " + json_type_name(j));
  auto t = j.find("type");
  if (t == j.end() || !t->is_string()) fail_invalid(where + ": missing string 'type'");
  std::string type = t->get<std::string>();
  if (byte_level_) fail_unsupported(where + ": a " + type + " pre-tokenizer after ByteLevel is not supported");
  if (type == "Sequence") {
    auto list = j.find("pretokenizers");
    if (list == j.end() || !list->is_array()) fail_invalid(where + ": Sequence needs a 'pretokenizers' array");
    for (size_t i = 0; i < list->size(); ++i) add_json((*list)[i], where + "[" + std::to_string(i) + "]");
    return;
  }
  if (type == "Split") {
    auto pat = j.find("pattern");
    if (pat == j.end() || !pat->is_object() || pat->size() != 1)
      fail_invalid(where + ": Split needs a 'pattern' object with one of 'Regex' or 'String'");
    std::string source;
    if (auto r = pat->find("Regex"); r != pat->end() && r->is_string())
      source = r->get<std::string>();
    else if (auto s = pat->find("String"); s != pat->end() && s->is_string())
      source = regex_escape(s->get<std::string>());
    else
      fail_invalid(where + ": Split 'pattern' must hold a string 'Regex' or 'String'");
    auto b = j.find("behavior");
    if (b == j.end()) fail_invalid(where + ": Split needs a 'behavior'");
    Step step;
    step.regex = std::make_shared<const Regex>(source, where + " Split");
    step.behavior = parse_behavior(*b, where);
    step.invert = get_bool(j, "invert", false, where);
    steps_.push_back(std::move(step));
    return;
  }
  if (type == "Digits") {
    bool individual = get_bool(j, "individual_digits", false, where);
    // char::is_numeric matches general category N; runs (Contiguous) or single digits (Isolated).
    Step step;
    step.regex = std::make_shared<const Regex>(individual ? "\\p{N}" : "\\p{N}+", where + " Digits");
    steps_.push_back(std::move(step));
    return;
  }
  if (type == "ByteLevel") {
    byte_level_ = true;
    add_prefix_space_ = get_bool(j, "add_prefix_space", true, where);
    if (get_bool(j, "use_regex", true, where))
      byte_level_regex_ = std::make_shared<const Regex>(kGpt2Pattern, where + " ByteLevel");
    return;
  }
  fail_unsupported(where + ": pre-tokenizer type '" + type + "' is not supported");
}

PreTokenizer PreTokenizer::from_json(const json& j, const std::string& where) {
  PreTokenizer p;
  p.add_json(j, where);
  return p;
}

PreTokenizer PreTokenizer::from_regex_list(const std::vector<std::string>& patterns, const std::string& where) {
  PreTokenizer p;
  for (size_t i = 0; i < patterns.size(); ++i) {
    Step step;
    step.regex = std::make_shared<const Regex>(patterns[i], where + " regex " + std::to_string(i));
    p.steps_.push_back(std::move(step));
  }
  p.byte_level_ = true;
  return p;
}

std::vector<const Regex*> PreTokenizer::regexes() const {
  std::vector<const Regex*> r;
  for (auto& s : steps_) r.push_back(s.regex.get());
  if (byte_level_regex_) r.push_back(byte_level_regex_.get());
  return r;
}

void PreTokenizer::split(std::string_view text, std::vector<std::string_view>& pieces, std::deque<std::string>& arena,
                         const JobContext* job) const {
  pieces.clear();
  if (text.empty()) return;
  pieces.push_back(text);
  std::vector<std::string_view> next;
  std::vector<Range> work;
  std::vector<std::pair<size_t, size_t>> matches, kept;
  auto apply = [&](const Step& step) {
    next.clear();
    for (auto piece : pieces) {
      split_piece(piece, step, work, matches, kept, job);
      for (auto [b, e] : kept)
        if (e > b) next.push_back(piece.substr(b, e - b));
    }
    pieces.swap(next);
  };
  for (auto& step : steps_) apply(step);
  if (byte_level_ && add_prefix_space_) {
    for (auto& piece : pieces) {
      if (piece.front() != ' ') {
        std::string& prefixed = arena.emplace_back(1, ' ');
        prefixed.append(piece);
        piece = prefixed;
      }
    }
  }
  if (byte_level_regex_) {
    Step step;
    step.regex = byte_level_regex_;
    apply(step);
  }
}

}  // namespace dsw
