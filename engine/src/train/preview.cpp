// Looking at a run from outside: its data as the run will see it (preview_training_data) and the
// metrics it wrote so far (read_run_metrics). Both front ends show these before and after a run.
#include "core/error.h"
#include "core/json_strict.h"
#include "train/data.h"

#include <dsw/model_files.h>
#include <dsw/tokenizer.h>
#include <dsw/train.h>

#include <nlohmann/json.hpp>

#include <fstream>

namespace dsw {
namespace {

DataPreviewRow preview_row(const train::Row& r, const Tokenizer& tok, bool eval) {
  DataPreviewRow out;
  out.eval = eval;
  // Padding (label -100 after the last scored token of a rendered row) is left out; packed text
  // rows are scored to their end, so nothing is cut there.
  size_t end = r.tokens.size();
  if (!r.labels.empty() && r.labels.back() == -100) {
    size_t last = 0;
    for (size_t t = 0; t < r.labels.size(); ++t)
      if (r.labels[t] != -100) last = t + 1;
    end = last;
  }
  int32_t previous = -1;
  for (size_t t = 0; t < end; ++t) {
    DataPreviewToken p;
    p.id = r.tokens[t];
    p.text = utf8_lossy(tok.token_bytes(p.id, previous));
    p.scored = t > 0 && r.labels[t] != -100;  // position 0 predicts nothing
    out.scored += p.scored ? 1 : 0;
    previous = p.id;
    out.tokens.push_back(std::move(p));
  }
  return out;
}

std::optional<double> number(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_number()) return std::nullopt;
  return j[key].get<double>();
}

}  // namespace

Result<DataPreview> preview_training_data(const TrainConfig& c, int64_t train_rows, int64_t eval_rows) {
  return guard([&] {
    if (c.data.path.empty()) fail_invalid("a data file is needed");
    ModelFiles files = unwrap(open_model(c.model));
    if (!files.tokenizer_path) fail_invalid(c.model.string() + ": no tokenizer found beside the model");
    auto tok = unwrap(load_model_tokenizer(*files.tokenizer_path));
    const ChatFamily family = c.data.chat_family ? *c.data.chat_family : detect_chat_family(tok->chat_template());
    const train::Dataset d = train::build_dataset(c.data, *tok, family);
    DataPreview p;
    p.examples = d.examples;
    p.train_rows = int64_t(d.train.size());
    p.eval_rows = int64_t(d.eval.size());
    p.dropped = d.dropped;
    p.seq_len = d.seq_len;
    p.chat_template = std::string(chat_family_name(family));
    for (const auto& r : d.train)
      for (size_t t = 1; t < r.labels.size(); ++t) p.scored_tokens += r.labels[t] != -100 ? 1 : 0;
    for (int64_t i = 0; i < std::min<int64_t>(train_rows, p.train_rows); ++i) p.rows.push_back(preview_row(d.train[size_t(i)], *tok, false));
    for (int64_t i = 0; i < std::min<int64_t>(eval_rows, p.eval_rows); ++i) p.rows.push_back(preview_row(d.eval[size_t(i)], *tok, true));
    return p;
  });
}

Result<std::vector<TrainStepReport>> read_run_metrics(const std::filesystem::path& dir) {
  return guard([&] {
    std::vector<TrainStepReport> out;
    const auto path = dir / "metrics.jsonl";
    std::ifstream in(path, std::ios::binary);
    if (!in) return out;
    std::string line;
    size_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.empty()) continue;
      const auto j = parse_json_strict(line, path.string() + ":" + std::to_string(n));
      if (!j.is_object()) fail_invalid(path.string() + ": line " + std::to_string(n) + " is not an object");
      TrainStepReport r;
      r.step = int64_t(number(j, "step").value_or(0));
      r.loss = number(j, "loss").value_or(0);
      r.eval_loss = number(j, "eval_loss");
      r.lr = number(j, "lr").value_or(0);
      r.grad_norm = number(j, "grad_norm").value_or(0);
      r.tokens = int64_t(number(j, "tokens").value_or(0));
      r.tokens_per_s = number(j, "tokens_per_s").value_or(0);
      r.memory_bytes = uint64_t(number(j, "memory_bytes").value_or(0));
      r.aux_loss = number(j, "aux_loss").value_or(0);
      out.push_back(std::move(r));
    }
    return out;
  });
}

}  // namespace dsw
