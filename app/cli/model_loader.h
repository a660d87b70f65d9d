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
// the model) (and --ctx when ctx_option). A load
// progress bar is drawn on a terminal.
Result<std::unique_ptr<Runner>> open_runner(const std::string& path, const Args& args, bool need_tokenizer,
                                            int64_t n_ctx = 0);

// The options that open_runner reads, to add to a command's option set.
inline const std::set<std::string>& model_options() {
  static const std::set<std::string> o = {"device", "threads", "tokenizer", "adapter"};
  return o;
}

}  // namespace dsw::cli
