// Dataset building, split and order (see data.h).
#include "train/data.h"

#include "core/error.h"
#include "core/input_file.h"
#include "core/json_strict.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>

namespace dsw::train {
namespace {

// Through the one reader of named files (core/input_file.h): a FIFO or a device given as the data
// file is refused by type instead of blocking, and the size limit lives in its table.
std::vector<std::string> read_lines(const std::filesystem::path& p) {
  const std::string text = read_input_file(p, InputKind::training_data);
  std::vector<std::string> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::vector<int32_t> encode(const Tokenizer& tok, const std::string& text, bool special) {
  auto r = tok.encode(text, EncodeOptions{.add_special = special, .parse_special = true});
  if (!r) throw Error(r.status());
  return std::move(r).value();
}

const nlohmann::json& field(const nlohmann::json& row, const std::string& name, const std::filesystem::path& p, size_t line) {
  if (!row.is_object() || !row.contains(name))
    fail_invalid(p.string() + ": line " + std::to_string(line) + " has no field '" + name + "'");
  return row[name];
}

std::string text_of(const nlohmann::json& v, const std::string& name, const std::filesystem::path& p, size_t line) {
  if (!v.is_string()) fail_invalid(p.string() + ": line " + std::to_string(line) + ": field '" + name + "' is not a string");
  return v.get<std::string>();
}

// Token ids and labels of one conversation: assistant turns scored, everything else masked.
Row render_conversation(const std::vector<ChatMessage>& msgs, const Tokenizer& tok, ChatFamily family, const std::filesystem::path& p,
                        size_t line) {
  ChatRenderOptions o;
  if (auto b = tok.bos_id()) o.bos_token = tok.token_text(*b);
  if (auto e = tok.eos_id()) o.eos_token = tok.token_text(*e);
  Row row;
  std::string done;  // text already turned into tokens
  auto append = [&](const std::string& text, bool scored) {
    if (text.empty()) return;
    auto ids = encode(tok, text, false);
    for (int32_t id : ids) {
      row.tokens.push_back(id);
      row.labels.push_back(scored ? id : -100);
    }
  };
  for (size_t i = 0; i < msgs.size(); ++i) {
    if (msgs[i].role != "assistant") continue;
    std::vector<ChatMessage> before(msgs.begin(), msgs.begin() + long(i));
    o.add_generation_prompt = true;
    std::string prefix = unwrap(render_chat(family, before, o));
    std::vector<ChatMessage> upto(msgs.begin(), msgs.begin() + long(i) + 1);
    o.add_generation_prompt = false;
    std::string full = unwrap(render_chat(family, upto, o));
    if (prefix.compare(0, done.size(), done) != 0 || full.compare(0, prefix.size(), prefix) != 0)
      fail_invalid(p.string() + ": line " + std::to_string(line) + ": the chat template does not render turn by turn");
    append(prefix.substr(done.size()), false);
    append(full.substr(prefix.size()), true);
    done = full;
  }
  // Templates that end the assistant turn without EOS text: score EOS as the end (HF SFT practice).
  if (auto e = tok.eos_id(); e && (row.tokens.empty() || row.tokens.back() != *e)) {
    row.tokens.push_back(*e);
    row.labels.push_back(*e);
  }
  return row;
}

}  // namespace

Dataset build_dataset(const DataConfig& c, const Tokenizer& tok, ChatFamily family) {
  if (c.seq_len < 2 || c.seq_len > 65536) fail_invalid("seq_len must be in [2, 65536], is " + std::to_string(c.seq_len));
  if (!(c.eval_fraction >= 0 && c.eval_fraction < 1)) fail_invalid("eval_fraction must be in [0, 1)");
  if (!regular_file_exists(c.path)) fail_io(c.path.string() + ": no such data file");
  Dataset d;
  d.family = family;
  const auto lines = read_lines(c.path);
  const bool jsonl = c.path.extension() == ".jsonl" || c.path.extension() == ".json";
  std::vector<Row> examples;
  if (c.format == DataFormat::text) {
    std::vector<std::string> docs;
    if (jsonl) {
      for (size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].empty()) continue;
        auto row = parse_json_strict(lines[i], c.path.string() + ":" + std::to_string(i + 1));
        docs.push_back(text_of(field(row, c.text_field, c.path, i + 1), c.text_field, c.path, i + 1));
      }
    } else {  // documents separated by blank lines or <|endoftext|> lines (TinyStories, GPT-2 dumps)
      std::string cur;
      for (auto& l : lines) {
        if (l.empty() || l == "<|endoftext|>") {
          if (!cur.empty()) docs.push_back(cur), cur.clear();
        } else {
          cur += cur.empty() ? l : "\n" + l;
        }
      }
      if (!cur.empty()) docs.push_back(cur);
    }
    if (c.max_examples > 0 && int64_t(docs.size()) > c.max_examples) docs.resize(size_t(c.max_examples));
    for (auto& doc : docs) {
      Row r;
      r.tokens = encode(tok, doc, true);
      if (auto e = tok.eos_id()) r.tokens.push_back(*e);
      r.labels = r.tokens;
      examples.push_back(std::move(r));
    }
  } else {
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].empty()) continue;
      if (c.max_examples > 0 && int64_t(examples.size()) >= c.max_examples) break;
      auto row = parse_json_strict(lines[i], c.path.string() + ":" + std::to_string(i + 1));
      std::vector<ChatMessage> msgs;
      if (c.format == DataFormat::prompt_response) {
        msgs.push_back({"user", text_of(field(row, c.prompt_field, c.path, i + 1), c.prompt_field, c.path, i + 1)});
        msgs.push_back({"assistant", text_of(field(row, c.response_field, c.path, i + 1), c.response_field, c.path, i + 1)});
      } else {
        const auto& m = field(row, c.messages_field, c.path, i + 1);
        if (!m.is_array()) fail_invalid(c.path.string() + ": line " + std::to_string(i + 1) + ": '" + c.messages_field + "' is not a list");
        for (auto& x : m)
          msgs.push_back({text_of(field(x, "role", c.path, i + 1), "role", c.path, i + 1),
                          text_of(field(x, "content", c.path, i + 1), "content", c.path, i + 1)});
      }
      examples.push_back(render_conversation(msgs, tok, family, c.path, i + 1));
    }
  }
  d.examples = int64_t(examples.size());
  if (examples.empty()) fail_invalid(c.path.string() + ": no examples");
  // Split: the last eval_fraction of the examples.
  int64_t n_eval = int64_t(std::ceil(double(examples.size()) * c.eval_fraction));
  if (c.eval_fraction > 0 && int64_t(examples.size()) - n_eval < 1) n_eval = int64_t(examples.size()) - 1;
  const auto split = examples.end() - n_eval;
  std::vector<Row> tr(examples.begin(), split), ev(split, examples.end());
  const int64_t S = c.seq_len;
  auto pack = [&](const std::vector<Row>& in, std::vector<Row>& out) {
    std::vector<int32_t> all;
    for (auto& r : in) all.insert(all.end(), r.tokens.begin(), r.tokens.end());
    for (size_t i = 0; i + size_t(S) <= all.size(); i += size_t(S)) {
      Row r;
      r.tokens.assign(all.begin() + long(i), all.begin() + long(i) + S);
      r.labels = r.tokens;
      out.push_back(std::move(r));
    }
  };
  if (c.format == DataFormat::text) {
    d.seq_len = S;
    pack(tr, d.train);
    pack(ev, d.eval);
  } else {
    int64_t longest = 0;
    for (auto& r : examples) longest = std::max(longest, int64_t(r.tokens.size()));
    d.seq_len = std::min(S, longest);
    const int32_t pad = tok.eos_id().value_or(0);
    auto fit = [&](std::vector<Row>& rows) {
      for (auto& r : rows) {
        r.tokens.resize(size_t(d.seq_len), pad);
        r.labels.resize(size_t(d.seq_len), -100);
      }
    };
    d.train = std::move(tr);
    d.eval = std::move(ev);
    fit(d.train);
    fit(d.eval);
    // Truncation can cut a whole response away: such rows teach nothing and are dropped.
    auto scored = [](const Row& r) {
      for (size_t t = 1; t < r.labels.size(); ++t)
        if (r.labels[t] != -100) return true;
      return false;
    };
    const size_t before = d.train.size() + d.eval.size();
    std::erase_if(d.train, [&](const Row& r) { return !scored(r); });
    std::erase_if(d.eval, [&](const Row& r) { return !scored(r); });
    d.dropped = int64_t(before - d.train.size() - d.eval.size());
    if (d.train.empty())
      fail_invalid(c.path.string() + ": no example keeps a response token within seq_len " + std::to_string(S) +
                   " (the prompts are longer); raise seq_len");
  }
  if (int64_t(d.eval.size()) > c.eval_max_rows) d.eval.resize(size_t(c.eval_max_rows));
  if (d.train.empty()) fail_invalid(c.path.string() + ": too little data for one row of " + std::to_string(S) + " tokens");
  return d;
}

std::vector<std::vector<int64_t>> step_rows(int64_t n_rows, int64_t k, int64_t micro_batch, int64_t grad_accum, uint64_t seed) {
  std::vector<std::vector<int64_t>> out(static_cast<size_t>(grad_accum));
  const int64_t per_step = micro_batch * grad_accum;
  int64_t cached_epoch = -1;
  std::vector<int64_t> perm(static_cast<size_t>(n_rows));
  for (int64_t i = 0; i < per_step; ++i) {
    const int64_t g = k * per_step + i, epoch = g / n_rows, pos = g % n_rows;
    if (epoch != cached_epoch) {
      std::iota(perm.begin(), perm.end(), 0);
      std::mt19937_64 rng(seed + uint64_t(epoch));
      for (int64_t j = n_rows - 1; j > 0; --j) std::swap(perm[size_t(j)], perm[size_t(rng() % uint64_t(j + 1))]);
      cached_epoch = epoch;
    }
    out[size_t(i / micro_batch)].push_back(perm[size_t(pos)]);
  }
  return out;
}

void shift_targets(const std::vector<const Row*>& rows, std::vector<int32_t>& tokens, std::vector<int32_t>& targets) {
  tokens.clear();
  targets.clear();
  for (auto* r : rows) {
    const size_t S = r->tokens.size();
    tokens.insert(tokens.end(), r->tokens.begin(), r->tokens.end());
    for (size_t t = 0; t < S; ++t) targets.push_back(t + 1 < S && r->labels[t + 1] != -100 ? r->labels[t + 1] : -1);
  }
}

}  // namespace dsw::train
