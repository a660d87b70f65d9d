// Normalizers applied before pre-tokenization: Sequence and NFC (the ones DeepSeek and Qwen2
// use). Any other type is refused as unsupported. Immutable; thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace dsw {

class JobContext;

class Normalizer {
 public:
  Normalizer() = default;
  // Parses a tokenizer.json "normalizer" value (null -> identity).
  static Normalizer from_json(const nlohmann::json& j, const std::string& where);
  static Normalizer nfc() {
    Normalizer n;
    n.nfc_ = true;
    return n;
  }

  bool is_identity() const noexcept { return !nfc_; }
  // Time linear in the text; `job` (optional) can cancel a long one.
  std::string apply(std::string_view text, const JobContext* job = nullptr) const;

 private:
  void add_json(const nlohmann::json& j, const std::string& where);
  bool nfc_ = false;
};

}  // namespace dsw
