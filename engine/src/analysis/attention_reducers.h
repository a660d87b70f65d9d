// Reducers behind inspect_attention: each takes attention rows as the forward pass forms them and
// keeps only what its result needs.
//
//  - HeadStatsReducer: every layer and head's statistics (HeadStats) and the attention received
//    per key — O(layers · heads · T) memory, never a T×T map.
//  - OverviewReducer: one head's map aggregated into tiles (max and mean of the visible cells).
//  - WindowReducer: one head's map at full resolution inside a window, with scores and (MLA) their
//    rotary part.
// Rows arrive on the session's worker threads, distinct (head, row) concurrently; the reducers
// that accumulate across rows lock per head (uncontended: the CPU op runs one head's rows on one
// thread), the window writes disjoint rows without a lock.
#pragma once

#include <dsw/inspect.h>
#include <dsw/observer.h>

#include <memory>
#include <mutex>
#include <vector>

namespace dsw {

class HeadStatsReducer {
 public:
  HeadStatsReducer(int64_t layers, int64_t heads, int64_t tokens, bool split);
  // Needs logits; position_logits when split.
  void add_row(const AttentionRowView& row);
  AttentionStats finish(bool keep_received);

 private:
  struct Accum {
    double entropy = 0, max_logit = -1e300, row_max = 0, prev = 0, distance = 0, first = 0;
    double pos_share = 0, pos_score = 0, con_score = 0;
    int64_t rows = 0, prev_rows = 0, share_rows = 0;
  };
  int64_t layers_, heads_, tokens_;
  bool split_;
  std::vector<Accum> acc_;            // [layer * heads + head]
  void flush(size_t slot);  // adds a head's pending float sums into its double totals

  std::vector<double> received_;      // [(layer * heads + head) * tokens + key]
  std::vector<float> pending_;        // the same, summed in float since the last flush
  std::unique_ptr<std::mutex[]> locks_;
};

class OverviewReducer {
 public:
  OverviewReducer(int64_t layer, int64_t head, int64_t tokens, int64_t max_tiles);
  void add_row(const AttentionRowView& row);
  AttentionOverview finish() const;

 private:
  int64_t layer_, head_, tokens_, tile_, n_tiles_;
  std::vector<float> max_;
  std::vector<double> sum_;
  std::vector<int64_t> count_;
  std::mutex lock_;
};

class WindowReducer {
 public:
  WindowReducer(const AttentionWindowSpec& spec, int64_t tokens, bool split);
  int64_t layer() const noexcept { return w_.layer; }
  bool wants(int64_t layer, int64_t head) const noexcept { return layer == w_.layer && head == w_.head; }
  void add_row(const AttentionRowView& row);
  AttentionWindow take() { return std::move(w_); }

 private:
  AttentionWindow w_;
};

// The observer inspect_attention installs: routes each row to the reducers that want it.
class AttentionInspector final : public Observer {
 public:
  AttentionInspector(const ModelConfig& config, int64_t tokens, const AttentionInspectRequest& request);

  bool wants_attention(int64_t layer) const override;
  bool wants_attention_head(int64_t layer, int64_t head) const override;
  bool wants_attention_logits(int64_t layer) const override;
  bool wants_attention_split(int64_t layer) const override;
  void on_attention_row(const AttentionRowView& row) override;

  void finish_into(AttentionInspection& out, bool keep_received);

 private:
  bool mla_;
  std::unique_ptr<HeadStatsReducer> stats_;
  std::unique_ptr<WindowReducer> window_;
  int64_t overview_layer_ = -1;
  std::vector<int32_t> overview_slot_;  // head -> index in overviews_, or -1
  std::vector<std::unique_ptr<OverviewReducer>> overviews_;
};

}  // namespace dsw
