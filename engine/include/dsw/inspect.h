// Inspect: what a model attends to and where its MoE layers send each token — summarised in the
// engine in one forward pass, and compared between two versions of a model.
//
// Attention. inspect_attention runs a prompt once and can produce, in the same pass:
//  - statistics of every layer and head (entropy, max logit, previous-token score, mean attention
//    distance, attention to the first token, the strongest sink, and for MLA how much of the
//    attention is position (rotary q_rope·k_rope) and how much content (absorbed q_nope·c_kv)),
//    reduced row by row as the rows are formed: memory O(layers · heads · tokens), never T×T;
//  - one head's map at full resolution for a window of queries × keys, with each score and (MLA)
//    its rotary part, for hover details;
//  - a tile-aggregated overview of whole T×T head maps (max and mean per tile), for long prompts.
// Routing. inspect_routing records, per token and MoE layer, the chosen experts, their weights and
// optionally the router scores, and summarises load per layer and expert, co-activation (experts
// chosen together) and routing entropy. routing_dataset does the same over a text or JSONL file
// as a cancellable job (dsw/routing_store.h keeps such runs for later comparison).
// Comparison. compare_attention runs one prompt through two models and measures, per layer and
// head, the Jensen–Shannon divergence between their attention rows; compare_routing measures the
// agreement of the chosen expert sets per token (Jaccard), the share of tokens routed differently,
// the load shift and the change in co-activation, and the experts neither model uses. Pairs that
// cannot be compared (other layer, head or expert counts, other tokens) fail with invalid_input
// saying exactly what differs.
//
// Threading: each call drives the given session(s) on the calling thread (the sessions' own pools
// do the work); cancel and progress go through the JobContext (phase "prefill", "compare",
// "routing"), and a cancelled call returns `cancelled` with nothing half-built.
#pragma once

#include <dsw/job.h>
#include <dsw/model.h>
#include <dsw/model_config.h>
#include <dsw/session.h>
#include <dsw/status.h>
#include <dsw/tokenizer.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dsw {

// ---- Attention -----------------------------------------------------------------------------------

// The per-head statistics, by name ("entropy", "max_logit", "previous_token", "distance",
// "first_token", "sink", "position_share"), in this order everywhere (CLI columns, GUI selector).
enum class HeadStat : int { entropy, max_logit, previous_token, distance, first_token, sink, position_share };
inline constexpr int kHeadStatCount = 7;
std::string_view head_stat_name(HeadStat stat) noexcept;
std::optional<HeadStat> head_stat_from_name(std::string_view name) noexcept;

// One head's statistics over the query rows 0..T-1 of a prompt (row i sees keys 0..i).
struct HeadStats {
  double entropy = 0;         // mean over rows of -Σ p·ln p (nats)
  double max_logit = 0;       // largest scaled score (q·k·scale) of any row
  double mean_max_logit = 0;  // mean over rows of the row's largest scaled score
  double previous_token = 0;  // mean over rows 1..T-1 of p(i-1)
  double distance = 0;        // mean over rows of Σ_j p_j·(i - j), in tokens
  double first_token = 0;     // mean over rows of p(0)
  double sink = 0;            // largest share of all attention received by one key: max_j Σ_i p_ij / T
  int64_t sink_key = -1;      // that key
  // MLA only (NaN for other attention). Each score is position (rotary q_rope·k_rope) + content
  // (absorbed q_nope·c_kv). A constant added to a row changes no probability, so the share looks at
  // each part's spread around its mean over the row's keys, weighted by where attention goes:
  // mean over rows 1.. of Σ p·|pos - mean pos| / Σ p·(|pos - mean pos| + |content - mean content|).
  double position_share = 0;
  double position_score = 0;  // mean over rows of Σ_j p_j·pos_j
  double content_score = 0;   // mean over rows of Σ_j p_j·content_j
  double value(HeadStat stat) const noexcept;
};

struct AttentionStats {
  int64_t layers = 0, heads = 0, tokens = 0;
  bool has_split = false;           // MLA: position_share/position_score/content_score are set
  std::vector<HeadStats> head;      // [layer * heads + head]
  std::vector<float> received;      // [(layer * heads + head) * tokens + key]: Σ_i p_ij (empty unless kept)

  const HeadStats& at(int64_t layer, int64_t h) const { return head[size_t(layer * heads + h)]; }
  std::span<const float> received_by(int64_t layer, int64_t h) const;
};

// A window [q0, q1) x [k0, k1) of one head's map; q1/k1 < 0 mean "to the end of the prompt".
struct AttentionWindowSpec {
  int64_t layer = 0, head = 0;
  int64_t q0 = 0, q1 = -1, k0 = 0, k1 = -1;
};

struct AttentionWindow {
  int64_t layer = 0, head = 0, q0 = 0, q1 = 0, k0 = 0, k1 = 0;
  std::vector<float> probs;     // [(q - q0) * cols() + (k - k0)]; NaN where k > q (masked)
  std::vector<float> logits;    // scaled scores, same layout
  std::vector<float> position;  // MLA: rotary part of each score (content = logits - position); else empty
  int64_t rows() const noexcept { return q1 - q0; }
  int64_t cols() const noexcept { return k1 - k0; }
  float at(int64_t q, int64_t k) const { return probs[size_t((q - q0) * cols() + (k - k0))]; }
};

// Overviews of whole maps of `heads` (empty: every head) of one layer, at most max_tiles tiles a side.
struct AttentionOverviewSpec {
  int64_t layer = 0;
  std::vector<int64_t> heads;
  int64_t max_tiles = 256;
};

struct AttentionOverview {
  int64_t layer = 0, head = 0, tokens = 0;
  int64_t tile = 1;     // tokens per tile side
  int64_t n_tiles = 0;  // ceil(tokens / tile)
  std::vector<float> max;   // [query tile * n_tiles + key tile]; NaN where the tile is all masked
  std::vector<float> mean;  // mean over the tile's visible (k <= q) cells; NaN likewise
};

struct AttentionInspectRequest {
  bool stats = true;
  bool keep_received = true;  // keep the attention received per key (O(layers·heads·T) floats)
  std::optional<AttentionWindowSpec> window;
  std::optional<AttentionOverviewSpec> overview;
};

struct AttentionInspection {
  std::vector<int32_t> tokens;
  std::optional<AttentionStats> stats;
  std::optional<AttentionWindow> window;
  std::vector<AttentionOverview> overviews;  // in the order of the spec's heads
  double seconds = 0;                        // the forward pass with its reductions
};

// invalid_input naming the field when the request does not fit the model or the prompt (layer or
// head out of range, empty window, prompt longer than the session's context).
Status validate_attention_request(const ModelConfig& config, int64_t n_tokens, int64_t n_ctx,
                                  const AttentionInspectRequest& request);
// Bytes the results of a request hold (statistics, received, window, overviews).
uint64_t attention_inspection_bytes(const ModelConfig& config, int64_t n_tokens, const AttentionInspectRequest& request);

// A session that holds `n_tokens` positions of one sequence; invalid_input saying both numbers when
// the prompt is longer than the model's context (max_position_embeddings).
Result<std::unique_ptr<Session>> make_inspection_session(std::shared_ptr<const Model> model, int64_t n_tokens,
                                                         int64_t n_batch = 512);

// Runs `tokens` as one fresh sequence through `session` (progress: the session's "prefill").
Result<AttentionInspection> inspect_attention(Session& session, const std::vector<int32_t>& tokens,
                                              const AttentionInspectRequest& request, const JobContext& job = no_job());

// ---- Routing -------------------------------------------------------------------------------------

struct RoutingShape {
  int64_t layers = 0, experts = 0, k = 0, shared = 0;  // shared: always-active shared experts per MoE layer
  std::vector<uint8_t> moe_layer;                      // [layer]: 1 for MoE layers, 0 for dense ones
  std::string scoring;                                 // "softmax" or "sigmoid"
  static RoutingShape of(const ModelConfig& config);
  int64_t moe_layers() const noexcept;
};

// Routing aggregated over tokens. Shares are per token routed through the layer.
struct RoutingSummary {
  RoutingShape shape;
  std::vector<int64_t> tokens;        // [layer]: tokens routed (0 on dense layers)
  std::vector<int64_t> load;          // [layer * E + e]: tokens that chose e
  std::vector<double> weight_mass;    // [layer * E + e]: Σ of e's routing weights
  std::vector<int64_t> coactivation;  // [(layer * E + a) * E + b]: tokens that chose both (diagonal: load)
  std::vector<double> entropy_sum;    // [layer]: Σ over tokens of the router-score entropy (nats)

  static RoutingSummary empty(const RoutingShape& shape);
  int64_t total_tokens() const noexcept;  // tokens of the first MoE layer
  double load_share(int64_t layer, int64_t e) const noexcept;  // load / tokens
  double coactivation_share(int64_t layer, int64_t a, int64_t b) const noexcept;
  // Mean per-token entropy of the router's scores (normalised to sum 1), in nats.
  double token_entropy(int64_t layer) const noexcept;
  // Entropy of the layer's load distribution / ln E: 1 when every expert gets the same load.
  double load_balance(int64_t layer) const noexcept;
  std::vector<int32_t> never_hit(int64_t layer) const;
  void add_token(int64_t layer, std::span<const float> scores, std::span<const int32_t> experts, std::span<const float> weights);
  void merge(const RoutingSummary& other);  // same shape
};

// Per token: [(t * layers + layer) * k + i] for the k chosen experts, -1 on dense layers.
struct RoutingTrace {
  int64_t tokens = 0, layers = 0, k = 0, experts = 0;
  std::vector<int32_t> expert;
  std::vector<float> weight;
  std::vector<float> scores;  // [(t * layers + layer) * experts + e] when kept; else empty
  std::span<const int32_t> chosen(int64_t t, int64_t layer) const {
    return {expert.data() + size_t((t * layers + layer) * k), size_t(k)};
  }
  std::span<const float> weights(int64_t t, int64_t layer) const {
    return {weight.data() + size_t((t * layers + layer) * k), size_t(k)};
  }
};

// Routing of a prompt or a whole data set: the token ids, the summary and (when kept) the trace.
struct RoutingCapture {
  std::vector<int32_t> tokens;  // empty when a data set's tokens were not kept
  RoutingSummary summary;
  RoutingTrace trace;           // tokens == 0 when not kept
  int64_t documents = 1;
};

struct RoutingInspectRequest {
  bool keep_trace = true;
  bool keep_scores = false;
};

// Runs `tokens` through the session in windows of its context, each window a fresh sequence.
// invalid_input on a model without MoE layers. Progress phase "routing", unit "tokens".
Result<RoutingCapture> inspect_routing(Session& session, const std::vector<int32_t>& tokens,
                                       const RoutingInspectRequest& request = {}, const JobContext& job = no_job());

struct RoutingDatasetOptions {
  std::filesystem::path file;  // .jsonl / .json lines: one document per line; anything else: one text
  std::string field;           // JSONL: the string field to read; empty: "text" when present, else
                               // every string value of the object, in file order, joined by newlines
  int64_t max_tokens = 0;      // stop after this many tokens (0: the whole file)
  int64_t max_documents = 0;   // 0: all
  bool keep_trace = true;      // per-token experts (for later per-token comparison), up to trace_limit
  int64_t trace_limit = int64_t(1) << 18;
};

// The documents of a file as routing_dataset reads them (file:line named on malformed JSON).
Result<std::vector<std::string>> read_routing_documents(const std::filesystem::path& file, const std::string& field = {},
                                                        int64_t max_documents = 0);

// Routing over every document of a file: each document is encoded (with BOS when the tokenizer adds
// one) and run in windows of the session's context. Cancellable between windows; progress phase
// "routing", unit "tokens" (total: the file's tokens).
Result<RoutingCapture> routing_dataset(Session& session, const Tokenizer& tokenizer, const RoutingDatasetOptions& options,
                                       const JobContext& job = no_job());

// ---- Comparing two versions ------------------------------------------------------------------------

// ok, or invalid_input saying exactly why two models' attention cannot be compared.
Status attention_comparable(const ModelConfig& a, const ModelConfig& b);
// ok, or invalid_input when the routing shapes differ (layers, MoE layers, experts).
Status routing_comparable(const RoutingShape& a, const RoutingShape& b);
// ok when both tokenizers give the same ids for `text`; otherwise invalid_input naming the first
// difference. Comparing two versions needs the same tokens.
Status same_tokens(const Tokenizer& a, const Tokenizer& b, std::string_view text);

struct AttentionComparison {
  int64_t layers = 0, heads = 0, tokens = 0;
  std::vector<double> js_mean;   // [layer * heads + head]: mean over rows of JS(A row, B row), bits (0..1)
  std::vector<double> js_max;    // [layer * heads + head]: the largest row divergence
  std::vector<double> js_token;  // [token]: mean over layers and heads
  double js(int64_t layer, int64_t head) const { return js_mean[size_t(layer * heads + head)]; }
};

// Jensen–Shannon divergence (base 2) of two distributions over the same n outcomes.
double js_divergence(const float* p, const float* q, int64_t n) noexcept;

// Runs `tokens` through both sessions chunk by chunk and compares every head's rows. The sessions
// must hold the prompt (n_ctx >= tokens); a chunk's rows of A are kept while B runs them, so
// max_bytes bounds that buffer (chunks shrink for long prompts). Progress phase "compare".
Result<AttentionComparison> compare_attention(Session& a, Session& b, const std::vector<int32_t>& tokens,
                                              uint64_t max_bytes = uint64_t(256) << 20, const JobContext& job = no_job());

struct RoutingComparison {
  RoutingShape shape;
  int64_t tokens_a = 0, tokens_b = 0;
  bool per_token = false;            // Jaccard and changed shares need both traces over the same tokens
  std::string per_token_note;        // why they are missing, when they are
  std::vector<double> jaccard;       // [layer]: mean over tokens of |A∩B| / |A∪B| (NaN on dense layers)
  std::vector<double> changed;       // [layer]: share of tokens whose expert set differs
  double changed_any = 0;            // share of tokens routed differently in at least one MoE layer
  std::vector<double> load_shift;    // [layer * E + e]: load share B - A
  std::vector<double> coactivation_change;  // [(layer * E + a) * E + b]: co-activation share B - A
  std::vector<double> entropy_a, entropy_b;  // [layer]: token_entropy
  std::vector<std::vector<int32_t>> never_hit_a, never_hit_b;  // [layer]
};

Result<RoutingComparison> compare_routing(const RoutingCapture& a, const RoutingCapture& b);

// ---- Text exports shared by dsw-cli and the workbench ------------------------------------------------

// JSON documents with the labels of `tokens` (token_labels: one string per token; may be empty).
std::string attention_inspection_json(const AttentionInspection& r, const std::vector<std::string>& token_labels);
std::string attention_stats_csv(const AttentionStats& s);  // layer,head,<every HeadStat>,sink_key
std::string routing_capture_json(const RoutingCapture& r, const std::vector<std::string>& token_labels);
std::string routing_summary_csv(const RoutingSummary& s);  // layer,expert,tokens,share,weight_mass
std::string attention_comparison_json(const AttentionComparison& c);
std::string routing_comparison_json(const RoutingComparison& c);
std::string routing_comparison_csv(const RoutingComparison& c);  // layer,expert,load_shift + per-layer rows

}  // namespace dsw
