// SHA-256 of files, streamed with progress and cancel.
#pragma once

#include <dsw/job.h>
#include <dsw/status.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace dsw {

class Sha256 {
 public:
  Sha256();
  void update(std::span<const uint8_t> data) noexcept;
  std::array<uint8_t, 32> finish() noexcept;  // the object must be reset before reuse
  void reset() noexcept;
  static std::string hex(const std::array<uint8_t, 32>& digest);

 private:
  void block(const uint8_t* p) noexcept;
  uint32_t h_[8];
  uint8_t buf_[64];
  uint64_t len_ = 0;
  size_t fill_ = 0;
};

struct FileHash {
  std::filesystem::path path;
  uint64_t size = 0;
  std::string sha256;  // lower-case hex
};

// Hashes each file in turn; progress events: phase "hash", unit "bytes", message = file name.
// Returns cancelled when the job is cancelled.
Result<std::vector<FileHash>> hash_files(const std::vector<std::filesystem::path>& files, const JobContext& job = no_job());

}  // namespace dsw
