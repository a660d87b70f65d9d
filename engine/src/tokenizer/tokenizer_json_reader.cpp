// SAX handler of read_tokenizer_json(): DOM building like core/json_strict.cpp, except inside
// model.vocab and model.merges, whose entries are appended to vectors as they are read.
#include "tokenizer/tokenizer_json_reader.h"

#include "core/error.h"
#include "tokenizer/bpe_model.h"

namespace dsw {
namespace {

using json = nlohmann::json;
constexpr int kMaxDepth = 64;

class Handler : public nlohmann::json_sax<json> {
 public:
  explicit Handler(TokenizerJson& out) : out_(out) {}
  std::string error;

  bool null() override { return scalar(json(nullptr), "null"); }
  bool boolean(bool v) override { return scalar(json(v), "a boolean"); }
  bool number_integer(number_integer_t v) override {
    if (mode_ == Mode::vocab) return vocab_value(v);
    return scalar(json(v), "a number");
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (mode_ == Mode::vocab) return vocab_value(v > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(v));
    return scalar(json(v), "a number");
  }
  bool number_float(number_float_t v, const string_t&) override { return scalar(json(v), "a fractional number"); }
  bool string(string_t& v) override {
    switch (mode_) {
      case Mode::dom: return put(json(std::move(v)));
      case Mode::vocab: return fail("model.vocab['" + vocab_key_ + "'] must be an integer id, got a string");
      case Mode::merges: return legacy_merge(v);
      case Mode::merge_pair:
        if (pair_count_ == 0) out_.merges.back().first = std::move(v);
        else if (pair_count_ == 1) out_.merges.back().second = std::move(v);
        ++pair_count_;
        return true;
    }
    return true;
  }
  bool binary(binary_t&) override { return fail("binary values are not JSON"); }
  bool start_object(std::size_t) override {
    if (mode_ == Mode::dom && at_model_key("vocab")) {
      if (out_.has_vocab) return fail("duplicate key 'vocab' in model");
      mode_ = Mode::vocab;
      out_.has_vocab = true;
      return true;
    }
    if (mode_ != Mode::dom) return bad_entry("an object");
    return open(json::object());
  }
  bool end_object() override {
    if (mode_ == Mode::vocab) {
      mode_ = Mode::dom;
      return true;
    }
    return close();
  }
  bool start_array(std::size_t) override {
    if (mode_ == Mode::dom && at_model_key("merges")) {
      if (out_.has_merges) return fail("duplicate key 'merges' in model");
      mode_ = Mode::merges;
      out_.has_merges = true;
      return true;
    }
    if (mode_ == Mode::merges) {
      if (!count_merge()) return false;
      out_.merges.emplace_back();
      pair_count_ = 0;
      mode_ = Mode::merge_pair;
      return true;
    }
    if (mode_ != Mode::dom) return bad_entry("an array");
    return open(json::array());
  }
  bool end_array() override {
    if (mode_ == Mode::merge_pair) {
      if (pair_count_ != 2) return fail(merge_where() + ": a merge array must hold exactly two strings");
      mode_ = Mode::merges;
      return true;
    }
    if (mode_ == Mode::merges) {
      mode_ = Mode::dom;
      return true;
    }
    return close();
  }
  bool key(string_t& k) override {
    if (mode_ == Mode::vocab) {
      vocab_key_ = std::move(k);
      return true;
    }
    json& obj = *stack_.back();
    if (obj.contains(k)) return fail("duplicate key '" + k + "'");
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    if (error.empty()) {
      std::string s = ex.what();
      auto p = s.find("] ");
      error = "invalid JSON at byte " + std::to_string(position) + ": " + (p == std::string::npos ? s : s.substr(p + 2));
    }
    return false;
  }

 private:
  enum class Mode { dom, vocab, merges, merge_pair };

  bool fail(std::string message) {
    if (error.empty()) error = std::move(message);
    return false;
  }
  std::string merge_where() const { return "model.merges[" + std::to_string(out_.merges.size() - 1) + "]"; }
  bool bad_entry(const char* what) {
    if (mode_ == Mode::vocab) return fail("model.vocab['" + vocab_key_ + "'] must be an integer id, got " + what);
    return fail(merge_where() + ": a merge must be a string or a two-string array, got " + what);
  }
  bool scalar(json v, const char* what) {
    if (mode_ != Mode::dom) return bad_entry(what);
    return put(std::move(v));
  }
  bool vocab_value(int64_t v) {
    if (int64_t(out_.vocab.size()) >= kMaxVocabEntries)
      return fail("model.vocab has more than " + std::to_string(kMaxVocabEntries) + " entries");
    out_.vocab.emplace_back(std::move(vocab_key_), v);
    return true;
  }
  bool count_merge() {
    if (int64_t(out_.merges.size()) >= kMaxMerges) return fail("model.merges has more than " + std::to_string(kMaxMerges) + " entries");
    return true;
  }
  bool legacy_merge(const std::string& s) {
    if (!count_merge()) return false;
    out_.merges.emplace_back();
    // "A B": exactly one space (tokenizers' convert_merges_to_hashmap splits on ' ' and wants 2 parts).
    size_t sp = s.find(' ');
    if (sp == std::string::npos || s.find(' ', sp + 1) != std::string::npos)
      return fail(merge_where() + ": '" + s.substr(0, 80) + "' must be two tokens separated by one space");
    out_.merges.back() = {s.substr(0, sp), s.substr(sp + 1)};
    return true;
  }
  // True when the value about to start is the member `name` of the top-level "model" object.
  bool at_model_key(const char* name) const {
    return stack_.size() == 2 && stack_[1]->is_object() && key_ == name && in_model_;
  }

  json* insert(json v) {
    if (stack_.empty()) {
      out_.root = std::move(v);
      return &out_.root;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return &parent.back();
    }
    auto [it, ok] = parent.emplace(std::move(key_), std::move(v));
    return &it.value();
  }
  bool put(json v) {
    insert(std::move(v));
    return true;
  }
  bool open(json container) {
    if (int(stack_.size()) >= kMaxDepth) return fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    bool model = stack_.size() == 1 && stack_[0]->is_object() && key_ == "model" && container.is_object();
    stack_.push_back(insert(std::move(container)));
    if (stack_.size() == 2) in_model_ = model;
    return true;
  }
  bool close() {
    stack_.pop_back();
    if (stack_.size() < 2) in_model_ = false;
    return true;
  }

  TokenizerJson& out_;
  std::vector<json*> stack_;
  std::string key_;
  std::string vocab_key_;
  Mode mode_ = Mode::dom;
  int pair_count_ = 0;
  bool in_model_ = false;
};

}  // namespace

TokenizerJson read_tokenizer_json(std::string_view text, std::string_view name) {
  TokenizerJson out;
  Handler handler(out);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &handler, json::input_format_t::json, true, false);
  } catch (const std::exception& e) {
    if (handler.error.empty()) handler.error = e.what();
  }
  if (!ok) fail_invalid(std::string(name) + ": " + (handler.error.empty() ? "invalid JSON" : handler.error));
  return out;
}

}  // namespace dsw
