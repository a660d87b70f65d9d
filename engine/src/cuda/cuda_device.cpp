// CudaDevice on kernels/: device memory, one stream per instance, conversion kernels.
//
// Compiled only with DSW_WITH_CUDA. Errors from kernels/ are mapped to engine codes; after a sticky
// error the instance refuses further work with device_lost so the app can offer a restart.
#include "cuda/cuda_device.h"

#include "core/error.h"

#include <dsw_kernels/convert.h>
#include <dsw_kernels/runtime.h>

#include <atomic>
#include <optional>

namespace dsw {
namespace {

namespace k = dsw::kernels;

Status to_status(const k::KStatus& s) {
  switch (s.code) {
    case k::KCode::ok: return Status::ok();
    case k::KCode::no_device: return {StatusCode::device_error, s.message};
    case k::KCode::out_of_memory: return {StatusCode::out_of_memory, s.message};
    case k::KCode::sticky: return {StatusCode::device_lost, s.message};
    case k::KCode::error: return {StatusCode::device_error, s.message};
  }
  return {StatusCode::internal, s.message};
}

std::optional<k::KType> ktype(DType t) {
  switch (t) {
    case DType::f32: return k::KType::f32;
    case DType::f16: return k::KType::f16;
    case DType::bf16: return k::KType::bf16;
    case DType::f8_e4m3: return k::KType::f8_e4m3;
    case DType::q8_0: return k::KType::q8_0;
    default: return std::nullopt;
  }
}

class CudaDeviceImpl final : public CudaDevice {
 public:
  CudaDeviceImpl(int index, k::DeviceProps props, void* stream) : index_(index), props_(std::move(props)), stream_(stream) {}
  ~CudaDeviceImpl() override {
    if (!lost_) (void)k::stream_synchronize(stream_);
    (void)k::stream_destroy(stream_);
  }

  Device device() const override { return Device{DeviceKind::cuda, index_}; }
  std::string name() const override { return props_.name; }

  Result<Tensor> allocate(DType dtype, const Shape& shape) override {
    if (auto s = usable(); !s) return s;
    int64_t n = shape.checked_numel();
    auto bytes = n < 0 ? std::nullopt : dtype_bytes(dtype, uint64_t(n));
    if (!bytes) return Status(StatusCode::invalid_input, "allocate: bad shape " + shape.to_string());
    (void)k::set_device(index_);
    void* p = nullptr;
    if (auto s = note(k::device_malloc(&p, *bytes ? *bytes : 1)); !s) {
      if (s.code() == StatusCode::out_of_memory) {
        uint64_t free_b = 0, total_b = 0;
        (void)k::memory_info(&free_b, &total_b);
        return Status(StatusCode::out_of_memory, "cuda:" + std::to_string(index_) + ": asked for " +
                                                     std::to_string(*bytes) + " bytes, " + std::to_string(free_b) +
                                                     " free of " + std::to_string(total_b));
      }
      return s;
    }
    if (auto s = note(k::memset_async(p, 0, *bytes, stream_)); !s) {
      (void)k::device_free(p);
      return s;
    }
    used_ += *bytes;
    auto used = &used_;
    uint64_t b = *bytes;
    std::shared_ptr<const void> owner(p, [used, b](const void* q) {
      (void)k::device_free(const_cast<void*>(q));
      *used -= b;
    });
    return Tensor(dtype, shape, p, device(), std::move(owner));
  }

  Status copy(const Tensor& src, Tensor& dst) override {
    if (auto s = usable(); !s) return s;
    if (src.dtype() != dst.dtype() || src.nbytes() != dst.nbytes())
      return {StatusCode::invalid_input, "copy: tensors differ in dtype or size"};
    k::CopyKind kind = src.on_host()   ? k::CopyKind::host_to_device
                       : dst.on_host() ? k::CopyKind::device_to_host
                                       : k::CopyKind::device_to_device;
    if (src.on_host() && dst.on_host()) return {StatusCode::invalid_input, "copy: both tensors on the host"};
    if (auto s = note(k::memcpy_async(dst.data(), src.data(), src.nbytes(), kind, stream_)); !s) return s;
    // Host buffers may be freed right after return: make the copy complete before that.
    return kind == k::CopyKind::device_to_device ? Status::ok() : synchronize();
  }

  Status convert(const Tensor& src, Tensor& dst) override {
    if (auto s = usable(); !s) return s;
    auto st = ktype(src.dtype()), dt = ktype(dst.dtype());
    if (!st || !dt) return {StatusCode::unsupported, "cuda convert: unsupported dtype pair"};
    if (src.on_host() || dst.on_host()) return {StatusCode::invalid_input, "cuda convert: tensors must be on the device"};
    if (src.numel() != dst.numel()) return {StatusCode::invalid_input, "cuda convert: element counts differ"};
    return note(k::convert_forward(*st, src.data(), *dt, dst.data(), src.numel(), stream_));
  }

  Status synchronize() override {
    if (auto s = usable(); !s) return s;
    return note(k::stream_synchronize(stream_));
  }

  MemoryInfo memory_info() const override {
    MemoryInfo m;
    (void)k::memory_info(&m.free_bytes, &m.total_bytes);
    return m;
  }
  uint64_t bytes_in_use() const override { return used_.load(); }

 private:
  Status usable() const {
    if (lost_) return {StatusCode::device_lost, "cuda:" + std::to_string(index_) + " was lost earlier: " + lost_message_};
    return Status::ok();
  }
  // Records sticky errors so the instance refuses further work.
  Status note(const k::KStatus& ks) {
    Status s = to_status(ks);
    if (s.code() == StatusCode::device_lost) {
      lost_ = true;
      lost_message_ = s.message();
    }
    return s;
  }

  int index_;
  k::DeviceProps props_;
  void* stream_;
  std::atomic<uint64_t> used_{0};
  bool lost_ = false;
  std::string lost_message_;
};

}  // namespace

bool cuda_compiled() noexcept { return true; }

Result<std::vector<CudaDeviceInfo>> list_cuda_devices() {
  std::vector<k::DeviceProps> props;
  if (auto s = k::query_devices(props); !s.ok()) return to_status(s);
  std::vector<CudaDeviceInfo> out;
  for (auto& p : props)
    out.push_back({p.index, p.name, p.major, p.minor, p.total_bytes, p.free_bytes, p.multiprocessors});
  return out;
}

Result<std::unique_ptr<CudaDevice>> CudaDevice::open(int index) {
  std::vector<k::DeviceProps> props;
  if (auto s = k::query_devices(props); !s.ok()) return to_status(s);
  if (index < 0 || index >= int(props.size()))
    return Status(StatusCode::invalid_input, "no CUDA device " + std::to_string(index) + " (found " +
                                                 std::to_string(props.size()) + ")");
  if (auto s = k::set_device(index); !s.ok()) return to_status(s);
  void* stream = nullptr;
  if (auto s = k::stream_create(&stream); !s.ok()) return to_status(s);
  return std::unique_ptr<CudaDevice>(std::make_unique<CudaDeviceImpl>(index, props[size_t(index)], stream));
}

}  // namespace dsw
