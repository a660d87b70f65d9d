// The CPU backend: host memory, memcpy, conversion loops on the session's thread pool.
#include <dsw/backend.h>
#include <dsw/thread_pool.h>

#include "core/error.h"
#include "cpu/convert.h"

#include <unistd.h>

#include <atomic>
#include <cstring>

namespace dsw {
namespace {

class CpuBackend final : public Backend {
 public:
  explicit CpuBackend(const CpuBackendOptions& o) : pool_(o.n_threads) {}

  Device device() const override { return Device{}; }
  std::string name() const override { return "cpu (" + std::to_string(pool_.size()) + " threads)"; }

  Result<Tensor> allocate(DType dtype, const Shape& shape) override {
    return guard([&] {
      Tensor t = Tensor::host(dtype, shape);
      uint64_t bytes = t.nbytes();
      used_->fetch_add(bytes);
      // The owner both keeps the allocation alive and gives its bytes back to the counter.
      std::shared_ptr<const void> owner(t.owner().get(), [inner = t.owner(), used = used_, bytes](const void*) {
        used->fetch_sub(bytes);
      });
      return Tensor(dtype, shape, t.data(), Device{}, std::move(owner));
    });
  }

  Status copy(const Tensor& src, Tensor& dst) override {
    if (!src.on_host() || !dst.on_host()) return {StatusCode::unsupported, "cpu backend copies host tensors only"};
    if (src.dtype() != dst.dtype() || src.nbytes() != dst.nbytes())
      return {StatusCode::invalid_input, "copy: " + src.shape().to_string() + " " + std::string(dtype_name(src.dtype())) +
                                             " to " + dst.shape().to_string() + " " + std::string(dtype_name(dst.dtype()))};
    if (src.data() != dst.data()) std::memcpy(dst.data(), src.data(), src.nbytes());
    return Status::ok();
  }

  Status convert(const Tensor& src, Tensor& dst) override {
    if (!src.on_host() || !dst.on_host()) return {StatusCode::unsupported, "cpu backend converts host tensors only"};
    if (src.numel() != dst.numel()) return {StatusCode::invalid_input, "convert: element counts differ"};
    if (!cpu::can_convert_to_f32(src.dtype()))
      return {StatusCode::unsupported, "convert from " + std::string(dtype_name(src.dtype()))};
    DType out = dst.dtype();
    if (out != DType::f32 && out != DType::f16 && out != DType::bf16)
      return {StatusCode::unsupported, "convert to " + std::string(dtype_name(out))};
    const auto& info = dtype_info(src.dtype());
    int64_t block = info.block_elems;
    int64_t n_blocks = src.numel() / block;
    const auto* s = static_cast<const char*>(src.data());
    pool_.parallel_for(n_blocks, [&](int64_t b0, int64_t b1, int) {
      constexpr int64_t kChunk = 4096;
      float tmp[kChunk];
      for (int64_t b = b0; b < b1;) {
        int64_t nb = std::min<int64_t>(b1 - b, std::max<int64_t>(kChunk / block, 1));
        int64_t n = nb * block;
        cpu::to_f32(src.dtype(), s + b * info.block_bytes, tmp, n);
        char* d = static_cast<char*>(dst.data()) + b * block * int64_t(dtype_info(out).block_bytes);
        cpu::from_f32(tmp, out, d, n);
        b += nb;
      }
    }, std::max<int64_t>(1, 4096 / block));
    return Status::ok();
  }

  Status synchronize() override { return Status::ok(); }

  MemoryInfo memory_info() const override {
    MemoryInfo m;
    long pages = sysconf(_SC_PHYS_PAGES), avail = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    m.total_bytes = uint64_t(pages) * uint64_t(page);
    m.free_bytes = uint64_t(avail) * uint64_t(page);
    m.used_by_backend = used_->load();
    return m;
  }

 private:
  ThreadPool pool_;
  std::shared_ptr<std::atomic<uint64_t>> used_ = std::make_shared<std::atomic<uint64_t>>(0);
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(const CpuBackendOptions& options) {
  return std::make_unique<CpuBackend>(options);
}

}  // namespace dsw
