// Lazy OpenBLAS binding through dlopen (see blas.h for why).
#include "cpu/blas.h"

#include "core/error.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

#ifndef DSW_OPENBLAS_LIBDIR
#define DSW_OPENBLAS_LIBDIR ""
#endif

namespace dsw::cpu::blas {
namespace {

using SgemmFn = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
using SetThreadsFn = void (*)(int);
using ConfigFn = char* (*)();
using LapackFn = void (*)(const char*, const int*, float*, const int*, int*, size_t);

struct Lib {
  SgemmFn sgemm = nullptr;
  ConfigFn config = nullptr;
  LapackFn potrf = nullptr, potri = nullptr;
  std::string error;
};

const char* core_type_for_this_cpu() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd"))
    return "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
  return nullptr;  // let OpenBLAS decide
}

const Lib& lib() {
  static Lib l;
  static std::once_flag once;
  std::call_once(once, [] {
    if (const char* core = core_type_for_this_cpu(); core && !std::getenv("OPENBLAS_CORETYPE")) setenv("OPENBLAS_CORETYPE", core, 0);
    if (!std::getenv("OPENBLAS_NUM_THREADS")) setenv("OPENBLAS_NUM_THREADS", "1", 0);
    const std::string dir = DSW_OPENBLAS_LIBDIR;
    void* h = nullptr;
    for (std::string name : {dir.empty() ? std::string() : dir + "/libopenblas.so.0", std::string("libopenblas.so.0"),
                             std::string("libopenblas.so")}) {
      if (name.empty()) continue;
      if ((h = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL))) break;
    }
    if (!h) {
      const char* e = dlerror();
      l.error = std::string("cannot load OpenBLAS (libopenblas.so.0): ") + (e ? e : "not found");
      return;
    }
    l.sgemm = reinterpret_cast<SgemmFn>(dlsym(h, "cblas_sgemm"));
    l.config = reinterpret_cast<ConfigFn>(dlsym(h, "openblas_get_config"));
    l.potrf = reinterpret_cast<LapackFn>(dlsym(h, "spotrf_"));
    l.potri = reinterpret_cast<LapackFn>(dlsym(h, "spotri_"));
    if (auto set = reinterpret_cast<SetThreadsFn>(dlsym(h, "openblas_set_num_threads"))) set(1);
    if (!l.sgemm) l.error = "OpenBLAS has no cblas_sgemm";
  });
  return l;
}

}  // namespace

void sgemm(Trans ta, Trans tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb, float beta, float* c,
           int ldc) {
  const Lib& l = lib();
  if (!l.sgemm) fail_unsupported(l.error);
  l.sgemm(row_major, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

namespace {
int lapack(LapackFn fn, const char* name, char uplo, int n, float* a, int lda) {
  if (!fn) {
    const Lib& l = lib();
    fail_unsupported(l.error.empty() ? std::string("OpenBLAS has no LAPACK ") + name : l.error);
  }
  int info = 0;
  fn(&uplo, &n, a, &lda, &info, 1);
  return info;
}
}  // namespace

int spotrf(char uplo, int n, float* a, int lda) { return lapack(lib().potrf, "spotrf", uplo, n, a, lda); }
int spotri(char uplo, int n, float* a, int lda) { return lapack(lib().potri, "spotri", uplo, n, a, lda); }

std::string description() {
  const Lib& l = lib();
  if (!l.sgemm) return l.error;
  return l.config ? l.config() : "OpenBLAS";
}

}  // namespace dsw::cpu::blas
