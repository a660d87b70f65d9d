// Normalizer parsing and application.
#include "tokenizer/normalizer.h"

#include "core/error.h"
#include "core/json_strict.h"
#include "tokenizer/unicode_nfc.h"

#include <nlohmann/json.hpp>

namespace dsw {

void Normalizer::add_json(const nlohmann::json& j, const std::string& where) {
  if (j.is_null()) return;
  if (!j.is_object()) fail_invalid(where + ": expected an object, got " + json_type_name(j));
  auto t = j.find("type");
  if (t == j.end() || !t->is_string()) fail_invalid(where + ": missing string 'type'");
  std::string type = t->get<std::string>();
  if (type == "Sequence") {
    auto list = j.find("normalizers");
    if (list == j.end() || !list->is_array()) fail_invalid(where + ": Sequence needs a 'normalizers' array");
    for (size_t i = 0; i < list->size(); ++i) add_json((*list)[i], where + "[" + std::to_string(i) + "]");
    return;
  }
  if (type == "NFC") {
    nfc_ = true;  // NFC is idempotent, so repeating it changes nothing
    return;
  }
  fail_unsupported(where + ": normalizer type '" + type + "' is not supported (only Sequence and NFC)");
}

Normalizer Normalizer::from_json(const nlohmann::json& j, const std::string& where) {
  Normalizer n;
  n.add_json(j, where);
  return n;
}

std::string Normalizer::apply(std::string_view text, const JobContext* job) const {
  if (nfc_) return nfc_normalize(text, job);
  return std::string(text);
}

}  // namespace dsw
