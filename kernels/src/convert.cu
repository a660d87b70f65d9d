// convert_forward: stored element types -> f32 / f16 / bf16.
//
// Math: f16/bf16/fp8-e4m3 widen exactly to f32; Q8_0 blocks (fp16 d, 32 x int8 q) give
// x[i] = d * q[i] (formats.md §2.5). Narrowing to f16/bf16 rounds to nearest even (__float2half_rn,
// __float2bfloat16_rn). One thread per output element; grid-stride so any n fits.
#include <dsw_kernels/convert.h>

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>
#include <cuda_runtime.h>

namespace dsw::kernels {
namespace {

struct BlockQ8_0 {
  __half d;
  int8_t qs[32];
};
static_assert(sizeof(BlockQ8_0) == 34, "ggml Q8_0 block is 34 bytes");

template <KType S>
__device__ float load_elem(const void* src, int64_t i) {
  if constexpr (S == KType::f32) return static_cast<const float*>(src)[i];
  if constexpr (S == KType::f16) return __half2float(static_cast<const __half*>(src)[i]);
  if constexpr (S == KType::bf16) return __bfloat162float(static_cast<const __nv_bfloat16*>(src)[i]);
  if constexpr (S == KType::f8_e4m3) return float(static_cast<const __nv_fp8_e4m3*>(src)[i]);
  if constexpr (S == KType::q8_0) {
    // Q8_0 blocks are 34 bytes, so the scale is only 2-byte aligned: read it as raw bytes.
    const auto* b = static_cast<const unsigned char*>(src) + (i / 32) * 34;
    __half_raw raw;
    raw.x = static_cast<unsigned short>(b[0] | (b[1] << 8));
    return __half2float(__half(raw)) * float(static_cast<const int8_t*>(static_cast<const void*>(b + 2))[i % 32]);
  }
  return 0.0f;
}

template <KType S>
__global__ void convert_kernel(const void* src, KType dst_type, void* dst, int64_t n) {
  for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
    float v = load_elem<S>(src, i);
    if (dst_type == KType::f32) static_cast<float*>(dst)[i] = v;
    else if (dst_type == KType::f16) static_cast<__half*>(dst)[i] = __float2half_rn(v);
    else static_cast<__nv_bfloat16*>(dst)[i] = __float2bfloat16_rn(v);
  }
}

}  // namespace

KStatus convert_forward(KType src_type, const void* src, KType dst_type, void* dst, int64_t n, void* stream) {
  if (n <= 0) return {};
  if (dst_type != KType::f32 && dst_type != KType::f16 && dst_type != KType::bf16)
    return {KCode::error, "convert_forward: unsupported destination type"};
  if (src_type == KType::q8_0 && n % 32 != 0) return {KCode::error, "convert_forward: q8_0 needs whole blocks"};
  const int threads = 256;
  const int64_t want = (n + threads - 1) / threads;
  const int blocks = int(want < 65535 * 8 ? want : 65535 * 8);
  auto s = static_cast<cudaStream_t>(stream);
  switch (src_type) {
    case KType::f32: convert_kernel<KType::f32><<<blocks, threads, 0, s>>>(src, dst_type, dst, n); break;
    case KType::f16: convert_kernel<KType::f16><<<blocks, threads, 0, s>>>(src, dst_type, dst, n); break;
    case KType::bf16: convert_kernel<KType::bf16><<<blocks, threads, 0, s>>>(src, dst_type, dst, n); break;
    case KType::f8_e4m3: convert_kernel<KType::f8_e4m3><<<blocks, threads, 0, s>>>(src, dst_type, dst, n); break;
    case KType::q8_0: convert_kernel<KType::q8_0><<<blocks, threads, 0, s>>>(src, dst_type, dst, n); break;
  }
  return last_launch_status("convert_forward");
}

}  // namespace dsw::kernels
