// Tiny random models of every architecture, written by the engine's make_model into a temporary
// folder with a small byte-level BPE tokenizer, so tests of the runner, generation, sampling and
// the Linear seam need no downloaded data and run in CI everywhere.
#pragma once

#include <dsw/model.h>
#include <dsw/status.h>

#include <filesystem>
#include <memory>
#include <string>

namespace dsw::test {

// The architectures make_model writes ("llama", "qwen2", "deepseek", "deepseek_v2", "deepseek_v3").
const std::vector<std::string>& tiny_architectures();

// A folder holding a random `arch` model (the preset "tiny" with a 300-token vocabulary, f32)
// and the byte-level tokenizer below. Made once per process per (arch, seed) and reused.
std::filesystem::path tiny_model_dir(const std::string& arch, uint64_t seed = 1);

// tokenizer.json + tokenizer_config.json for a byte-level BPE: the 256 bytes (ids 0..255), a few
// merges, <s> = 256 (BOS) and </s> = 257 (EOS), both special.
void write_tiny_tokenizer(const std::filesystem::path& dir);

// Writes the tiny `arch` model (f32, vocab 300) and its tokenizer into `dir`.
Status write_tiny_model(const std::string& arch, uint64_t seed, const std::filesystem::path& dir);

// Loads tiny_model_dir(arch, seed) on `n_threads` CPU threads; REQUIREs success.
std::shared_ptr<Model> load_tiny_model(const std::string& arch, int n_threads = 1, uint64_t seed = 1);

}  // namespace dsw::test
