// Devices: what this machine offers to run models on — host memory and the CUDA devices.
//
// The forward pass runs through the engine-internal compute backend (one per session; see
// docs/architecture.md, "The compute seam"); this header only describes devices so front ends can
// offer a choice and estimate what fits.
#pragma once

#include <dsw/status.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dsw {

struct MemoryInfo {
  uint64_t total_bytes = 0;  // device capacity (host: physical RAM)
  uint64_t free_bytes = 0;   // currently available
};

// Physical and available host memory.
MemoryInfo host_memory_info();

// A CUDA device as the driver reports it.
struct CudaDeviceInfo {
  int index = 0;
  std::string name;
  int compute_major = 0, compute_minor = 0;
  uint64_t total_bytes = 0, free_bytes = 0;
  int multiprocessors = 0;
};

// What the CPU backend uses on this CPU: the kernel table, the CPU features it detected and the
// prefill engine, e.g. "kernels avx512-vnni (avx2 avx512 avx512_vnni avx512_bf16 amx_bf16), prefill amx".
std::string cpu_kernels_description();

// True when the engine was compiled with CUDA kernels (DSW_WITH_CUDA).
bool cuda_compiled() noexcept;
// The visible CUDA devices. device_error "no CUDA device: <driver message>" when the driver or a
// device is missing; unsupported when the build has no CUDA.
Result<std::vector<CudaDeviceInfo>> list_cuda_devices();

}  // namespace dsw
