// Read-only memory mapping of a whole file.
//
// Checkpoints are mapped, never read into memory: tensors are views into the mapping and the
// kernel pages weights in on demand. The mapping lives as long as any shared_ptr to it (tensors
// hold one through their owner). Empty files map to an empty span.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

namespace dsw {

class MappedFile {
 public:
  // Throws dsw::Error (io) naming the file on failure.
  static std::shared_ptr<MappedFile> open(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::span<const uint8_t> bytes() const noexcept { return {data_, size_}; }
  const uint8_t* data() const noexcept { return data_; }
  uint64_t size() const noexcept { return size_; }
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  MappedFile() = default;
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
  std::filesystem::path path_;
};

}  // namespace dsw
