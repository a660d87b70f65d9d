// QuantizeReport <-> JSON (the report written beside a quantised output, read by the workbench).
#include <dsw/quantize.h>

#include "core/error.h"
#include "core/json_strict.h"

namespace dsw {

std::string quantize_report_to_json(const QuantizeReport& r) {
  nlohmann::json j;
  j["model_path"] = r.model_path;
  j["architecture"] = r.architecture;
  j["method"] = r.method;
  j["scheme"] = r.scheme;
  j["calib_file"] = r.calib_file;
  j["calib_tokens"] = r.calib_tokens;
  j["layers"] = r.layers;
  j["experts"] = r.experts;
  j["bytes_before"] = r.bytes_before;
  j["bytes_after"] = r.bytes_after;
  j["seconds"] = r.seconds;
  j["expert_tokens"] = r.expert_tokens;
  j["rtn_fallback_experts"] = r.rtn_fallback_experts;
  j["type_fallbacks"] = r.type_fallbacks;
  j["output_path"] = r.output_path;
  j["output_format"] = r.output_format;
  j["output_bytes"] = r.output_bytes;
  auto& ls = j["linears"] = nlohmann::json::array();
  for (const auto& l : r.linears)
    ls.push_back({{"name", l.name},
                  {"role", l.role},
                  {"layer", l.layer},
                  {"expert", l.expert},
                  {"in_features", l.in_features},
                  {"out_features", l.out_features},
                  {"dtype_before", l.dtype_before},
                  {"dtype_after", l.dtype_after},
                  {"scheme", l.scheme},
                  {"method", l.method},
                  {"note", l.note},
                  {"bytes_before", l.bytes_before},
                  {"bytes_after", l.bytes_after},
                  {"tokens", l.tokens},
                  {"weight_error", l.weight_error},
                  {"output_error", l.output_error},
                  {"damp", l.damp}});
  return j.dump(1);
}

Result<QuantizeReport> quantize_report_from_json(std::string_view text) {
  return guard([&] {
    const nlohmann::json j = parse_json_strict(text, "quantization report");
    if (!j.is_object()) fail_invalid("quantization report: not a JSON object");
    QuantizeReport r;
    try {
      r.model_path = j.value("model_path", "");
      r.architecture = j.value("architecture", "");
      r.method = j.value("method", "");
      r.scheme = j.value("scheme", "");
      r.calib_file = j.value("calib_file", "");
      r.calib_tokens = j.value("calib_tokens", int64_t(0));
      r.layers = j.value("layers", int64_t(0));
      r.experts = j.value("experts", int64_t(0));
      r.bytes_before = j.value("bytes_before", uint64_t(0));
      r.bytes_after = j.value("bytes_after", uint64_t(0));
      r.seconds = j.value("seconds", 0.0);
      r.expert_tokens = j.value("expert_tokens", std::vector<int64_t>{});
      r.rtn_fallback_experts = j.value("rtn_fallback_experts", std::vector<std::string>{});
      r.type_fallbacks = j.value("type_fallbacks", std::vector<std::string>{});
      r.output_path = j.value("output_path", "");
      r.output_format = j.value("output_format", "");
      r.output_bytes = j.value("output_bytes", uint64_t(0));
      for (const auto& l : j.value("linears", nlohmann::json::array())) {
        LinearQuantInfo i;
        i.name = l.value("name", "");
        i.role = l.value("role", "");
        i.layer = l.value("layer", int64_t(-1));
        i.expert = l.value("expert", int64_t(-1));
        i.in_features = l.value("in_features", int64_t(0));
        i.out_features = l.value("out_features", int64_t(0));
        i.dtype_before = l.value("dtype_before", "");
        i.dtype_after = l.value("dtype_after", "");
        i.scheme = l.value("scheme", "");
        i.method = l.value("method", "");
        i.note = l.value("note", "");
        i.bytes_before = l.value("bytes_before", uint64_t(0));
        i.bytes_after = l.value("bytes_after", uint64_t(0));
        i.tokens = l.value("tokens", int64_t(0));
        i.weight_error = l.value("weight_error", 0.0);
        i.output_error = l.value("output_error", -1.0);
        i.damp = l.value("damp", 0.0);
        r.linears.push_back(std::move(i));
      }
    } catch (const nlohmann::json::exception& e) {
      fail_invalid(std::string("quantization report: ") + e.what());
    }
    return r;
  });
}

}  // namespace dsw
