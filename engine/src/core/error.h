// Exceptions inside the engine, Status at its boundary.
//
// Internal code throws dsw::Error through the helpers below; public entry points wrap their body
// in guard(), which turns Error into its Status, std::bad_alloc into out_of_memory and anything
// else into internal. Nothing here prints or aborts.
#pragma once

#include <dsw/status.h>

#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace dsw {

class Error : public std::runtime_error {
 public:
  explicit Error(Status status) : std::runtime_error(status.message()), status_(std::move(status)) {}
  const Status& status() const noexcept { return status_; }

 private:
  Status status_;
};

[[noreturn]] inline void fail(StatusCode code, std::string message) {
  throw Error(Status(code, std::move(message)));
}
[[noreturn]] inline void fail_invalid(std::string message) { fail(StatusCode::invalid_input, std::move(message)); }
[[noreturn]] inline void fail_unsupported(std::string message) { fail(StatusCode::unsupported, std::move(message)); }
[[noreturn]] inline void fail_io(std::string message) { fail(StatusCode::io, std::move(message)); }
[[noreturn]] inline void fail_cancelled(std::string message = "cancelled") { fail(StatusCode::cancelled, std::move(message)); }
[[noreturn]] inline void fail_internal(std::string message) { fail(StatusCode::internal, std::move(message)); }

// Throws the status when it is not ok.
inline void throw_if_error(const Status& s) {
  if (!s.is_ok()) throw Error(s);
}
template <class T>
T unwrap(Result<T>&& r) {
  if (!r.is_ok()) throw Error(r.status());
  return std::move(r).value();
}

// The Status of the exception currently being handled.
inline Status status_from_current_exception() {
  try {
    throw;
  } catch (const Error& e) {
    return e.status();
  } catch (const std::bad_alloc&) {
    return Status(StatusCode::out_of_memory, "out of host memory");
  } catch (const std::exception& e) {
    return Status(StatusCode::internal, std::string("internal error: ") + e.what());
  } catch (...) {
    return Status(StatusCode::internal, "internal error: unknown exception");
  }
}

// Runs fn and converts any exception to a Status / Result. fn returns void, Status or a value.
template <class Fn>
auto guard(Fn&& fn) {
  using R = std::invoke_result_t<Fn>;
  if constexpr (std::is_void_v<R>) {
    try {
      fn();
      return Status::ok();
    } catch (...) {
      return status_from_current_exception();
    }
  } else if constexpr (std::is_same_v<R, Status>) {
    try {
      return fn();
    } catch (...) {
      return status_from_current_exception();
    }
  } else {
    try {
      return Result<R>(fn());
    } catch (...) {
      return Result<R>(status_from_current_exception());
    }
  }
}

}  // namespace dsw
