// Facts about this build, recorded with every benchmark result.
#pragma once

#include <string_view>

namespace dsw {

std::string_view build_version() noexcept;  // project version, e.g. "0.1.0"
std::string_view build_commit() noexcept;   // short git commit at configure time, or "unknown"
std::string_view build_compiler() noexcept;

}  // namespace dsw
