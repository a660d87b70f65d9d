// Device runtime for the engine's CUDA backend: device query, memory, streams, error state.
//
// This header has no CUDA type in it: streams are opaque `void*` (a cudaStream_t underneath) so the
// engine compiles with a plain C++ compiler. Every call returns a KStatus; `sticky` marks errors
// after which the CUDA context is unusable (illegal address, launch failure, device assert).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dsw::kernels {

enum class KCode { ok = 0, no_device, out_of_memory, error, sticky };

struct KStatus {
  KCode code = KCode::ok;
  std::string message;
  bool ok() const noexcept { return code == KCode::ok; }
};

struct DeviceProps {
  int index = 0;
  std::string name;
  int major = 0, minor = 0;
  uint64_t total_bytes = 0, free_bytes = 0;
  int multiprocessors = 0;
};

// Lists devices; KCode::no_device with the driver's message when none can be used.
KStatus query_devices(std::vector<DeviceProps>& out);

KStatus set_device(int index);
KStatus device_malloc(void** ptr, size_t bytes);
KStatus device_free(void* ptr);
KStatus memory_info(uint64_t* free_bytes, uint64_t* total_bytes);

KStatus stream_create(void** stream);
KStatus stream_destroy(void* stream);
KStatus stream_synchronize(void* stream);

enum class CopyKind { host_to_device, device_to_host, device_to_device };
KStatus memcpy_async(void* dst, const void* src, size_t bytes, CopyKind kind, void* stream);
KStatus memset_async(void* dst, int value, size_t bytes, void* stream);

// The status of the last launch on this thread (cudaGetLastError), classified.
KStatus last_launch_status(const char* what);

}  // namespace dsw::kernels
