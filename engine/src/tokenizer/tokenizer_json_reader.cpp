// read_tokenizer_json(): the strict reader of core/json_strict.h, with model.vocab and
// model.merges diverted into flat vectors as they are read.
#include "tokenizer/tokenizer_json_reader.h"

#include "core/error.h"
#include "core/json_strict.h"
#include "tokenizer/bpe_model.h"

namespace dsw {
namespace {

using json = nlohmann::json;

// Receives model.vocab (an object of integer ids) and model.merges (strings "A B" or two-string
// arrays); anything else inside them is refused naming the entry.
class VocabAndMerges final : public JsonDivert {
 public:
  explicit VocabAndMerges(TokenizerJson& out) : out_(out) {}

  bool wants(const std::vector<std::string>& path, bool is_object) override {
    if (path.size() != 2 || path[0] != "model") return false;
    if (is_object && path[1] == "vocab") {
      mode_ = Mode::vocab_start;
      out_.has_vocab = true;
      return true;
    }
    if (!is_object && path[1] == "merges") {
      mode_ = Mode::merges_start;
      out_.has_merges = true;
      return true;
    }
    return false;
  }

  bool null() override { return bad_entry("null"); }
  bool boolean(bool) override { return bad_entry("a boolean"); }
  bool number_integer(number_integer_t v) override {
    if (mode_ == Mode::vocab) return vocab_value(v);
    return bad_entry("a number");
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (mode_ == Mode::vocab) return vocab_value(v > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(v));
    return bad_entry("a number");
  }
  bool number_float(number_float_t, const string_t&) override { return bad_entry("a fractional number"); }
  bool string(string_t& v) override {
    if (mode_ == Mode::merges) return legacy_merge(v);
    if (mode_ == Mode::merge_pair) {
      if (pair_count_ == 0) out_.merges.back().first = std::move(v);
      else if (pair_count_ == 1) out_.merges.back().second = std::move(v);
      ++pair_count_;
      return true;
    }
    return bad_entry("a string");
  }
  bool binary(binary_t&) override { return fail("binary values are not JSON"); }
  bool key(string_t& k) override {
    vocab_key_ = std::move(k);
    return true;
  }
  bool start_object(std::size_t) override {
    if (mode_ == Mode::vocab_start) {
      mode_ = Mode::vocab;
      return true;
    }
    return bad_entry("an object");
  }
  bool end_object() override {
    mode_ = Mode::none;  // only the vocabulary object itself can end here
    return true;
  }
  bool start_array(std::size_t) override {
    if (mode_ == Mode::merges_start) {
      mode_ = Mode::merges;
      return true;
    }
    if (mode_ == Mode::merges) {
      if (!count_merge()) return false;
      out_.merges.emplace_back();
      pair_count_ = 0;
      mode_ = Mode::merge_pair;
      return true;
    }
    return bad_entry("an array");
  }
  bool end_array() override {
    if (mode_ == Mode::merge_pair) {
      if (pair_count_ != 2) return fail(merge_where() + ": a merge array must hold exactly two strings");
      mode_ = Mode::merges;
      return true;
    }
    mode_ = Mode::none;  // the merges array itself
    return true;
  }

 private:
  enum class Mode { none, vocab_start, vocab, merges_start, merges, merge_pair };

  bool fail(std::string message) {
    if (error.empty()) error = std::move(message);
    return false;
  }
  std::string merge_where() const { return "model.merges[" + std::to_string(out_.merges.size() - 1) + "]"; }
  bool bad_entry(const char* what) {
    if (mode_ == Mode::vocab) return fail("model.vocab['" + vocab_key_ + "'] must be an integer id, got " + what);
    if (mode_ == Mode::merges) out_.merges.emplace_back();  // so merge_where() names this entry
    return fail(merge_where() + ": a merge must be a string or a two-string array, got " + what);
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

  TokenizerJson& out_;
  std::string vocab_key_;
  Mode mode_ = Mode::none;
  int pair_count_ = 0;
};

}  // namespace

TokenizerJson read_tokenizer_json(std::string_view text, std::string_view name) {
  TokenizerJson out;
  VocabAndMerges divert(out);
  out.root = parse_json_strict(text, name, {}, &divert);
  return out;
}

}  // namespace dsw
