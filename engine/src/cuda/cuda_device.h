// CudaDevice: one CUDA device's memory and stream, and the conversion kernels of kernels/ — the
// device layer a CUDA ComputeBackend (compute/compute_backend.h) is built on.
//
// Each instance owns one in-order stream: ops are enqueued in call order and synchronize() waits
// for all of them. Not thread-safe: one thread drives an instance at a time. Device faults come
// back as StatusCode::out_of_memory (recoverable), device_error, or device_lost (sticky: the
// instance refuses further work). In a build without CUDA, open() says so.
#pragma once

#include <dsw/devices.h>
#include <dsw/status.h>
#include <dsw/tensor.h>

#include <memory>
#include <string>

namespace dsw {

class CudaDevice {
 public:
  virtual ~CudaDevice() = default;
  static Result<std::unique_ptr<CudaDevice>> open(int index);

  virtual Device device() const = 0;
  virtual std::string name() const = 0;
  // A new zero-filled tensor in device memory. out_of_memory names the sizes asked and free.
  virtual Result<Tensor> allocate(DType dtype, const Shape& shape) = 0;
  // Copies bytes between tensors of equal dtype and size; either side may be on the host.
  virtual Status copy(const Tensor& src, Tensor& dst) = 0;
  // Converts src (f32, f16, bf16, f8_e4m3, q8_0) into dst (f32, f16 or bf16), both on the device.
  virtual Status convert(const Tensor& src, Tensor& dst) = 0;
  virtual Status synchronize() = 0;
  virtual MemoryInfo memory_info() const = 0;
  virtual uint64_t bytes_in_use() const = 0;
};

}  // namespace dsw
