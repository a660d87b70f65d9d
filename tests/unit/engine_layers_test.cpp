// The engine's folders depend on each other one way (docs/architecture.md, "Engine areas"):
// model/ (what a model is) <- compute/ (the seam) <- arch/ <- runtime/ (how it runs), and cpu/
// implements compute/ without knowing the architectures; train/ builds on arch/ and compute/. This scans every #include "area/..." in
// engine/src and fails on an include that goes the wrong way, naming the file and line.
#include "check.h"

#include <fstream>
#include <map>
#include <set>
#include <string>

namespace fs = std::filesystem;

namespace {

// What each area may include besides itself (engine-private areas only; public <dsw/...> headers
// are always allowed). cpu/convert.h is host dtype conversion, which loaders in arch/ use.
const std::map<std::string, std::set<std::string>>& allowed() {
  static const std::map<std::string, std::set<std::string>> a = {
      {"model", {"core", "formats", "tokenizer"}},
      {"compute", {"core"}},
      {"arch", {"core", "compute", "model", "cpu/convert.h"}},
      {"cpu", {"core", "compute"}},
      // cpu/packed_quant.h: the load-time repack of Q8_0/Q4_0 weights for the CPU kernels (the CPU
      // is the only ComputeBackend that runs a model today; a device backend gets its own hook).
      {"runtime", {"core", "compute", "arch", "model", "cpu/cpu_compute.h", "cpu/convert.h", "cpu/packed_quant.h"}},
      // Training runs its Linears through compute/ and its other ops on the host: the CPU training
      // ops (train/ops) use the CPU kernels, GEMMs and RoPE until those ops join the backend.
      {"train", {"core", "compute", "arch", "model", "formats", "cpu/cpu_compute.h", "cpu/gemm.h", "cpu/kernels.h", "cpu/rope.h",
                 "cpu/matmul.h", "cpu/blas.h", "cpu/convert.h",
                 // QAT fake-quantises with the export's own plan and codec (train/qat.h).
                 "quant/codec.h", "quant/plan.h"}},
      // Checkpoint conversions read and write model files; cpu/convert.h turns stored dtypes into f32.
      {"convert", {"core", "model", "formats", "cpu/convert.h"}},
      // Serving schedules requests over the public Session and streams text as generate() does.
      {"serve", {"core", "generate/text_stream.h"}},
  };
  return a;
}

std::vector<std::string> violations(const fs::path& root) {
  std::vector<std::string> out;
  for (const auto& [area, ok] : allowed()) {
    if (!fs::is_directory(root / area)) continue;  // an area this tree does not have breaks no rule
    for (const auto& e : fs::recursive_directory_iterator(root / area)) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path());
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        const auto at = line.find("#include \"");
        if (at == std::string::npos) continue;
        const std::string target = line.substr(at + 10, line.find('"', at + 10) - at - 10);
        const auto slash = target.find('/');
        if (slash == std::string::npos) continue;
        const std::string dep = target.substr(0, slash);
        if (dep == area || ok.count(dep) || ok.count(target)) continue;
        out.push_back(e.path().lexically_relative(root).string() + ":" + std::to_string(n) + " includes " + target);
      }
    }
  }
  return out;
}

}  // namespace

DSW_TEST(engine_folders_depend_one_way) {
  const fs::path src = dsw::test::source_dir() / "engine" / "src";
  REQUIRE(fs::is_directory(src / "compute"));
  const auto bad = violations(src);
  for (const auto& v : bad) CHECK_EQ(v, std::string("(no include against the layering)"));
}

DSW_TEST(the_scan_sees_a_wrong_way_include) {
  // A synthetic tree: compute/ including arch/ must be reported.
  const fs::path root = dsw::test::temp_dir();
  for (const char* d : {"model", "compute", "arch", "cpu", "runtime", "train", "convert"}) fs::create_directories(root / d);
  std::ofstream(root / "compute" / "x.h") << "#include \"core/error.h\"\n#include \"arch/blocks.h\"\n";
  std::ofstream(root / "arch" / "y.cpp") << "#include \"cpu/convert.h\"\n#include \"compute/linear.h\"\n";
  const auto bad = violations(root);
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].find("compute/x.h:2 includes arch/blocks.h") != std::string::npos);
}
