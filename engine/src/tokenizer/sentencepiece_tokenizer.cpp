// libsentencepiece wrapper. SentencePieceProcessor::Encode/DecodeIds are const and thread-safe.
// Control pieces (<s>, </s>) in the input are recognised only with parse_special (HF splits them
// out before calling SentencePiece); they decode to nothing, as SentencePiece renders them.
#include "tokenizer/sentencepiece_tokenizer.h"

#include "core/error.h"
#include "tokenizer/added_tokens.h"
#include "tokenizer/normalizer.h"
#include "tokenizer/spm_tokenizer.h"
#include "tokenizer/tokenizer_base.h"
#include "tokenizer/utf8.h"

#include <dsw/job.h>

#include <sentencepiece_processor.h>

namespace dsw {
namespace {

constexpr std::string_view kSpaceMark = "\xE2\x96\x81";

class SentencePieceTokenizer final : public TokenizerBase {
 public:
  SentencePieceTokenizer(std::string_view serialized, std::string name) : name_(std::move(name)) {
    auto status = sp_.LoadFromSerializedProto(serialized);
    if (!status.ok())
      fail_invalid(name_ + ": not a SentencePiece model (" + std::string(status.message()) + ")");
    int n = sp_.GetPieceSize();
    if (n <= 0) fail_invalid(name_ + ": the SentencePiece model has no pieces");
    for (int i = 0; i < n; ++i) {
      if (!sp_.IsControl(i)) continue;
      AddedToken t;
      t.content = sp_.IdToPiece(i);
      t.id = i;
      t.special = true;
      added_.add(std::move(t));
    }
    added_.finish(Normalizer{});
    set_bos(sp_.bos_id() >= 0 ? std::optional<int32_t>(sp_.bos_id()) : std::nullopt, true);
    set_eos(sp_.eos_id() >= 0 ? std::optional<int32_t>(sp_.eos_id()) : std::nullopt, false);
  }

  TokenizerKind kind() const noexcept override { return TokenizerKind::sentencepiece; }
  int32_t vocab_size() const noexcept override { return sp_.GetPieceSize(); }

  Result<std::vector<int32_t>> encode(std::string_view text, const EncodeOptions& options) const override {
    return guard([&] {
      std::string repaired;
      if (!utf8::is_valid(text)) {
        repaired = utf8_lossy(text);
        text = repaired;
      }
      std::vector<int32_t> ids;
      std::vector<AddedTokens::Segment> segments;
      added_.split(text, false, options.parse_special, segments);
      std::vector<int> part;
      for (const auto& seg : segments) {
        if (seg.id >= 0) {
          ids.push_back(seg.id);
          continue;
        }
        if (seg.text.empty()) continue;
        if (options.job && options.job->cancelled()) fail_cancelled(name_ + ": tokenization cancelled");
        part.clear();
        auto status = sp_.Encode(seg.text, &part);
        if (!status.ok()) fail_invalid(name_ + ": SentencePiece could not encode the text: " + std::string(status.message()));
        ids.insert(ids.end(), part.begin(), part.end());
      }
      add_special_tokens(ids, options);
      return ids;
    });
  }

  std::string decode(std::span<const int32_t> ids, const DecodeOptions& options) const override {
    std::vector<int> kept;
    kept.reserve(ids.size());
    for (int32_t id : ids) {
      if (id < 0 || id >= sp_.GetPieceSize()) continue;
      if (options.skip_special && is_special(id)) continue;
      kept.push_back(id);
    }
    return utf8_lossy(sp_.DecodeIds(kept));
  }

  std::string token_bytes(int32_t id, int32_t previous) const override {
    if (id < 0 || id >= sp_.GetPieceSize() || sp_.IsControl(id)) return {};
    if (sp_.IsUnknown(id)) return " \xE2\x81\x87 ";
    std::string piece = sp_.IdToPiece(id);
    if (sp_.IsByte(id)) {
      int b = spm_byte_piece_value(piece);
      return b < 0 ? std::string() : std::string(1, char(b));
    }
    std::string out;
    for (size_t i = 0; i < piece.size();) {
      if (piece.compare(i, kSpaceMark.size(), kSpaceMark) == 0) {
        out += ' ';
        i += kSpaceMark.size();
      } else {
        out += piece[i++];
      }
    }
    if (previous >= 0 && bos_id_ && previous == *bos_id_ && !out.empty() && out[0] == ' ') out.erase(0, 1);
    return out;
  }

  std::string token_text(int32_t id) const override {
    if (id < 0 || id >= sp_.GetPieceSize()) return {};
    return sp_.IdToPiece(id);
  }

  std::optional<int32_t> token_id(std::string_view text) const override {
    int id = sp_.PieceToId(text);
    // PieceToId answers unk for unknown pieces; only an exact spelling counts.
    if (id < 0 || sp_.IdToPiece(id) != text) return std::nullopt;
    return id;
  }

  bool is_special(int32_t id) const noexcept override {
    return id >= 0 && id < sp_.GetPieceSize() && sp_.IsControl(id);
  }

 private:
  std::string name_;
  sentencepiece::SentencePieceProcessor sp_;
  AddedTokens added_;
};

}  // namespace

std::unique_ptr<TokenizerBase> build_sentencepiece_tokenizer(std::string_view serialized, std::string_view name) {
  return std::make_unique<SentencePieceTokenizer>(serialized, std::string(name));
}

}  // namespace dsw
