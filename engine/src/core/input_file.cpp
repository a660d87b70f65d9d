// InputFile: non-blocking open, regular-file check and capped reads (see input_file.h).
#include "core/input_file.h"

#include "core/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>

namespace dsw {
namespace {

constexpr uint64_t KiB = 1024, MiB = 1024 * KiB;

constexpr InputKindInfo kKinds[] = {
    {"a config.json", 4 * MiB},
    {"a generation_config.json", 4 * MiB},
    {"a tokenizer.json", 256 * MiB},
    {"a tokenizer_config.json", 16 * MiB},
    {"a chat template", 16 * MiB},
    {"a SentencePiece tokenizer.model", 64 * MiB},
    {"a llama2.c tokenizer.bin", 64 * MiB},
    {"a safetensors index", 100'000'000},
    {"a text file", 1024 * MiB},
    {"a benchmark rows file", 256 * MiB},
    {"a calibration file", 1024 * MiB},
    {"a training data file", 4096 * MiB},
    {"a training state file", 256 * MiB},
    {"a run configuration", 16 * MiB},
    {"an adapter_config.json", 16 * MiB},
};

static_assert(std::size(kKinds) == size_t(InputKind::adapter_config) + 1, "one limit per kind of input");

[[noreturn]] void fail_errno(const std::filesystem::path& path, const char* what, int e) {
  if (e == ENOENT) fail_io(path.string() + ": no such file");
  fail_io(path.string() + ": " + what + ": " + std::strerror(e));
}

}  // namespace

const InputKindInfo& input_kind_info(InputKind kind) noexcept { return kKinds[size_t(kind)]; }

std::string_view file_type_name(unsigned mode) noexcept {
  switch (mode & S_IFMT) {
    case S_IFREG: return "a regular file";
    case S_IFDIR: return "a folder";
    case S_IFIFO: return "a FIFO (named pipe)";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFSOCK: return "a socket";
    case S_IFLNK: return "a symbolic link";
    default: return "not a regular file";
  }
}

InputFile::InputFile(const std::filesystem::path& path) : path_(path) {
  // The type first, by name: open() of a socket fails with a vague "no such device or address".
  if (!regular_file_exists(path)) fail_io(path.string() + ": no such file");
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one; it has
  // no effect on reads of regular files, the only kind read below.
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd_ < 0) fail_errno(path, "cannot open", errno);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    int e = errno;
    ::close(fd_);
    fd_ = -1;
    fail_errno(path, "cannot stat", e);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    fail_io(path.string() + ": is " + std::string(file_type_name(st.st_mode)) + ", not a regular file");
  }
  size_ = uint64_t(st.st_size);
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string InputFile::read_all(uint64_t max_bytes, std::string_view what) {
  auto too_large = [&](uint64_t size) {
    fail_invalid(path_.string() + ": " + std::to_string(size) + " bytes is larger than the " + std::to_string(max_bytes) +
                 "-byte limit for " + std::string(what));
  };
  if (size_ > max_bytes) too_large(size_);
  std::string data(size_t(size_), '\0');
  uint64_t done = 0;
  while (done < size_) {
    ssize_t n = ::pread(fd_, data.data() + done, size_t(size_ - done), off_t(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_errno(path_, "read error", errno);
    if (n == 0) break;  // shrank while being read: keep what is there
    done += uint64_t(n);
  }
  data.resize(size_t(done));
  return data;
}

std::string read_input_file(const std::filesystem::path& path, InputKind kind) {
  const InputKindInfo& info = input_kind_info(kind);
  InputFile file(path);
  return file.read_all(info.max_bytes, info.name);
}

bool regular_file_exists(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return false;
    fail_errno(path, "cannot stat", errno);
  }
  if (S_ISREG(st.st_mode)) return true;
  fail_io(path.string() + ": is " + std::string(file_type_name(st.st_mode)) + ", not a regular file");
}

}  // namespace dsw
