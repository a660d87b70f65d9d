// Run-time choice of the kernel table (CPUID through the compiler's builtins).
#include "cpu/kernels.h"

#include <cpuid.h>

#include <cstdlib>
#include <cstring>

namespace dsw::cpu {
namespace {

bool has_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("fma");
}
// F16C through CPUID directly: not every compiler's __builtin_cpu_supports knows "f16c".
bool has_f16c() {
  unsigned a = 0, b = 0, c = 0, d = 0;
  return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C);
}
bool has_avx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && has_f16c(); }

const KernelTable& choose() {
  __builtin_cpu_init();
  const char* force = std::getenv("DSW_CPU_ISA");
  if (force && std::strcmp(force, "generic") == 0) return kernels_generic();
  if (force && std::strcmp(force, "avx2") == 0 && has_avx2()) return *kernels_avx2();
  if (has_avx512()) return *kernels_avx512();
  if (has_avx2()) return *kernels_avx2();
  return kernels_generic();
}

}  // namespace

const KernelTable& kernels() {
  static const KernelTable& t = choose();
  return t;
}

int available_kernel_tables(const KernelTable** out, int max) {
  __builtin_cpu_init();
  int n = 0;
  if (n < max) out[n++] = &kernels_generic();
  if (n < max && has_avx2()) out[n++] = kernels_avx2();
  if (n < max && has_avx512()) out[n++] = kernels_avx512();
  return n;
}

}  // namespace dsw::cpu
