// What the host CPU (and the OS) lets the CPU backend use, detected once through CPUID/XGETBV.
#pragma once

#include <string>

namespace dsw::cpu {

struct CpuFeatures {
  bool avx2 = false;         // AVX2 + FMA + F16C
  bool avx512 = false;       // AVX-512 F/BW/VL/DQ (+ FMA, F16C), state enabled by the OS
  bool avx512_vnni = false;  // vpdpbusd on zmm
  bool avx512_bf16 = false;  // vdpbf16ps, vcvtne2ps2bf16
  bool amx_bf16 = false;     // AMX tiles with BF16 dot products, permission granted by the OS
};

// Detected on first use. DSW_CPU_NO_AMX=1 and DSW_CPU_NO_BF16=1 hide AMX / AVX512_BF16 (for tests
// and measurements of the other paths on a CPU that has them).
const CpuFeatures& cpu_features();

// "avx2 avx512 avx512_vnni avx512_bf16 amx_bf16" (what is present).
std::string cpu_features_string();

}  // namespace dsw::cpu
