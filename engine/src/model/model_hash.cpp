// Model digests: combined SHA-256 of the weight files, with the store as a cache.
#include <dsw/model_hash.h>
#include <dsw/store.h>

#include <array>
#include <chrono>
#include <span>

namespace dsw {

std::string combined_sha256(const std::vector<FileHash>& files) {
  if (files.size() == 1) return files[0].sha256;
  Sha256 sha;
  for (const auto& f : files) {
    const std::string line = f.sha256 + "  " + f.path.filename().string() + "\n";
    sha.update(std::span(reinterpret_cast<const uint8_t*>(line.data()), line.size()));
  }
  return Sha256::hex(sha.finish());
}

namespace {

int64_t mtime_ns(const std::filesystem::path& p, std::error_code& ec) {
  const auto t = std::filesystem::last_write_time(p, ec);
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<std::string> model_sha256(const ModelFiles& model, Store* cache, const JobContext& job) {
  if (model.weight_files.empty()) return Status(StatusCode::invalid_input, model.path.string() + ": no weight files to hash");
  std::vector<FileHash> hashes(model.weight_files.size());
  std::vector<std::filesystem::path> missing;
  std::vector<size_t> missing_at;
  std::vector<int64_t> mtimes(model.weight_files.size(), 0);
  for (size_t i = 0; i < model.weight_files.size(); ++i) {
    const auto& f = model.weight_files[i];
    std::error_code ec;
    const uint64_t size = std::filesystem::file_size(f.path, ec);
    if (ec) return Status(StatusCode::io, f.path.string() + ": " + ec.message());
    mtimes[i] = mtime_ns(f.path, ec);
    if (ec) return Status(StatusCode::io, f.path.string() + ": " + ec.message());
    hashes[i] = {f.path, size, {}};
    if (cache) {
      // A cache that cannot be read only costs time: hash the file instead.
      auto found = cache->find_file_hash(std::filesystem::absolute(f.path, ec), size, mtimes[i]);
      if (found.is_ok() && found->has_value()) {
        hashes[i].sha256 = **found;
        continue;
      }
    }
    missing.push_back(f.path);
    missing_at.push_back(i);
  }
  if (!missing.empty()) {
    auto fresh = hash_files(missing, job);
    if (!fresh.is_ok()) return fresh.status();
    for (size_t k = 0; k < missing.size(); ++k) {
      const size_t i = missing_at[k];
      hashes[i].sha256 = (*fresh)[k].sha256;
      std::error_code ec;
      if (cache) (void)cache->remember_file_hash(std::filesystem::absolute(missing[k], ec), hashes[i].size, mtimes[i], hashes[i].sha256);
    }
  }
  return combined_sha256(hashes);
}

}  // namespace dsw
