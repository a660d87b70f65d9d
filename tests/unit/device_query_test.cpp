// The device query answers cleanly on every machine: devices where a GPU is present, a plain
// "no CUDA device" where none is, "no CUDA support" in a DSW_WITH_CUDA=OFF build.
#include "check.h"

#include <dsw/devices.h>

using namespace dsw;

DSW_TEST(device_query_is_clean_without_a_gpu) {
  auto devices = list_cuda_devices();
  if (!cuda_compiled()) {
    CHECK(devices.status().code() == StatusCode::unsupported);
    return;
  }
  if (devices.is_ok()) {
    CHECK(!devices->empty());
    for (auto& d : *devices) CHECK(d.total_bytes > 0);
  } else {
    CHECK(devices.status().code() == StatusCode::device_error);
    CHECK(devices.status().message().find("no CUDA device") != std::string::npos);
  }
}
