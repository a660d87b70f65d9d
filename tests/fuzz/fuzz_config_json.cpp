// libFuzzer target: config.json parsing into a ModelConfig, plus the derived parameter counts and
// tensor table (which size allocations from the parsed integers).
#include <dsw/model_config.h>

#include "model/tensor_specs.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = dsw::parse_model_config(text, "config.json");
  if (config.is_ok()) {
    (void)dsw::count_parameters(*config);
    // The tensor table is linear in layers x experts; both are capped by the parser.
    if (config->num_hidden_layers * (config->n_routed_experts + 1) < 20000) (void)dsw::expected_tensors(*config);
  }
  return 0;
}
