// Calibration data for quantisation jobs: a text file or a JSONL file cut into token sequences.
//
// .jsonl (or .json lines): one JSON object per line; its "text" member, else its string members in
// order joined by newlines (GSM8K's question/answer, HumanEval's prompt/solution), is a document.
// Anything else is plain UTF-8 text, one document. Documents are tokenized and joined; the
// stream is cut into windows of length − 1 tokens, each sequence is BOS + window. When the text
// holds more windows than asked for, a seeded choice picks them (quantization.md §2.1: random
// windows, "ours": of one file). Errors name the file (and line): empty, not UTF-8, bad JSON,
// fewer tokens than one sequence.
#pragma once

#include <dsw/tokenizer.h>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace dsw::quant {

std::vector<std::vector<int32_t>> load_calibration(const std::filesystem::path& file, const Tokenizer& tokenizer, int64_t samples,
                                                   int64_t length, uint64_t seed);

// The checks that need only the file (empty, UTF-8, JSONL syntax); throws invalid_input naming it.
void check_calibration_file(const std::filesystem::path& file);

}  // namespace dsw::quant
