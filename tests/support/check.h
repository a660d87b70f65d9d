// A small test harness for engine, model and GPU tests (Qt-free, so DSW_BUILD_GUI=OFF builds run
// them on the GPU machine). GUI tests use Qt Test instead.
//
//   DSW_TEST(parses_header) { CHECK_EQ(f(2), 4); REQUIRE(ptr); SKIP("needs a GPU"); }
//
// CHECK records a failure and continues; REQUIRE stops the test case; SKIP ends it as skipped.
// The executable exits 0 when nothing failed, 1 on any failure, and 77 (CTest's SKIP_RETURN_CODE)
// when every case skipped, so a machine without the data or the GPU shows the test as skipped.
#pragma once

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>

#include <dsw/status.h>

namespace dsw::test {

struct SkipTest {
  std::string reason;
};
struct StopTest {};

void register_test(const char* name, void (*fn)());
void record_failure(const char* file, int line, const std::string& what);

// Folder with real data (DSW_DATA_DIR, default ../shared/data); SKIPs when absent.
std::filesystem::path data_dir();
// data_dir()/relative, SKIPs when the file is absent.
std::filesystem::path data_file(std::string_view relative);
// The source tree (DSW_SOURCE_DIR) and build tree (DSW_BINARY_DIR).
std::filesystem::path source_dir();
std::filesystem::path binary_dir();
// A fresh empty temporary folder, removed at exit.
std::filesystem::path temp_dir();

template <class A, class B>
std::string describe(const A& a, const B& b) {
  std::ostringstream s;
  if constexpr (requires(std::ostream& o) { o << a; o << b; }) s << a << " vs " << b;
  return s.str();
}

inline const dsw::Status& status_of(const dsw::Status& s) { return s; }
template <class T>
const dsw::Status& status_of(const dsw::Result<T>& r) {
  return r.status();
}

struct Registrar {
  Registrar(const char* name, void (*fn)()) { register_test(name, fn); }
};

}  // namespace dsw::test

#define DSW_TEST(name)                                                      \
  static void name();                                                       \
  static ::dsw::test::Registrar dsw_registrar_##name(#name, &name);         \
  static void name()

#define CHECK(cond) \
  do {              \
    if (!(cond)) ::dsw::test::record_failure(__FILE__, __LINE__, "CHECK(" #cond ")"); \
  } while (0)

#define REQUIRE(cond)                                                                     \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      ::dsw::test::record_failure(__FILE__, __LINE__, "REQUIRE(" #cond ")");              \
      throw ::dsw::test::StopTest{};                                                      \
    }                                                                                     \
  } while (0)

#define CHECK_EQ(a, b)                                                                                     \
  do {                                                                                                     \
    const auto dsw_a_ = (a);                                                                               \
    const auto dsw_b_ = (b);                                                                               \
    if (!(dsw_a_ == dsw_b_))                                                                               \
      ::dsw::test::record_failure(__FILE__, __LINE__,                                                      \
                                  "CHECK_EQ(" #a ", " #b "): " + ::dsw::test::describe(dsw_a_, dsw_b_)); \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                                                   \
  do {                                                                                                          \
    const double dsw_a_ = double(a), dsw_b_ = double(b);                                                        \
    if (!(std::fabs(dsw_a_ - dsw_b_) <= double(tol)))                                                           \
      ::dsw::test::record_failure(__FILE__, __LINE__,                                                           \
                                  "CHECK_NEAR(" #a ", " #b ", " #tol "): " + ::dsw::test::describe(dsw_a_, dsw_b_)); \
  } while (0)

// Checks a dsw::Status / Result is ok, printing its message otherwise.
#define REQUIRE_OK(expr)                                                                                  \
  do {                                                                                                    \
    const auto& dsw_s_ = (expr);                                                                          \
    if (!dsw_s_.is_ok()) {                                                                                \
      ::dsw::test::record_failure(__FILE__, __LINE__, "REQUIRE_OK(" #expr "): " + ::dsw::test::status_of(dsw_s_).to_string()); \
      throw ::dsw::test::StopTest{};                                                                      \
    }                                                                                                     \
  } while (0)

#define SKIP(reason) throw ::dsw::test::SkipTest{reason}
