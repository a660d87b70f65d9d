// Run-time choice of the kernel table (CPUID through the compiler's builtins).
#include "cpu/kernels.h"

#include "cpu/cpu_features.h"

#include <cstdlib>
#include <cstring>

namespace dsw::cpu {
namespace {

const KernelTable& choose() {
  const CpuFeatures& f = cpu_features();
  const char* force = std::getenv("DSW_CPU_ISA");
  if (force) {
    if (std::strcmp(force, "generic") == 0) return kernels_generic();
    if (std::strcmp(force, "avx2") == 0 && f.avx2) return *kernels_avx2();
    if (std::strcmp(force, "avx512") == 0 && f.avx512) return *kernels_avx512(false);
  }
  if (f.avx512) return *kernels_avx512(f.avx512_vnni);
  if (f.avx2) return *kernels_avx2();
  return kernels_generic();
}

}  // namespace

const KernelTable& kernels() {
  static const KernelTable& t = choose();
  return t;
}

int available_kernel_tables(const KernelTable** out, int max) {
  const CpuFeatures& f = cpu_features();
  int n = 0;
  if (n < max) out[n++] = &kernels_generic();
  if (n < max && f.avx2) out[n++] = kernels_avx2();
  if (n < max && f.avx512) out[n++] = kernels_avx512(false);
  if (n < max && f.avx512 && f.avx512_vnni) out[n++] = kernels_avx512(true);
  return n;
}

}  // namespace dsw::cpu
