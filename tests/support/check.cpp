// The harness's registry, runner and helpers. Usage: test_exe [substring-filter]
#include "check.h"

#include <dsw/status.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <random>
#include <vector>

namespace dsw::test {
namespace {

struct Case {
  const char* name;
  void (*fn)();
};

std::vector<Case>& registry() {
  static std::vector<Case> r;
  return r;
}

int g_failures_in_case = 0;
std::vector<std::filesystem::path> g_temp_dirs;

}  // namespace

void register_test(const char* name, void (*fn)()) { registry().push_back({name, fn}); }

void record_failure(const char* file, int line, const std::string& what) {
  ++g_failures_in_case;
  std::fprintf(stdout, "    %s:%d: %s\n", file, line, what.c_str());
}

std::filesystem::path data_dir() {
  const char* env = std::getenv("DSW_DATA_DIR");
  std::filesystem::path p = env && *env ? env : "../shared/data";
  if (!std::filesystem::is_directory(p)) throw SkipTest{"real data folder not found: " + p.string() + " (set DSW_DATA_DIR)"};
  return p;
}

std::filesystem::path data_file(std::string_view relative) {
  auto p = data_dir() / relative;
  if (!std::filesystem::exists(p)) throw SkipTest{"data file not found: " + p.string()};
  return p;
}

std::filesystem::path source_dir() {
  const char* env = std::getenv("DSW_SOURCE_DIR");
  return env && *env ? env : ".";
}

std::filesystem::path binary_dir() {
  const char* env = std::getenv("DSW_BINARY_DIR");
  return env && *env ? env : ".";
}

std::filesystem::path temp_dir() {
  std::random_device rd;
  auto p = std::filesystem::temp_directory_path() / ("dsw-test-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(p);
  g_temp_dirs.push_back(p);
  return p;
}

}  // namespace dsw::test

int main(int argc, char** argv) {
  using namespace dsw::test;
  std::string filter = argc > 1 ? argv[1] : "";
  int passed = 0, failed = 0, skipped = 0;
  for (auto& c : registry()) {
    if (!filter.empty() && std::string(c.name).find(filter) == std::string::npos) continue;
    g_failures_in_case = 0;
    std::string skip_reason;
    auto t0 = std::chrono::steady_clock::now();
    try {
      c.fn();
    } catch (const SkipTest& s) {
      skip_reason = s.reason.empty() ? "skipped" : s.reason;
    } catch (const StopTest&) {
    } catch (const std::exception& e) {
      record_failure(c.name, 0, std::string("uncaught exception: ") + e.what());
    } catch (...) {
      record_failure(c.name, 0, "uncaught non-standard exception");
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (g_failures_in_case) {
      ++failed;
      std::printf("FAIL %s (%.0f ms)\n", c.name, ms);
    } else if (!skip_reason.empty()) {
      ++skipped;
      std::printf("SKIP %s: %s\n", c.name, skip_reason.c_str());
    } else {
      ++passed;
      std::printf("PASS %s (%.0f ms)\n", c.name, ms);
    }
    std::fflush(stdout);
  }
  for (auto& d : g_temp_dirs) {
    std::error_code ec;
    std::filesystem::remove_all(d, ec);
  }
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  if (failed) return 1;
  if (passed == 0 && skipped > 0) return 77;
  if (passed == 0) {
    std::printf("no test matched\n");
    return 1;
  }
  return 0;
}
