// Build facts baked in at configure time (see engine/CMakeLists.txt).
#include <dsw/build_info.h>

#ifndef DSW_GIT_COMMIT
#define DSW_GIT_COMMIT "unknown"
#endif
#ifndef DSW_VERSION
#define DSW_VERSION "0.0.0"
#endif

namespace dsw {

std::string_view build_version() noexcept { return DSW_VERSION; }
std::string_view build_commit() noexcept { return DSW_GIT_COMMIT; }
std::string_view build_compiler() noexcept {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "gcc " __VERSION__;
#else
  return "unknown";
#endif
}

}  // namespace dsw
