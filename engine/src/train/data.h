// Training data: rows of token ids with their labels, a train/eval split and a seeded order.
//
//  - text: documents (a .txt's blocks separated by blank or <|endoftext|> lines, or one JSON string field per JSONL
//    line) tokenized with BOS as the tokenizer adds it and EOS appended, concatenated and cut into
//    rows of seq_len (HF's group_texts); every token is a label.
//  - prompt_response / chat: each example rendered with the model's chat template turn by turn;
//    template and prompt tokens get label -100, the assistant's text and its end marker are scored.
//    Rows are truncated to seq_len and padded with label -100.
// Labels are unshifted (HF convention): position t's label is the token at t; the loss scores the
// logits at t against label t+1. The eval split takes the last eval_fraction of the examples
// (before any shuffling), so an exported PyTorch job can reproduce it exactly.
#pragma once

#include <dsw/chat_template.h>
#include <dsw/tokenizer.h>
#include <dsw/train.h>

#include <cstdint>
#include <vector>

namespace dsw::train {

struct Row {
  std::vector<int32_t> tokens;  // [S]
  std::vector<int32_t> labels;  // [S], -100 where not scored
};

struct Dataset {
  std::vector<Row> train, eval;
  int64_t seq_len = 0;       // every row has this length
  int64_t examples = 0;      // before packing / split
  int64_t dropped = 0;       // rows whose responses truncation cut away entirely
  ChatFamily family = ChatFamily::plain;
};

Dataset build_dataset(const DataConfig& c, const Tokenizer& tok, ChatFamily family);

// Row indices for optimizer step k: grad_accum micro-batches of micro_batch rows, drawn from a
// seeded permutation per epoch (epoch e uses seed + e), so any step's batch is known without state.
std::vector<std::vector<int64_t>> step_rows(int64_t n_rows, int64_t k, int64_t micro_batch, int64_t grad_accum, uint64_t seed);

// Shifted targets for the engine: target[t] = labels[t + 1] or -1.
void shift_targets(const std::vector<const Row*>& rows, std::vector<int32_t>& tokens, std::vector<int32_t>& targets);

}  // namespace dsw::train
