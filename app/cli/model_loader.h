// Opening a model for the commands that run one (generate, perplexity, bench, attention, ...):
// the engine's Runner with the CLI's device options.
#pragma once

#include "args.h"

#include <dsw/runner.h>

#include <memory>
#include <set>
#include <string>

namespace dsw::cli {

// Options understood: --device, --threads, --tokenizer, --adapter DIR (a PEFT LoRA folder attached to
// the model; commands that open two models read side B's from `adapter_option`, "adapter-b"). A load
// progress bar is drawn on a terminal.
Result<std::unique_ptr<Runner>> open_runner(const std::string& path, const Args& args, bool need_tokenizer,
                                            int64_t n_ctx = 0, const std::string& adapter_option = "adapter");

// The options that open_runner reads, to add to a command's option set.
inline const std::set<std::string>& model_options() {
  static const std::set<std::string> o = {"device", "threads", "tokenizer", "adapter"};
  return o;
}

// model_options() plus --adapter-b, for the commands that open two models (A and B): --adapter
// attaches to A only, --adapter-b to B only.
inline const std::set<std::string>& model_pair_options() {
  static const std::set<std::string> o = [] {
    auto s = model_options();
    s.insert("adapter-b");
    return s;
  }();
  return o;
}

}  // namespace dsw::cli
