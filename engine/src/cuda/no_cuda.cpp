// CUDA entry points for builds without DSW_WITH_CUDA: every call says so plainly.
#include "cuda/cuda_device.h"

namespace dsw {

bool cuda_compiled() noexcept { return false; }

Result<std::vector<CudaDeviceInfo>> list_cuda_devices() {
  return Status(StatusCode::unsupported, "this build has no CUDA support (configured with DSW_WITH_CUDA=OFF)");
}

Result<std::unique_ptr<CudaDevice>> CudaDevice::open(int) {
  return Status(StatusCode::unsupported, "this build has no CUDA support (configured with DSW_WITH_CUDA=OFF)");
}

}  // namespace dsw
