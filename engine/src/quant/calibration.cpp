// Calibration files -> token sequences.
#include "quant/calibration.h"

#include "core/error.h"
#include "core/json_strict.h"
#include "tokenizer/utf8.h"

#include <algorithm>
#include <random>

namespace dsw::quant {
namespace {

bool is_jsonl(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".jsonl" || ext == ".ndjson";
}

std::string read_checked(const std::filesystem::path& file) {
  // Regular files only (a FIFO would block), size-capped: core/input_file.h.
  std::string text = read_input_file(file, InputKind::calibration_text);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    fail_invalid(file.string() + ": the calibration file is empty");
  if (!utf8::is_valid(text)) {
    size_t pos = 0;
    while (pos < text.size()) {
      const size_t n = utf8::valid_length(text, pos);
      if (n == 0) break;
      pos += n;
    }
    fail_invalid(file.string() + ": the calibration file is not valid UTF-8 (first bad byte at offset " + std::to_string(pos) + ")");
  }
  return text;
}

std::vector<std::string> documents(const std::filesystem::path& file, const std::string& text) {
  if (!is_jsonl(file)) return {text};
  std::vector<std::string> docs;
  size_t start = 0;
  int64_t line_no = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_no;
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = file.string() + " line " + std::to_string(line_no);
    const nlohmann::json j = parse_json_strict(line, where);
    if (!j.is_object()) fail_invalid(where + ": expected a JSON object, found " + json_type_name(j));
    std::string doc;
    if (auto it = j.find("text"); it != j.end() && it->is_string()) {
      doc = it->get<std::string>();
    } else {
      for (auto& [k, v] : j.items())
        if (v.is_string()) doc += (doc.empty() ? "" : "\n") + v.get<std::string>();
    }
    if (doc.empty()) fail_invalid(where + ": the object has no \"text\" and no string member");
    docs.push_back(std::move(doc));
  }
  if (docs.empty()) fail_invalid(file.string() + ": the calibration file has no JSON lines");
  return docs;
}

}  // namespace

void check_calibration_file(const std::filesystem::path& file) { documents(file, read_checked(file)); }

std::vector<std::vector<int32_t>> load_calibration(const std::filesystem::path& file, const Tokenizer& tok, int64_t samples,
                                                   int64_t length, uint64_t seed) {
  if (samples < 1) fail_invalid("--calib-samples must be at least 1");
  if (length < 2) fail_invalid("--calib-length must be at least 2 tokens");
  const std::string text = read_checked(file);
  std::vector<int32_t> stream;
  for (const std::string& doc : documents(file, text)) {
    auto ids = tok.encode(doc, {.add_special = false, .parse_special = false});
    if (!ids.is_ok()) fail_invalid(file.string() + ": cannot tokenize: " + std::string(ids.status().message()));
    stream.insert(stream.end(), ids->begin(), ids->end());
  }
  const int64_t window = length - 1;
  const int64_t available = int64_t(stream.size()) / window;
  if (available < 1)
    fail_invalid(file.string() + ": the calibration text has " + std::to_string(stream.size()) +
                 " tokens, fewer than one sequence of " + std::to_string(length) + " (lower --calib-length)");
  std::vector<int64_t> pick(static_cast<size_t>(available));
  for (int64_t i = 0; i < available; ++i) pick[size_t(i)] = i;
  if (available > samples) {
    std::mt19937_64 rng(seed);
    std::shuffle(pick.begin(), pick.end(), rng);
    pick.resize(size_t(samples));
    std::sort(pick.begin(), pick.end());
  }
  std::vector<std::vector<int32_t>> out;
  for (int64_t w : pick) {
    std::vector<int32_t> s;
    if (tok.bos_id()) s.push_back(*tok.bos_id());
    s.insert(s.end(), stream.begin() + w * window, stream.begin() + (w + 1) * window);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace dsw::quant
