// Device runtime: thin, classified wrappers over the CUDA runtime API.
//
// Classification matters to the app: out-of-memory is recoverable, "no device" is a normal state
// on a laptop or CI machine, and sticky errors mean the context is dead until the process restarts.
#include <dsw_kernels/runtime.h>

#include <cuda_runtime.h>

namespace dsw::kernels {
namespace {

KCode classify(cudaError_t e) {
  switch (e) {
    case cudaSuccess: return KCode::ok;
    case cudaErrorMemoryAllocation: return KCode::out_of_memory;
    case cudaErrorNoDevice:
    case cudaErrorInsufficientDriver:
    case cudaErrorInvalidDevice:
    case cudaErrorSystemDriverMismatch:
    case cudaErrorCompatNotSupportedOnDevice:
      return KCode::no_device;
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchFailure:
    case cudaErrorAssert:
    case cudaErrorMisalignedAddress:
    case cudaErrorLaunchTimeout:
    case cudaErrorIllegalInstruction:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorHardwareStackError:
    case cudaErrorECCUncorrectable:
      return KCode::sticky;
    default: return KCode::error;
  }
}

KStatus make(cudaError_t e, const char* what) {
  if (e == cudaSuccess) return {};
  return {classify(e), std::string(what) + ": " + cudaGetErrorName(e) + " (" + cudaGetErrorString(e) + ")"};
}

}  // namespace

KStatus query_devices(std::vector<DeviceProps>& out) {
  out.clear();
  int n = 0;
  cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    (void)cudaGetLastError();  // clear the non-sticky error so later calls are not confused
    return {KCode::no_device, std::string("no CUDA device: ") + cudaGetErrorString(e)};
  }
  if (n == 0) return {KCode::no_device, "no CUDA device: the driver reports none"};
  for (int i = 0; i < n; ++i) {
    cudaDeviceProp p{};
    if (auto s = make(cudaGetDeviceProperties(&p, i), "cudaGetDeviceProperties"); !s.ok()) return s;
    DeviceProps d;
    d.index = i;
    d.name = p.name;
    d.major = p.major;
    d.minor = p.minor;
    d.multiprocessors = p.multiProcessorCount;
    d.total_bytes = p.totalGlobalMem;
    size_t free_b = 0, total_b = 0;
    if (cudaSetDevice(i) == cudaSuccess && cudaMemGetInfo(&free_b, &total_b) == cudaSuccess) d.free_bytes = free_b;
    out.push_back(d);
  }
  return {};
}

KStatus set_device(int index) { return make(cudaSetDevice(index), "cudaSetDevice"); }

KStatus device_malloc(void** ptr, size_t bytes) {
  cudaError_t e = cudaMalloc(ptr, bytes);
  if (e == cudaErrorMemoryAllocation) (void)cudaGetLastError();  // OOM is not sticky: clear it
  return make(e, "cudaMalloc");
}

KStatus device_free(void* ptr) { return make(cudaFree(ptr), "cudaFree"); }

KStatus memory_info(uint64_t* free_bytes, uint64_t* total_bytes) {
  size_t f = 0, t = 0;
  auto s = make(cudaMemGetInfo(&f, &t), "cudaMemGetInfo");
  *free_bytes = f;
  *total_bytes = t;
  return s;
}

KStatus stream_create(void** stream) {
  cudaStream_t s = nullptr;
  auto st = make(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking), "cudaStreamCreate");
  *stream = s;
  return st;
}

KStatus stream_destroy(void* stream) { return make(cudaStreamDestroy(static_cast<cudaStream_t>(stream)), "cudaStreamDestroy"); }

KStatus stream_synchronize(void* stream) {
  return make(cudaStreamSynchronize(static_cast<cudaStream_t>(stream)), "cudaStreamSynchronize");
}

KStatus memcpy_async(void* dst, const void* src, size_t bytes, CopyKind kind, void* stream) {
  cudaMemcpyKind k = kind == CopyKind::host_to_device   ? cudaMemcpyHostToDevice
                     : kind == CopyKind::device_to_host ? cudaMemcpyDeviceToHost
                                                        : cudaMemcpyDeviceToDevice;
  return make(cudaMemcpyAsync(dst, src, bytes, k, static_cast<cudaStream_t>(stream)), "cudaMemcpyAsync");
}

KStatus memset_async(void* dst, int value, size_t bytes, void* stream) {
  return make(cudaMemsetAsync(dst, value, bytes, static_cast<cudaStream_t>(stream)), "cudaMemsetAsync");
}

KStatus last_launch_status(const char* what) { return make(cudaGetLastError(), what); }

}  // namespace dsw::kernels
