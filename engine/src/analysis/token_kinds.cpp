// Token kinds and routing counted by kind (dsw/token_kinds.h).
#include <dsw/token_kinds.h>

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace dsw {
namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_operator(unsigned char c) { return std::string_view("+-*/=<>%^()").find(char(c)) != std::string_view::npos; }
// Characters that rarely appear in prose but everywhere in source code.
bool is_code_symbol(unsigned char c) { return std::string_view("_{}[];#\\|&~`@").find(char(c)) != std::string_view::npos; }

// Programming keywords and library names that are not everyday English words (so "if", "for",
// "return" and "print", common in stories and word problems, stay words).
bool is_code_keyword(std::string_view t) {
  static constexpr std::string_view kWords[] = {
      "def",    "elif",  "self",    "None",   "True",    "False",  "nullptr", "NULL",  "null",   "printf", "println",
      "cout",   "endl",  "std",     "int",    "void",    "const",  "struct",  "enum",  "bool",   "lambda", "async",
      "await",  "import", "func",   "fn",     "impl",    "len",    "str",     "sizeof", "typedef", "namespace", "var",
      "args",   "kwargs", "elseif", "nil",    "isinstance", "append", "println!", "usize", "i32", "u8", "char"};
  return std::find(std::begin(kWords), std::end(kWords), t) != std::end(kWords);
}

}  // namespace

std::string_view token_kind_name(TokenKind k) noexcept {
  switch (k) {
    case TokenKind::digit: return "digits";
    case TokenKind::operator_: return "operators";
    case TokenKind::word: return "words";
    case TokenKind::space: return "spaces/punctuation";
    case TokenKind::code: return "code";
    case TokenKind::special: return "special";
  }
  return "?";
}

TokenKind classify_token(std::string_view text) noexcept {
  size_t b = 0, e = text.size();
  while (b < e && is_space((unsigned char)text[b])) ++b;
  while (e > b && is_space((unsigned char)text[e - 1])) --e;
  const std::string_view t = text.substr(b, e - b);
  if (t.empty()) return TokenKind::space;
  if (is_code_keyword(t)) return TokenKind::code;
  bool letter = false, digit = false, op = false, code = false, camel = false;
  for (size_t i = 0; i < t.size(); ++i) {
    const auto c = (unsigned char)t[i];
    if (c == 0xC3 && i + 1 < t.size() && ((unsigned char)t[i + 1] == 0x97 || (unsigned char)t[i + 1] == 0xB7)) {
      op = true;  // × and ÷ in UTF-8
      ++i;
    } else if (c >= 0x80 || is_lower(c) || is_upper(c)) {
      letter = true;
      if (i > 0 && is_upper(c) && is_lower((unsigned char)t[i - 1])) camel = true;
    } else if (is_digit(c)) {
      digit = true;
    } else if (is_operator(c)) {
      op = true;
    } else if (is_code_symbol(c)) {
      code = true;
    }
  }
  if (code || camel) return TokenKind::code;
  if (letter) return TokenKind::word;
  if (op) return TokenKind::operator_;
  if (digit) return TokenKind::digit;
  return TokenKind::space;
}

std::vector<TokenKind> token_kinds(const Tokenizer& tokenizer, const std::vector<int32_t>& ids) {
  std::vector<TokenKind> out;
  out.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    const int32_t id = ids[i];
    if (tokenizer.is_special(id)) {
      out.push_back(TokenKind::special);
      continue;
    }
    out.push_back(classify_token(tokenizer.token_bytes(id, i ? ids[i - 1] : -1)));
  }
  return out;
}

double RoutingByKind::share(int64_t layer, int64_t e, TokenKind k) const noexcept {
  int64_t n = 0;  // tokens of kind k routed through this layer: each took k experts
  for (int64_t x = 0; x < shape.experts; ++x) n += count(layer, x, k);
  if (n == 0 || shape.k == 0) return std::numeric_limits<double>::quiet_NaN();
  return double(count(layer, e, k)) * double(shape.k) / double(n);
}

int32_t RoutingByKind::top_expert(int64_t layer, TokenKind k) const noexcept {
  int32_t best = -1;
  int64_t most = 0;
  for (int64_t e = 0; e < shape.experts; ++e)
    if (count(layer, e, k) > most) most = count(layer, e, k), best = int32_t(e);
  return best;
}

Result<RoutingByKind> routing_by_kind(const RoutingCapture& capture, const std::vector<TokenKind>& kinds) {
  return guard([&]() -> RoutingByKind {
    const RoutingTrace& tr = capture.trace;
    if (tr.tokens == 0)
      fail_invalid("routing by token kind needs the per-token routing (this run kept only its summary)");
    if (int64_t(kinds.size()) != tr.tokens)
      fail_invalid("routing by token kind: " + std::to_string(kinds.size()) + " token kinds for " + std::to_string(tr.tokens) +
                   " routed tokens");
    RoutingByKind r;
    r.shape = capture.summary.shape;
    const int64_t L = r.shape.layers, E = r.shape.experts, K = token_kind_count;
    r.counts.assign(size_t(L * E * K), 0);
    for (TokenKind k : kinds) ++r.tokens[size_t(k)];
    for (int64_t t = 0; t < tr.tokens; ++t)
      for (int64_t l = 0; l < L; ++l) {
        if (!r.shape.moe_layer[size_t(l)]) continue;
        for (int32_t e : tr.chosen(t, l))
          if (e >= 0 && e < E) ++r.counts[size_t((l * E + e) * K + int(kinds[size_t(t)]))];
      }
    // I(kind; expert) = Σ p(k,e) log2 p(k,e) / (p(k) p(e)) over the layer's (token, expert) pairs.
    for (int64_t l = 0; l < L; ++l) {
      if (!r.shape.moe_layer[size_t(l)]) {
        r.information.push_back(std::numeric_limits<double>::quiet_NaN());
        r.kind_entropy.push_back(std::numeric_limits<double>::quiet_NaN());
        continue;
      }
      std::vector<double> pk(size_t(K), 0), pe(size_t(E), 0);
      double n = 0;
      for (int64_t e = 0; e < E; ++e)
        for (int64_t k = 0; k < K; ++k) {
          const double c = double(r.counts[size_t((l * E + e) * K + k)]);
          pk[size_t(k)] += c, pe[size_t(e)] += c, n += c;
        }
      double mi = 0, hk = 0;
      if (n > 0) {
        for (int64_t e = 0; e < E; ++e)
          for (int64_t k = 0; k < K; ++k) {
            const double c = double(r.counts[size_t((l * E + e) * K + k)]);
            if (c > 0) mi += c / n * std::log2(c * n / (pk[size_t(k)] * pe[size_t(e)]));
          }
        for (double c : pk)
          if (c > 0) hk -= c / n * std::log2(c / n);
      }
      r.information.push_back(std::max(0.0, mi));
      r.kind_entropy.push_back(hk);
    }
    return r;
  });
}

std::string routing_by_kind_json(const RoutingByKind& r) {
  using nlohmann::json;
  const int64_t E = r.shape.experts;
  json j;
  j["kinds"] = json::array();
  for (int k = 0; k < token_kind_count; ++k) j["kinds"].push_back(std::string(token_kind_name(TokenKind(k))));
  j["tokens"] = json(std::vector<int64_t>(r.tokens.begin(), r.tokens.end()));
  j["layers"] = json::array();
  for (int64_t l = 0; l < r.shape.layers; ++l) {
    if (!r.shape.moe_layer[size_t(l)]) continue;
    json layer;
    layer["layer"] = l;
    layer["information_bits"] = r.information[size_t(l)];
    layer["kind_entropy_bits"] = r.kind_entropy[size_t(l)];
    json counts = json::array();
    for (int64_t e = 0; e < E; ++e) {
      json row = json::array();
      for (int k = 0; k < token_kind_count; ++k) row.push_back(r.count(l, e, TokenKind(k)));
      counts.push_back(row);
    }
    layer["counts"] = counts;
    json top = json::object();
    for (int k = 0; k < token_kind_count; ++k)
      if (const int32_t e = r.top_expert(l, TokenKind(k)); e >= 0) top[std::string(token_kind_name(TokenKind(k)))] = e;
    layer["top_expert"] = top;
    j["layers"].push_back(layer);
  }
  return j.dump();
}

std::string routing_by_kind_csv(const RoutingByKind& r) {
  std::string out = "layer,expert,kind,tokens,share\n";
  char buf[160];
  for (int64_t l = 0; l < r.shape.layers; ++l) {
    if (!r.shape.moe_layer[size_t(l)]) continue;
    for (int64_t e = 0; e < r.shape.experts; ++e)
      for (int k = 0; k < token_kind_count; ++k) {
        const double s = r.share(l, e, TokenKind(k));
        std::snprintf(buf, sizeof buf, "%lld,%lld,%s,%lld,", (long long)l, (long long)e,
                      std::string(token_kind_name(TokenKind(k))).c_str(), (long long)r.count(l, e, TokenKind(k)));
        out += buf;
        if (std::isfinite(s)) {
          std::snprintf(buf, sizeof buf, "%.9g", s);
          out += buf;
        }
        out += '\n';
      }
  }
  return out;
}

}  // namespace dsw
