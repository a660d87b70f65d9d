// The CUDA convert kernel against the CPU conversion routines on random inputs (skips without a GPU).
#include "check.h"

#include <dsw/dtype.h>

#include "cpu/convert.h"
#include "cuda/cuda_device.h"

#include <cmath>
#include <random>

using namespace dsw;

namespace {
std::unique_ptr<CudaDevice> cuda_or_skip() {
  auto devices = list_cuda_devices();
  if (!devices.is_ok()) SKIP("no CUDA device: " + devices.status().message());
  auto be = CudaDevice::open(0);
  if (!be.is_ok()) SKIP("cannot open cuda:0: " + be.status().message());
  return std::move(be).value();
}
}  // namespace

DSW_TEST(convert_kernel_matches_cpu) {
  auto gpu = cuda_or_skip();
  std::mt19937 rng(1);
  std::normal_distribution<float> nd(0, 3);
  for (DType src_t : {DType::bf16, DType::f16, DType::f8_e4m3, DType::q8_0}) {
    for (int64_t n : {32, 4096, 100000 / 32 * 32}) {
      Tensor host = Tensor::host(src_t, {n});
      std::vector<float> vals(static_cast<size_t>(n));
      for (auto& v : vals) v = nd(rng);
      Tensor f = Tensor::host(DType::f32, {n});
      std::copy(vals.begin(), vals.end(), f.data_as<float>());
      // Build the source on the host through the CPU path for non-quantised types.
      if (src_t == DType::q8_0 || src_t == DType::f8_e4m3) {
        for (int64_t i = 0; i < static_cast<int64_t>(host.nbytes()); ++i)
          static_cast<uint8_t*>(host.data())[i] = uint8_t(rng() & 0x77);  // avoid NaN codes
      } else {
        cpu::from_f32(f.data_as<const float>(), src_t, host.data(), n);
      }
      Tensor want = Tensor::host(DType::f32, {n});
      cpu::to_f32(src_t, host.data(), want.data_as<float>(), n);
      auto dsrc = gpu->allocate(src_t, {n});
      REQUIRE_OK(dsrc);
      REQUIRE_OK(gpu->copy(host, *dsrc));
      auto ddst = gpu->allocate(DType::f32, {n});
      REQUIRE_OK(ddst);
      REQUIRE_OK(gpu->convert(*dsrc, *ddst));
      Tensor got = Tensor::host(DType::f32, {n});
      for (int64_t i = 0; i < n; ++i) got.data_as<float>()[i] = std::nanf("");  // poison
      REQUIRE_OK(gpu->copy(*ddst, got));
      for (int64_t i = 0; i < n; ++i) {
        float a = got.data_as<float>()[i], b = want.data_as<float>()[i];
        if (!(a == b || (std::isnan(a) && std::isnan(b)))) {
          CHECK_EQ(a, b);
          break;
        }
      }
    }
  }
}
