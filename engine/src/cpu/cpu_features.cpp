// CPUID / XGETBV feature detection and the Linux permission request for AMX tile data.
#include "cpu/cpu_features.h"

#include <dsw/devices.h>

#include "cpu/gemm_bf16.h"
#include "cpu/kernels.h"

#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace dsw::cpu {
namespace {

bool env_set(const char* name) {
  const char* v = std::getenv(name);
  return v && *v && std::strcmp(v, "0") != 0;
}

uint64_t xgetbv0() {
  uint32_t lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return uint64_t(hi) << 32 | lo;
}

// Linux hands out the 8 KiB AMX tile-data state only to processes that ask for it (5.16+).
bool request_amx_permission() {
#if defined(__linux__) && defined(SYS_arch_prctl)
  constexpr int kArchReqXcompPerm = 0x1023;
  constexpr int kXfeatureXtiledata = 18;
  return syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) == 0;
#else
  return false;
#endif
}

CpuFeatures detect() {
  CpuFeatures f;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  const bool osxsave = c & bit_OSXSAVE, fma = c & bit_FMA, f16c = c & bit_F16C, avx = c & bit_AVX;
  if (!osxsave || !avx) return f;
  const uint64_t xcr0 = xgetbv0();
  const bool ymm_state = (xcr0 & 0x6) == 0x6, zmm_state = (xcr0 & 0xe6) == 0xe6, tile_state = (xcr0 & 0x60000) == 0x60000;
  unsigned a7 = 0, b7 = 0, c7 = 0, d7 = 0, a71 = 0, b71 = 0, c71 = 0, d71 = 0;
  __get_cpuid_count(7, 0, &a7, &b7, &c7, &d7);
  __get_cpuid_count(7, 1, &a71, &b71, &c71, &d71);
  f.avx2 = ymm_state && fma && f16c && (b7 & bit_AVX2);
  f.avx512 = f.avx2 && zmm_state && (b7 & bit_AVX512F) && (b7 & bit_AVX512BW) && (b7 & bit_AVX512VL) && (b7 & bit_AVX512DQ);
  f.avx512_vnni = f.avx512 && (c7 & (1u << 11));
  f.avx512_bf16 = f.avx512 && (a71 & (1u << 5)) && !env_set("DSW_CPU_NO_BF16");
  const bool amx = f.avx512_bf16 && (d7 & (1u << 24)) && (d7 & (1u << 22));  // AMX-TILE, AMX-BF16
  f.amx_bf16 = amx && tile_state && !env_set("DSW_CPU_NO_AMX") && request_amx_permission();
  return f;
}

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures f = detect();
  return f;
}

std::string cpu_features_string() {
  const CpuFeatures& f = cpu_features();
  std::string s;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!s.empty()) s += ' ';
    s += name;
  };
  add(f.avx2, "avx2");
  add(f.avx512, "avx512");
  add(f.avx512_vnni, "avx512_vnni");
  add(f.avx512_bf16, "avx512_bf16");
  add(f.amx_bf16, "amx_bf16");
  return s.empty() ? "none" : s;
}

}  // namespace dsw::cpu

namespace dsw {

std::string cpu_kernels_description() {
  const cpu::Bf16Gemm g = cpu::bf16_gemm_kind();
  const char* prefill = g == cpu::Bf16Gemm::amx ? "amx (bf16 tiles)" : g == cpu::Bf16Gemm::avx512bf16 ? "avx512_bf16 for bf16 weights, sgemm otherwise" : "sgemm";
  return std::string("kernels ") + cpu::kernels().isa + " (" + cpu::cpu_features_string() + "), prefill " + prefill;
}

}  // namespace dsw
