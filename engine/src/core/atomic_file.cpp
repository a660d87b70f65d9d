// AtomicFile: temp file + fsync + rename + directory fsync.
#include "core/atomic_file.h"

#include "core/error.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace dsw {

AtomicFile::AtomicFile(std::filesystem::path destination) : dest_(std::move(destination)) {
  std::random_device rd;
  auto folder = dest_.parent_path().empty() ? std::filesystem::path(".") : dest_.parent_path();
  temp_ = folder / ("." + dest_.filename().string() + ".tmp" + std::to_string(rd() % 1000000));
#ifdef O_TMPFILE
  if (int fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644); fd >= 0) {
    f_ = fdopen(fd, "wb");
    if (f_) unnamed_ = true;
    else ::close(fd);
  }
#endif
  if (!f_) f_ = std::fopen(temp_.c_str(), "wb");
  if (!f_) fail_io(dest_.string() + ": cannot create a file in " + folder.string() + ": " + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (f_) std::fclose(f_);
  if (!committed_ && !unnamed_) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void AtomicFile::write(const void* data, size_t n) {
  if (n && std::fwrite(data, 1, n, f_) != n) fail_io(dest_.string() + ": write failed: " + std::strerror(errno));
  written_ += n;
}

void AtomicFile::commit() {
  if (std::fflush(f_) != 0 || fsync(fileno(f_)) != 0) fail_io(dest_.string() + ": flush failed: " + std::strerror(errno));
  if (unnamed_) {
    // Give the unnamed file its temporary name, then rename it over the destination as usual.
    const std::string proc = "/proc/self/fd/" + std::to_string(fileno(f_));
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, temp_.c_str(), AT_SYMLINK_FOLLOW) != 0)
      fail_io(dest_.string() + ": cannot name the written file: " + std::strerror(errno));
    unnamed_ = false;
  }
  std::fclose(f_);
  f_ = nullptr;
  if (std::rename(temp_.c_str(), dest_.c_str()) != 0) fail_io(dest_.string() + ": rename failed: " + std::strerror(errno));
  committed_ = true;
  auto folder = dest_.parent_path().empty() ? std::filesystem::path(".") : dest_.parent_path();
  int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    fsync(dfd);  // make the rename itself durable
    ::close(dfd);
  }
}

}  // namespace dsw
