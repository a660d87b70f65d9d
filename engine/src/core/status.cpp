// Status names and formatting.
#include <dsw/status.h>

namespace dsw {

std::string_view status_code_name(StatusCode code) noexcept {
  switch (code) {
    case StatusCode::ok: return "ok";
    case StatusCode::invalid_input: return "invalid_input";
    case StatusCode::unsupported: return "unsupported";
    case StatusCode::io: return "io";
    case StatusCode::out_of_memory: return "out_of_memory";
    case StatusCode::cancelled: return "cancelled";
    case StatusCode::device_error: return "device_error";
    case StatusCode::device_lost: return "device_lost";
    case StatusCode::internal: return "internal";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  std::string s(status_code_name(code_));
  s += ": ";
  s += message_;
  return s;
}

}  // namespace dsw
