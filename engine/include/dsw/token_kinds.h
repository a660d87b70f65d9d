// Which experts take which kind of token: digits, operators, words, spaces and punctuation, code.
//
// A token's kind comes from the text it contributes when decoded (Tokenizer::token_bytes, so
// SentencePiece's "▁" and byte-level BPE's "Ġ" are already spaces), by classify_token below; the
// rules look only at that text, never at the model, so two versions of a model with the same
// tokenizer see the same kinds. routing_by_kind counts, per MoE layer, expert and kind, the tokens
// that chose the expert (each token counts once for each of its k routed experts; shared experts
// see every token and are left out), and the mutual information between a token's kind and the
// experts it is routed to: I(kind; expert) over the (token, chosen expert) pairs, in bits — 0 when
// the router ignores the kind, up to H(kind) when each kind has experts of its own.
#pragma once

#include <dsw/inspect.h>
#include <dsw/tokenizer.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

// In this order everywhere (CLI columns, JSON, GUI rows).
enum class TokenKind : int { digit, operator_, word, space, code, special };
inline constexpr int token_kind_count = 6;

// "digits", "operators", "words", "spaces/punctuation", "code", "special".
std::string_view token_kind_name(TokenKind k) noexcept;

// The kind of a token from its decoded text (leading and trailing whitespace ignored):
//  - nothing but whitespace, or nothing but punctuation (. , ! ? ' " : and the like): space
//  - code: one of _ { } [ ] ; # \ | & ~ ` @, a snake_case or camelCase identifier, or a keyword
//    of common programming languages that is not also an everyday English word (def, elif, self,
//    None, nullptr, printf, ...)
//  - digit: digits, with . or , between them ("12", "3.5", "1,000")
//  - operator: + - * / = < > % ^ ( ) × ÷, alone or mixed with digits ("+", "<<", "*2")
//  - word: anything with a letter (any non-ASCII byte counts as a letter: CJK text, accented
//    words and partial UTF-8 sequences of byte-level tokenizers)
TokenKind classify_token(std::string_view text) noexcept;

// The kind of every id; special tokens (BOS, EOS, control tokens) are `special`.
std::vector<TokenKind> token_kinds(const Tokenizer& tokenizer, const std::vector<int32_t>& ids);

struct RoutingByKind {
  RoutingShape shape;
  std::array<int64_t, token_kind_count> tokens{};  // tokens of each kind
  std::vector<int64_t> counts;                     // [(layer * E + e) * token_kind_count + kind]
  std::vector<double> information;                 // [layer]: I(kind; expert) bits, NaN on dense layers
  std::vector<double> kind_entropy;                // [layer]: H(kind) over the same pairs, bits (the upper bound)

  int64_t count(int64_t layer, int64_t e, TokenKind k) const noexcept {
    return counts[size_t((layer * shape.experts + e) * token_kind_count + int(k))];
  }
  // Share of the tokens of kind k that chose expert e in `layer` (Σ over e = k); NaN when no such token.
  double share(int64_t layer, int64_t e, TokenKind k) const noexcept;
  // The expert that takes most tokens of kind k in `layer` (-1 when none).
  int32_t top_expert(int64_t layer, TokenKind k) const noexcept;
};

// Needs the capture's per-token trace and its token ids; `kinds` has one entry per token.
// invalid_input when the trace was not kept or the lengths differ.
Result<RoutingByKind> routing_by_kind(const RoutingCapture& capture, const std::vector<TokenKind>& kinds);

// JSON object {"kinds": [...], "tokens": [...], "layers": [{"layer", "information_bits",
// "kind_entropy_bits", "counts": [[per kind] per expert], "top_expert": {kind: e}}]} and CSV rows
// layer,expert,kind,tokens,share.
std::string routing_by_kind_json(const RoutingByKind& r);
std::string routing_by_kind_csv(const RoutingByKind& r);

}  // namespace dsw
