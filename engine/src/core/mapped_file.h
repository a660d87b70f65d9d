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

  // Drops this process's resident pages of [p, p + n) when the range lies in a live mapping (whole
  // pages inside it only): a later read faults them in again from the file, so views stay valid.
  // For weights the CPU backend has copied into another layout (cpu/packed_quant.h), so resident
  // memory does not hold both. Returns the bytes released (0 when the range is not mapped here).
  static uint64_t release(const void* p, uint64_t n) noexcept;

 private:
  MappedFile() = default;
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
  std::filesystem::path path_;
};

}  // namespace dsw
