// Tiny models for tests (see tiny_model.h).
#include "tiny_model.h"

#include "check.h"

#include <dsw/model_files.h>

#include <map>
#include <mutex>

namespace dsw::test {

std::filesystem::path tiny_model_dir(const std::string& arch, uint64_t seed) {
  static std::mutex m;
  static std::map<std::pair<std::string, uint64_t>, std::filesystem::path> made;
  std::lock_guard lock(m);
  auto key = std::make_pair(arch, seed);
  if (auto it = made.find(key); it != made.end()) return it->second;
  const auto dir = temp_dir() / (arch + "-" + std::to_string(seed));
  REQUIRE_OK(write_tiny_model(arch, seed, dir));
  made[key] = dir;
  return dir;
}

std::shared_ptr<Model> load_tiny_model(const std::string& arch, int n_threads, uint64_t seed) {
  auto files = open_model(tiny_model_dir(arch, seed));
  REQUIRE_OK(files);
  LoadOptions lo;
  lo.device.n_threads = n_threads;
  auto model = Model::load(std::move(files).value(), lo);
  REQUIRE_OK(model);
  return std::move(model).value();
}

}  // namespace dsw::test
