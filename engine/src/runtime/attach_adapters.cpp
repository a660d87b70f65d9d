// attach_adapters: clone the base model (sharing its weight bytes) and hang each set's LoRA pairs
// on the Linears they name.
#include <dsw/adapter.h>

#include "core/error.h"
#include "runtime/model_impl.h"

#include <cmath>
#include <set>

namespace dsw {
namespace {

void check_pair(const std::string& set, const std::string& module, const LoraWeights& w) {
  auto fail_pair = [&](const std::string& why) { fail_invalid("adapter '" + set + "', module '" + module + "': " + why); };
  if (w.a.rank() != 2 || w.b.rank() != 2) fail_pair("A and B must be matrices");
  if (w.a.dtype() != DType::f32 || w.b.dtype() != DType::f32 || !w.a.on_host() || !w.b.on_host())
    fail_pair("A and B must be f32 host tensors");
  if (w.a.dim(0) != w.b.dim(1)) fail_pair("rank of A (" + std::to_string(w.a.dim(0)) + ") differs from B's (" + std::to_string(w.b.dim(1)) + ")");
  if (!std::isfinite(w.scale)) fail_pair("scale is not finite");
}

}  // namespace

Result<std::shared_ptr<Model>> attach_adapters(const std::shared_ptr<const Model>& base,
                                               std::vector<std::shared_ptr<const AdapterSet>> sets) {
  return guard([&]() -> std::shared_ptr<Model> {
    auto impl = std::dynamic_pointer_cast<const ModelImpl>(base);
    if (!impl) fail_invalid("attach_adapters: no model");
    auto m = impl->clone();
    std::vector<std::string> names = m->adapter_names();
    const int32_t first_slot = int32_t(names.size());
    for (size_t i = 0; i < sets.size(); ++i) {
      const AdapterSet& s = *sets[i];
      std::set<std::string> used;
      m->for_each_linear([&](Linear& l) {
        auto it = s.modules.find(l.name());
        if (it == s.modules.end()) return;
        check_pair(s.name, l.name(), it->second);
        l.add_adapter({first_slot + int32_t(i), it->second.a, it->second.b, it->second.scale});
        used.insert(l.name());
      });
      for (const auto& [module, w] : s.modules)
        if (!used.count(module)) fail_invalid("adapter '" + s.name + "': module '" + module + "' is not a Linear of this model");
      names.push_back(s.name);
    }
    m->refresh_views();
    m->set_adapter_names(std::move(names));
    return m;
  });
}

}  // namespace dsw
