// dsw-cli hash: SHA-256 of every weight file, streamed, with a progress bar; Ctrl-C cancels.
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/hash.h>
#include <dsw/model_files.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

namespace dsw::cli {

int cmd_hash(const Argv& argv) {
  Args args(argv, {"json"}, {});
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  std::filesystem::path path = args.positional()[0];
  std::vector<std::filesystem::path> files;
  auto model = open_model(path);
  if (model.is_ok()) {
    for (auto& f : model->weight_files) files.push_back(f.path);
  } else if (std::filesystem::is_regular_file(path)) {
    files.push_back(path);  // any single file can be hashed, even one we cannot parse
  } else {
    return report(model.status());
  }
  ProgressBar bar("hash");
  auto hashes = hash_files(files, bar.job());
  bar.finish();
  if (!hashes.is_ok()) return report(hashes.status());
  if (args.flag("json")) {
    nlohmann::json j = nlohmann::json::array();
    for (auto& h : *hashes) j.push_back({{"path", h.path.string()}, {"bytes", h.size}, {"sha256", h.sha256}});
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    for (auto& h : *hashes) std::printf("%s  %s\n", h.sha256.c_str(), h.path.string().c_str());
  }
  return 0;
}

}  // namespace dsw::cli
