// Opening a model plus its tokenizer for the commands that run one (generate, perplexity, bench...).
#pragma once

#include "args.h"

#include <dsw/model.h>
#include <dsw/session.h>
#include <dsw/tokenizer.h>

#include <memory>
#include <string>

namespace dsw::cli {

struct LoadedModel {
  std::shared_ptr<Model> model;
  std::unique_ptr<Tokenizer> tokenizer;  // null when `need_tokenizer` was false and none was found
  std::string tokenizer_name;            // which file produced the tokens (reported with figures)
};

// Options understood: --device, --threads, --tokenizer. Returns a Status on failure.
Result<LoadedModel> load_model(const std::string& path, const Args& args, bool need_tokenizer);

// The options that load_model reads, to add to a command's option set.
inline const std::set<std::string>& model_options() {
  static const std::set<std::string> o = {"device", "threads", "tokenizer"};
  return o;
}

}  // namespace dsw::cli
