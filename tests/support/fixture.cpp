// Fixture loading and logits helpers for parity tests.
#include "fixture.h"

#include "check.h"

#include <dsw/safetensors.h>

#include <cmath>
#include <cstring>
#include <limits>

namespace dsw::test {

Fixture load_fixture(const std::string& name, int n_threads) {
  Fixture f;
  f.dir = source_dir() / "tests" / "fixtures" / "models" / name;
  if (!std::filesystem::is_directory(f.dir)) throw SkipTest{"fixture not found: " + f.dir.string()};
  REQUIRE_OK(load_safetensors(f.dir / "reference.safetensors", f.reference));
  auto files = open_model(f.dir);
  REQUIRE_OK(files);
  LoadOptions lo;
  lo.device.n_threads = n_threads;
  auto m = Model::load(std::move(files).value(), lo);
  REQUIRE_OK(m);
  f.model = std::move(m).value();
  return f;
}

std::vector<int32_t> Fixture::ids(const std::string& name) const {
  const TensorEntry* e = reference.find(name);
  REQUIRE(e && e->dtype == DType::i32);
  const auto* p = e->tensor.data_as<const int32_t>();
  return std::vector<int32_t>(p, p + e->shape.numel());
}

std::vector<float> Fixture::floats(const std::string& name) const {
  const TensorEntry* e = reference.find(name);
  REQUIRE(e && e->dtype == DType::f32);
  const auto* p = e->tensor.data_as<const float>();
  return std::vector<float>(p, p + e->shape.numel());
}

Shape Fixture::shape(const std::string& name) const {
  const TensorEntry* e = reference.find(name);
  REQUIRE(e);
  return e->shape;
}

double max_abs_diff(const float* a, const float* b, size_t n) {
  double m = 0;
  for (size_t i = 0; i < n; ++i) {
    double d = std::fabs(double(a[i]) - double(b[i]));
    if (std::isnan(d)) return std::numeric_limits<double>::infinity();
    m = std::max(m, d);
  }
  return m;
}

std::vector<float> run_logits(const std::shared_ptr<Model>& model, const std::vector<int32_t>& ids, bool one_by_one, int64_t n_batch) {
  auto s = Session::create(model, {.n_ctx = int64_t(ids.size()) + 8, .n_seq = 1, .n_batch = n_batch});
  REQUIRE_OK(s);
  std::vector<float> all, logits;
  if (!one_by_one) {
    REQUIRE_OK((*s)->forward(Batch::sequence(ids, 0, 0, true), all));
    return all;
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    Batch b;
    b.add(ids[i], int32_t(i), 0, true);
    REQUIRE_OK((*s)->forward(b, logits));
    all.insert(all.end(), logits.begin(), logits.end());
  }
  return all;
}

}  // namespace dsw::test
