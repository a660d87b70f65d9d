// Routing by token kind: the kinds follow the documented rules; the counts per layer, expert and
// kind equal a brute-force count over the trace of a real routing run; the mutual information
// equals H(expert) − H(expert | kind) computed separately, is 0 for routing that ignores the kind
// and H(kind) for routing that gives every kind its own experts; runs without a trace are refused.
#include "check.h"
#include "tiny_model.h"

#include <dsw/inspect.h>
#include <dsw/runner.h>
#include <dsw/token_kinds.h>

#include <cmath>
#include <cstdio>
#include <map>

using namespace dsw;

namespace {

double entropy_bits(const std::map<int, double>& counts) {
  double n = 0, h = 0;
  for (auto& [k, c] : counts) n += c;
  for (auto& [k, c] : counts)
    if (c > 0) h -= c / n * std::log2(c / n);
  return h;
}

// A capture of T tokens over one dense and one MoE layer with E experts, top-k, experts chosen by `pick`.
template <class Pick>
RoutingCapture made_capture(int64_t T, int64_t E, int64_t k, Pick pick) {
  RoutingCapture c;
  RoutingShape s;
  s.layers = 2, s.experts = E, s.k = k, s.moe_layer = {0, 1}, s.scoring = "sigmoid";
  c.summary = RoutingSummary::empty(s);
  c.trace.tokens = T, c.trace.layers = 2, c.trace.k = k, c.trace.experts = E;
  for (int64_t t = 0; t < T; ++t) {
    for (int64_t i = 0; i < k; ++i) c.trace.expert.push_back(-1), c.trace.weight.push_back(0);
    for (int64_t i = 0; i < k; ++i) c.trace.expert.push_back(pick(t, i)), c.trace.weight.push_back(1.0f / float(k));
    c.tokens.push_back(int32_t(t));
  }
  return c;
}

}  // namespace

DSW_TEST(kinds_follow_the_rules) {
  const std::pair<const char*, TokenKind> cases[] = {
      {"42", TokenKind::digit},        {" 7", TokenKind::digit},         {"3.5", TokenKind::digit},
      {"1,000", TokenKind::digit},     {"+", TokenKind::operator_},     {" =", TokenKind::operator_},
      {"<<", TokenKind::operator_},    {"*2", TokenKind::operator_},    {"(", TokenKind::operator_},
      {"\xC3\x97", TokenKind::operator_},  // ×
      {" apples", TokenKind::word},    {"Lily", TokenKind::word},       {"don't", TokenKind::word},
      {"\xE4\xBD\xA0", TokenKind::word},   // 你
      {"\xE4", TokenKind::word},       // a partial UTF-8 sequence of a byte-level token
      {" ", TokenKind::space},         {"\n\n", TokenKind::space},      {".", TokenKind::space},
      {"!\"", TokenKind::space},       {"", TokenKind::space},          {"_", TokenKind::code},
      {"{", TokenKind::code},          {"];", TokenKind::code},         {"foo_bar", TokenKind::code},
      {"getValue", TokenKind::code},   {" def", TokenKind::code},       {"None", TokenKind::code},
      {"#include", TokenKind::code},   {"return", TokenKind::word},     {"if", TokenKind::word},
      {"Tom", TokenKind::word}};
  for (auto& [text, kind] : cases) {
    if (classify_token(text) != kind)
      std::fprintf(stderr, "  \"%s\": got %s, want %s\n", text, std::string(token_kind_name(classify_token(text))).c_str(),
                   std::string(token_kind_name(kind)).c_str());
    CHECK(classify_token(text) == kind);
  }
  CHECK(token_kind_name(TokenKind::space) == "spaces/punctuation");
}

DSW_TEST(counts_and_information_equal_brute_force_on_a_real_run) {
  for (const std::string arch : {"deepseek", "deepseek_v3"}) {
    RunnerOptions o;
    o.device.n_threads = 2;
    o.n_ctx = 128;
    auto runner = Runner::open(test::tiny_model_dir(arch), o);
    REQUIRE_OK(runner);
    const Tokenizer& tok = *(*runner)->tokenizer();
    auto ids = tok.encode("Tom has 12 apples + 3 = 15; def add_one(x): return {x}\nLily ate 2.");
    REQUIRE_OK(ids);
    auto session = Session::create((*runner)->model(), {.n_ctx = 32});  // several windows
    REQUIRE_OK(session);
    auto cap = inspect_routing(**session, *ids);
    REQUIRE_OK(cap);
    const auto kinds = token_kinds(tok, *ids);
    REQUIRE(kinds.size() == ids->size());
    // Every id's kind is its decoded text's kind (specials aside).
    int seen[token_kind_count] = {};
    for (size_t i = 0; i < ids->size(); ++i) {
      const int32_t id = (*ids)[i];
      CHECK(kinds[i] == (tok.is_special(id) ? TokenKind::special : classify_token(tok.token_bytes(id, i ? (*ids)[i - 1] : -1))));
      ++seen[int(kinds[i])];
    }
    CHECK(seen[int(TokenKind::digit)] > 0 && seen[int(TokenKind::operator_)] > 0 && seen[int(TokenKind::word)] > 0 &&
          seen[int(TokenKind::space)] > 0 && seen[int(TokenKind::code)] > 0);

    auto r = routing_by_kind(*cap, kinds);
    REQUIRE_OK(r);
    const RoutingShape& s = cap->summary.shape;
    const int64_t E = s.experts;
    for (int k = 0; k < token_kind_count; ++k) CHECK_EQ(r->tokens[size_t(k)], int64_t(seen[k]));
    for (int64_t l = 0; l < s.layers; ++l) {
      if (!s.moe_layer[size_t(l)]) {
        CHECK(std::isnan(r->information[size_t(l)]));
        continue;
      }
      std::map<std::pair<int64_t, int>, int64_t> brute;
      std::map<int, double> per_expert;
      std::map<int, std::map<int, double>> experts_of_kind;
      std::map<int, double> per_kind;
      for (int64_t t = 0; t < cap->trace.tokens; ++t)
        for (int32_t e : cap->trace.chosen(t, l)) {
          const int k = int(kinds[size_t(t)]);
          ++brute[{e, k}];
          per_expert[e] += 1, per_kind[k] += 1, experts_of_kind[k][e] += 1;
        }
      int64_t total = 0;
      for (int64_t e = 0; e < E; ++e)
        for (int k = 0; k < token_kind_count; ++k) {
          const auto it = brute.find({e, k});
          CHECK_EQ(r->count(l, e, TokenKind(k)), it == brute.end() ? 0 : it->second);
          total += r->count(l, e, TokenKind(k));
        }
      CHECK_EQ(total, cap->trace.tokens * s.k);
      // I(K; E) = H(E) - H(E | K).
      double n = double(total), h_e_given_k = 0;
      for (auto& [k, m] : experts_of_kind) h_e_given_k += per_kind[k] / n * entropy_bits(m);
      CHECK_NEAR(r->information[size_t(l)], entropy_bits(per_expert) - h_e_given_k, 1e-9);
      CHECK_NEAR(r->kind_entropy[size_t(l)], entropy_bits(per_kind), 1e-9);
      for (int k = 0; k < token_kind_count; ++k) {
        double sum = 0;
        for (int64_t e = 0; e < E; ++e) {
          const double share = r->share(l, e, TokenKind(k));
          if (seen[k]) sum += share;
          else CHECK(std::isnan(share));
        }
        if (seen[k]) CHECK_NEAR(sum, double(s.k), 1e-9);
      }
    }
    CHECK(routing_by_kind_csv(*r).find("layer,expert,kind,tokens,share\n") == 0);
    CHECK(routing_by_kind_json(*r).find("\"information_bits\"") != std::string::npos);
  }
}

DSW_TEST(information_is_zero_when_routing_ignores_the_kind_and_full_when_kinds_own_experts) {
  // 60 tokens cycling through digits, operators, words; E = 6, top-2.
  std::vector<TokenKind> kinds;
  for (int t = 0; t < 60; ++t) kinds.push_back(TokenKind(t % 3));
  // Each kind has its own pair of experts: I = H(kind) = log2 3.
  auto own = made_capture(60, 6, 2, [](int64_t t, int64_t i) { return int32_t((t % 3) * 2 + i); });
  auto r = routing_by_kind(own, kinds);
  REQUIRE_OK(r);
  CHECK_NEAR(r->information[1], std::log2(3.0), 1e-12);
  CHECK_NEAR(r->kind_entropy[1], std::log2(3.0), 1e-12);
  CHECK_EQ(r->top_expert(1, TokenKind::word), 4);
  CHECK_EQ(r->top_expert(1, TokenKind::code), -1);
  CHECK_EQ(r->count(1, 2, TokenKind::operator_), 20);
  // Experts chosen by position, in cycles of 2 that the 3-cycle of kinds averages out: I = 0.
  auto blind = made_capture(60, 6, 2, [](int64_t t, int64_t i) { return int32_t((t % 2) * 2 + i); });
  r = routing_by_kind(blind, kinds);
  REQUIRE_OK(r);
  CHECK_NEAR(r->information[1], 0.0, 1e-12);
  CHECK(std::isnan(r->information[0]));

  // Without a trace, or with the wrong number of kinds: refused.
  RoutingCapture summary_only = own;
  summary_only.trace = {};
  auto no = routing_by_kind(summary_only, kinds);
  CHECK(!no.is_ok() && no.status().code() == StatusCode::invalid_input);
  CHECK(no.status().message().find("kept only its summary") != std::string::npos);
  kinds.pop_back();
  no = routing_by_kind(own, kinds);
  CHECK(!no.is_ok() && no.status().message().find("59 token kinds for 60") != std::string::npos);
}
