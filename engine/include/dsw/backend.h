// Backend: where tensors live and ops run (the CPU now, CUDA devices through kernels/).
//
// Each Backend instance owns one in-order execution stream: ops are enqueued in call order and
// synchronize() waits for all of them. A model session owns one backend instance; two sessions on
// the same GPU use two instances (two streams). Backends are not thread-safe: one thread drives an
// instance at a time. Device faults come back as StatusCode::out_of_memory (recoverable),
// device_error, or device_lost (sticky: the instance must not be used again).
#pragma once

#include <dsw/status.h>
#include <dsw/tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dsw {

struct MemoryInfo {
  uint64_t total_bytes = 0;  // device capacity (host: physical RAM)
  uint64_t free_bytes = 0;   // currently available
  uint64_t used_by_backend = 0;  // bytes this instance holds
};

class Backend {
 public:
  virtual ~Backend() = default;

  virtual Device device() const = 0;
  virtual std::string name() const = 0;  // "cpu (8 threads, avx512)", "NVIDIA H100 80GB HBM3"

  // Memory -------------------------------------------------------------------------------------
  // A new tensor on this backend's device, zero-filled. out_of_memory on failure.
  virtual Result<Tensor> allocate(DType dtype, const Shape& shape) = 0;
  // Copies bytes between tensors of equal dtype and byte size; either side may be on the host.
  virtual Status copy(const Tensor& src, Tensor& dst) = 0;
  // Converts src (f32, f16, bf16, f8_e4m3, q8_0, q4_0) into dst (f32, f16 or bf16) with the same
  // element count; both on this backend's device.
  virtual Status convert(const Tensor& src, Tensor& dst) = 0;
  // Waits for every op enqueued so far.
  virtual Status synchronize() = 0;
  virtual MemoryInfo memory_info() const = 0;
};

struct CpuBackendOptions {
  int n_threads = 0;  // <= 0: all hardware threads
};
std::unique_ptr<Backend> make_cpu_backend(const CpuBackendOptions& options = {});

// A CUDA device as the driver reports it.
struct CudaDeviceInfo {
  int index = 0;
  std::string name;
  int compute_major = 0, compute_minor = 0;
  uint64_t total_bytes = 0, free_bytes = 0;
  int multiprocessors = 0;
};

// True when the engine was compiled with CUDA kernels (DSW_WITH_CUDA).
bool cuda_compiled() noexcept;
// The visible CUDA devices. device_error "no CUDA device: <driver message>" when the driver or a
// device is missing; unsupported when the build has no CUDA.
Result<std::vector<CudaDeviceInfo>> list_cuda_devices();
// A backend on CUDA device `index`.
Result<std::unique_ptr<Backend>> make_cuda_backend(int index);

}  // namespace dsw
