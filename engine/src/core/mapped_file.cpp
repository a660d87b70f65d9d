// MappedFile: mmap(2) of a whole file, read-only, shared.
#include "core/mapped_file.h"

#include "core/error.h"
#include "core/input_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

namespace dsw {
namespace {

// Live mappings, so that release() touches only memory this class mapped from a file.
struct Registry {
  std::mutex mu;
  std::vector<std::pair<const uint8_t*, uint64_t>> maps;
};
Registry& registry() {
  static Registry* r = new Registry;  // never destroyed: mappings may outlive static destruction
  return *r;
}

}  // namespace

std::shared_ptr<MappedFile> MappedFile::open(const std::filesystem::path& path) {
  // The type first, by name (open() of a socket fails vaguely), then O_NONBLOCK: a FIFO named
  // like a checkpoint must not block open(); fstat below rechecks what was opened.
  if (!regular_file_exists(path)) fail_io(path.string() + ": no such file");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    if (errno == ENOENT) fail_io(path.string() + ": no such file");
    fail_io(path.string() + ": cannot open: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    int e = errno;
    ::close(fd);
    fail_io(path.string() + ": cannot stat: " + std::strerror(e));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    fail_io(path.string() + ": is " + std::string(file_type_name(st.st_mode)) + ", not a regular file");
  }
  std::shared_ptr<MappedFile> m(new MappedFile());
  m->path_ = path;
  m->size_ = uint64_t(st.st_size);
  if (m->size_ > 0) {
    void* p = ::mmap(nullptr, size_t(m->size_), PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
      int e = errno;
      ::close(fd);
      fail_io(path.string() + ": cannot map: " + std::strerror(e));
    }
    m->data_ = static_cast<const uint8_t*>(p);
    std::lock_guard lock(registry().mu);
    registry().maps.emplace_back(m->data_, m->size_);
  }
  ::close(fd);  // the mapping stays valid after close
  return m;
}

MappedFile::~MappedFile() {
  if (!data_) return;
  {
    std::lock_guard lock(registry().mu);
    auto& maps = registry().maps;
    for (size_t i = 0; i < maps.size(); ++i)
      if (maps[i].first == data_) {
        maps[i] = maps.back();
        maps.pop_back();
        break;
      }
  }
  ::munmap(const_cast<uint8_t*>(data_), size_t(size_));
}

uint64_t MappedFile::release(const void* p, uint64_t n) noexcept {
  const auto* b = static_cast<const uint8_t*>(p);
  const uint64_t page = uint64_t(::sysconf(_SC_PAGESIZE));
  std::lock_guard lock(registry().mu);
  for (const auto& [data, size] : registry().maps) {
    if (b < data || b + n > data + size) continue;
    const uint64_t lo = (uint64_t(b - data) + page - 1) / page * page, hi = uint64_t(b + n - data) / page * page;
    if (hi <= lo) return 0;
    // Shared read-only file mapping: the pages return from the file on the next read.
    return ::madvise(const_cast<uint8_t*>(data) + lo, size_t(hi - lo), MADV_DONTNEED) == 0 ? hi - lo : 0;
  }
  return 0;
}

}  // namespace dsw
