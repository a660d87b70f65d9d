#include "core/heap_reuse.h"

#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace dsw {

void keep_freed_heap_for_reuse() {
#if defined(__GLIBC__)
  static std::once_flag once;
  std::call_once(once, [] {
    // Setting either value also switches off glibc's dynamic threshold, which otherwise settles
    // at the size of the last freed mmap block and keeps trimming the heap top below it.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
  });
#endif
}

}  // namespace dsw
