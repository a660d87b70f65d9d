// Feeds one malformed input to one engine loader and checks that it is refused cleanly:
//   malformed_check KIND PATH EXPECTED_CODE EXPECTED_SUBSTRING
// Passes when the loader returns a non-ok Status with that code whose message contains the
// substring, within one second, having allocated at most the input's size plus a fixed 64 MiB
// cap. EXPECTED_CODE "ok" instead requires the input to be handled (adversarial but valid input,
// under the same time and memory limits). Crashes, hangs and sanitizer reports fail the test by
// themselves. One CTest test per line of MANIFEST.tsv (see CMakeLists.txt).
//
// Kinds beyond the loaders: `encode` (PATH is a folder with a tokenizer and input.spec, whose
// lines "repeat N HEX" build the text to encode), `tokenizer_for_model` (the model's tokenizer
// paired with the model), and the store kinds `store_open`, `store_open_read_only` and
// `store_import`, which work on a copy of PATH and also fail when the copy's folder changed in
// any way (a refused database must not be written at all).
#include <dsw/gguf.h>
#include <dsw/llama2c.h>
#include <dsw/model_config.h>
#include <dsw/model_files.h>
#include <dsw/safetensors.h>
#include <dsw/store.h>
#include <dsw/tokenizer.h>
#include <dsw/train.h>

#include <malloc.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <algorithm>
#include <iterator>
#include <new>
#include <sstream>
#include <string>
#include <vector>

// ---- allocation accounting (whole process) ------------------------------------------------------
namespace {
std::atomic<int64_t> g_live{0}, g_peak{0};
void* counted_alloc(size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  int64_t live = g_live.fetch_add(int64_t(malloc_usable_size(p))) + int64_t(malloc_usable_size(p));
  int64_t peak = g_peak.load();
  while (live > peak && !g_peak.compare_exchange_weak(peak, live)) {
  }
  return p;
}
void counted_free(void* p) noexcept {
  if (!p) return;
  g_live.fetch_sub(int64_t(malloc_usable_size(p)));
  std::free(p);
}
}  // namespace

// Every replaceable form, so memory from nothrow or aligned new is freed by the matching delete.
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return operator new(n, std::nothrow); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_free(p); }
void* operator new(size_t n, std::align_val_t a) {
  void* p = std::aligned_alloc(size_t(a), (n + size_t(a) - 1) / size_t(a) * size_t(a));
  if (!p) throw std::bad_alloc();
  g_live.fetch_add(int64_t(malloc_usable_size(p)));
  return p;
}
void* operator new[](size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p, std::align_val_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { counted_free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { counted_free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { counted_free(p); }
void* operator new(size_t n) { return counted_alloc(n); }
void* operator new[](size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, size_t) noexcept { counted_free(p); }
void operator delete[](void* p, size_t) noexcept { counted_free(p); }

using namespace dsw;

namespace {

namespace fs = std::filesystem;

// The text an input.spec describes: lines "repeat N HEX" appended in order.
std::string spec_text(const fs::path& spec) {
  std::ifstream in(spec);
  std::string word, hex, out;
  uint64_t n = 0;
  while (in >> word >> n >> hex) {
    std::string unit;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) unit += char(std::stoi(hex.substr(i, 2), nullptr, 16));
    for (uint64_t k = 0; k < n; ++k) out += unit;
  }
  return out;
}

// Every entry of a folder with its bytes, sorted: equal snapshots mean nothing was written.
std::string snapshot(const fs::path& dir) {
  std::vector<std::string> entries;
  for (auto& e : fs::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    entries.push_back(e.path().filename().string() + "=" + std::string(std::istreambuf_iterator<char>(in), {}));
  }
  std::sort(entries.begin(), entries.end());
  std::string s;
  for (auto& e : entries) s += e + "\n";
  return s;
}

// A fresh temporary folder holding a copy of `path` (when it exists).
fs::path copy_to_temp(const fs::path& path) {
  std::string tmpl = (fs::temp_directory_path() / "dsw-malformed-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return {};
  fs::path dir = tmpl;
  std::error_code ec;
  if (fs::exists(path, ec)) fs::copy_file(path, dir / path.filename(), ec);
  return dir;
}

bool g_folder_changed = false;

// Runs a store operation on a copy of `path`; notes whether the copy's folder changed.
Status on_copy(const fs::path& path, const std::function<Status(const fs::path&)>& op) {
  fs::path dir = copy_to_temp(path);
  const std::string before = snapshot(dir);
  Status s = op(dir / path.filename());
  g_folder_changed = snapshot(dir) != before;
  std::error_code ec;
  fs::remove_all(dir, ec);
  return s;
}

Status load(const std::string& kind, const std::filesystem::path& path) {
  if (kind == "safetensors") {
    TensorStore store;
    return load_safetensors(path, store);
  }
  if (kind == "safetensors_index") {
    TensorStore store;
    return load_sharded_safetensors(path, store);
  }
  if (kind == "config") return load_model_config(path).status();
  if (kind == "run_config") return train_config_from_file(path).status();
  if (kind == "gguf") return GgufFile::open(path).status();
  if (kind == "llama2c") return open_llama2c(path).status();
  if (kind == "llama2c_tokenizer" || kind == "tokenizer") return load_tokenizer(path).status();
  if (kind == "model") return open_model(path).status();
  if (kind == "model_tensors") {
    auto m = open_model(path);
    if (!m.is_ok()) return m.status();
    return validate_model_tensors(*m);
  }
  if (kind == "encode") {
    auto tok = load_tokenizer(path);
    if (!tok.is_ok()) return tok.status();
    return (*tok)->encode(spec_text(path / "input.spec")).status();
  }
  if (kind == "tokenizer_for_model") {
    auto m = open_model(path, {.config_only = true});
    if (!m.is_ok()) return m.status();
    if (!m->tokenizer_path) return Status(StatusCode::io, path.string() + ": no tokenizer beside the model");
    auto tok = load_tokenizer(*m->tokenizer_path);
    if (!tok.is_ok()) return tok.status();
    return attach_tokenizer(*m, **tok, *m->tokenizer_path);
  }
  if (kind == "store_open" || kind == "store_open_read_only") {
    return on_copy(path, [&](const fs::path& copy) { return Store::open(copy, {.read_only = kind == "store_open_read_only"}).status(); });
  }
  if (kind == "store_import") {
    fs::path target_dir = copy_to_temp({});
    Status s = on_copy(path, [&](const fs::path& copy) {
      auto target = Store::open(target_dir / "target.db");
      if (!target.is_ok()) return target.status();
      return (*target)->import_bench(copy).status();
    });
    std::error_code ec;
    fs::remove_all(target_dir, ec);
    return s;
  }
  return Status(StatusCode::internal, "malformed_check: unknown kind " + kind);
}

uint64_t input_size(const std::filesystem::path& p) {
  std::error_code ec;
  if (std::filesystem::is_directory(p)) {
    uint64_t n = 0;
    for (auto& e : std::filesystem::recursive_directory_iterator(p, ec))
      if (e.is_regular_file(ec)) n += e.file_size(ec);
    return n;
  }
  auto n = std::filesystem::file_size(p, ec);
  return ec ? 0 : n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: malformed_check KIND PATH EXPECTED_CODE EXPECTED_SUBSTRING\n");
    return 2;
  }
  std::string kind = argv[1], expected_code = argv[3], expected_text = argv[4];
  std::filesystem::path path = argv[2];
  int64_t before = g_live.load();
  g_peak.store(before);
  auto t0 = std::chrono::steady_clock::now();
  Status s = load(kind, path);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  int64_t peak = g_peak.load() - before;
  uint64_t cap = input_size(path) + (64ull << 20);
  std::printf("%s %s -> %s (%.3f s, peak %lld bytes)\n", kind.c_str(), path.filename().c_str(), s.to_string().c_str(), secs,
              (long long)peak);
  int failures = 0;
  if (expected_code == "ok") {
    if (!s.is_ok()) {
      std::printf("FAIL: the input should have been handled\n");
      ++failures;
    }
  } else if (s.is_ok()) {
    std::printf("FAIL: the loader accepted a malformed input\n");
    ++failures;
  } else {
    if (status_code_name(s.code()) != expected_code) {
      std::printf("FAIL: expected code %s\n", expected_code.c_str());
      ++failures;
    }
    if (s.message().find(expected_text) == std::string::npos) {
      std::printf("FAIL: message lacks '%s'\n", expected_text.c_str());
      ++failures;
    }
    const bool names_file = s.message().find(path.filename().string()) != std::string::npos;
    if (!names_file && kind != "model" && kind != "model_tensors" && kind != "tokenizer_for_model") {
      std::printf("FAIL: message does not name the file\n");
      ++failures;
    }
  }
  if (g_folder_changed) {
    std::printf("FAIL: the database's folder changed (a refused or read-only database must not be written)\n");
    ++failures;
  }
  if (secs > 1.0) {
    std::printf("FAIL: took %.3f s (limit 1 s)\n", secs);
    ++failures;
  }
  if (uint64_t(peak) > cap) {
    std::printf("FAIL: allocated %lld bytes, over input size + 64 MiB\n", (long long)peak);
    ++failures;
  }
  std::printf("%d passed, %d failed\n", failures ? 0 : 1, failures ? 1 : 0);
  return failures ? 1 : 0;
}
