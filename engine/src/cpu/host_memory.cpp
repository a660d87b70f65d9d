// host_memory_info: physical and available pages as the kernel reports them.
#include <dsw/devices.h>

#include <unistd.h>

namespace dsw {

MemoryInfo host_memory_info() {
  MemoryInfo m;
  const long pages = sysconf(_SC_PHYS_PAGES), avail = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  m.total_bytes = uint64_t(pages) * uint64_t(page);
  m.free_bytes = uint64_t(avail) * uint64_t(page);
  return m;
}

}  // namespace dsw
