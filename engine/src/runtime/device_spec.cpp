// DeviceSpec: parsing and printing "cpu", "cuda", "cuda:N".
#include <dsw/model.h>

namespace dsw {

Result<DeviceSpec> DeviceSpec::parse(std::string_view text) {
  DeviceSpec d;
  if (text == "cpu") return d;
  if (text.rfind("cuda", 0) == 0) {
    d.kind = DeviceKind::cuda;
    if (text.size() == 4) return d;
    if (text[4] == ':' && text.size() > 5 && text.size() < 9) {
      int idx = 0;
      for (char ch : text.substr(5)) {
        if (ch < '0' || ch > '9') return Status(StatusCode::invalid_input, "device '" + std::string(text) + "': bad index");
        idx = idx * 10 + (ch - '0');
      }
      d.index = idx;
      return d;
    }
  }
  return Status(StatusCode::invalid_input, "device '" + std::string(text) + "': expected cpu, cuda or cuda:N");
}

std::string DeviceSpec::to_string() const {
  return kind == DeviceKind::cpu ? "cpu" : "cuda:" + std::to_string(index);
}

}  // namespace dsw
