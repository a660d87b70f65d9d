// Writing a file so that readers only ever see the old complete file or the new complete one.
//
// Data goes to a temporary file in the destination's folder; commit() flushes it to disk, renames
// it over the destination and syncs the folder. If the writer is destroyed without commit()
// (error, cancel, exception) the temporary file is removed: nothing half-written is left behind.
// Where the file system supports it (Linux O_TMPFILE) the temporary file has no name until
// commit(), so even a killed process (SIGKILL, power loss) leaves nothing behind.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <span>
#include <string>

namespace dsw {

class AtomicFile {
 public:
  // Throws dsw::Error(io) naming the path.
  explicit AtomicFile(std::filesystem::path destination);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(const void* data, size_t n);
  void write(std::string_view s) { write(s.data(), s.size()); }
  uint64_t written() const noexcept { return written_; }
  void commit();
  const std::filesystem::path& destination() const noexcept { return dest_; }

 private:
  std::filesystem::path dest_, temp_;
  std::FILE* f_ = nullptr;
  bool unnamed_ = false;  // O_TMPFILE: linked to temp_ only in commit()
  uint64_t written_ = 0;
  bool committed_ = false;
};

}  // namespace dsw
