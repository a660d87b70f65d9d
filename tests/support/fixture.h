// Reference fixtures written by tests/scripts/make_model_fixtures.py (tests/fixtures/models/<name>/):
// a checkpoint plus reference.safetensors with input ids, logits, attention probabilities and
// router decisions from the Hugging Face implementation.
#pragma once

#include <dsw/model.h>
#include <dsw/session.h>
#include <dsw/tensor_store.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace dsw::test {

struct Fixture {
  std::filesystem::path dir;
  TensorStore reference;
  std::shared_ptr<Model> model;

  bool has(const std::string& name) const { return reference.contains(name); }
  std::vector<int32_t> ids(const std::string& name) const;
  std::vector<float> floats(const std::string& name) const;
  Shape shape(const std::string& name) const;
};

// Loads tests/fixtures/models/<name> and its reference; REQUIREs success.
Fixture load_fixture(const std::string& name, int n_threads = 2);

// Largest |a - b|; a NaN anywhere gives +inf.
double max_abs_diff(const float* a, const float* b, size_t n);

// Runs `ids` through a fresh session: all positions at once (prefill) or one token per forward.
std::vector<float> run_logits(const std::shared_ptr<Model>& model, const std::vector<int32_t>& ids, bool one_by_one,
                              int64_t n_batch = 512);

}  // namespace dsw::test
