// libFuzzer target: GgufFile::parse on arbitrary bytes, then every accessor on everything parsed
// (each KV, every array element at every nesting level, each tensor info and view), so a parser
// that lets a bad offset through is caught reading it.
#include <dsw/gguf.h>

#include <cstddef>
#include <cstdint>

namespace {

uint64_t g_sink = 0;

void touch(const dsw::GgufValue& v, int depth) {
  g_sink += uint64_t(v.as_int().value_or(0));
  g_sink += uint64_t(v.as_float().value_or(0.0) != 0.0);
  g_sink += v.as_bool().value_or(false);
  if (auto s = v.as_string()) {
    for (char c : *s) g_sink += uint8_t(c);
  }
  if (v.type() == dsw::GgufValueType::array && depth < 8) {
    for (uint64_t i = 0; i < v.array_size(); ++i) touch(v.at(i), depth + 1);
    g_sink += v.at(v.array_size()).as_int().value_or(0);  // out of range: must be harmless
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = dsw::GgufFile::parse({data, size}, "fuzz.gguf");
  if (!r.is_ok()) return 0;
  const dsw::GgufFile& f = *r;
  for (const auto& [key, value] : f.metadata()) {
    touch(value, 0);
    g_sink += value.to_display_string(4).size();
    g_sink += f.find(key) == &value;
  }
  for (const auto& t : f.tensors()) {
    g_sink += f.find_tensor(t.name) == &t;
    dsw::Tensor view = f.tensor_view(t);
    if (view.defined() && view.nbytes() > 0) {
      const auto* p = static_cast<const uint8_t*>(view.data());
      g_sink += p[0] + p[view.nbytes() - 1];
    }
  }
  return 0;
}
