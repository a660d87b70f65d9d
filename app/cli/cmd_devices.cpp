// dsw-cli devices: the CPU and the CUDA devices this build can use; --bandwidth also measures the
// host memory bandwidth (read bound and copy) for 1..N threads, the bounds decode is compared with.
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/devices.h>
#include <dsw/bench.h>
#include <dsw/thread_pool.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace dsw::cli {

int cmd_devices(const Argv& argv) {
  Args args(argv, {"json", "bandwidth"}, {});
  auto devices = list_cuda_devices();
  if (args.flag("json")) {
    nlohmann::json j = {{"cuda_compiled", cuda_compiled()}, {"cpu_kernels", cpu_kernels_description()}, {"devices", nlohmann::json::array()}};
    if (devices.is_ok())
      for (auto& d : *devices)
        j["devices"].push_back({{"index", d.index}, {"name", d.name}, {"compute_capability", std::to_string(d.compute_major) + "." + std::to_string(d.compute_minor)},
                                {"total_bytes", d.total_bytes}, {"free_bytes", d.free_bytes}, {"multiprocessors", d.multiprocessors}});
    else
      j["message"] = devices.status().message();
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("cpu: %d hardware threads, %s\n", dsw::hardware_threads(), dsw::cpu_kernels_description().c_str());
  if (args.flag("bandwidth"))
    for (int t = 1; t <= dsw::hardware_threads(); t = t < dsw::hardware_threads() ? std::min(2 * t, dsw::hardware_threads()) : t + 1)
      std::printf("     %d thread%s: read %.1f GB/s, copy %.1f GB/s (bytes moved)\n", t, t == 1 ? "" : "s",
                  measure_read_bandwidth_gbs(t), measure_copy_bandwidth_gbs(t));
  if (!devices.is_ok()) {
    std::printf("cuda: %s\n", devices.status().message().c_str());
    return 0;  // having no GPU is a normal state, not an error
  }
  for (auto& d : *devices)
    std::printf("cuda:%d  %s  (sm_%d%d, %d SMs)  %s free of %s\n", d.index, d.name.c_str(), d.compute_major, d.compute_minor,
                d.multiprocessors, human_bytes(double(d.free_bytes)).c_str(), human_bytes(double(d.total_bytes)).c_str());
  return 0;
}

}  // namespace dsw::cli
