// Status and Result<T>: the error model at the engine's API boundary.
//
// Inside the engine, code throws dsw::Error (see error.h in src/core); every public entry point
// converts it to a Status. The engine never exits, aborts or prints. Messages are English
// diagnostics that name the file, tensor or field at fault; the app maps codes to translated text.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dsw {

enum class StatusCode {
  ok = 0,
  invalid_input,   // malformed file, config, argument
  unsupported,     // well-formed but not handled (architecture, dtype, feature)
  io,              // file system: missing file, read error, permission
  out_of_memory,   // host or device allocation failed (recoverable)
  cancelled,       // the job's cancel flag or progress callback asked to stop
  device_error,    // a recoverable device failure (no device, driver too old)
  device_lost,     // a sticky device fault: the device context is dead until restart
  internal,        // a bug in the engine
};

// Stable lower-case name, e.g. "invalid_input".
std::string_view status_code_name(StatusCode code) noexcept;

class [[nodiscard]] Status {
 public:
  Status() = default;
  // Bytes a terminal or a GUI label would mangle — NUL (which cuts C strings short), other control
  // characters but newline and tab, invalid UTF-8 — are written as \xHH, so a message quoting a
  // hostile file shows all of it.
  Status(StatusCode code, std::string message);

  static Status ok() { return {}; }

  bool is_ok() const noexcept { return code_ == StatusCode::ok; }
  explicit operator bool() const noexcept { return is_ok(); }
  StatusCode code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  // "invalid_input: model.safetensors: tensor 'x': ..." — for logs and the CLI.
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::ok;
  std::string message_;
};

// A value or a non-ok Status.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).is_ok() && "Result built from an ok Status has no value");
  }

  bool is_ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return is_ok(); }

  const Status& status() const {
    static const Status ok_status;
    return is_ok() ? ok_status : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace dsw
