// load_model: open_model + tokenizer + Model::load with the CLI's device options.
#include "model_loader.h"

#include "common.h"

namespace dsw::cli {

Result<LoadedModel> load_model(const std::string& path, const Args& args, bool need_tokenizer) {
  OpenModelOptions open;
  if (auto t = args.get("tokenizer")) open.tokenizer = *t;
  auto files = open_model(path, open);
  if (!files.is_ok()) return files.status();
  LoadedModel out;
  if (files->tokenizer_path) {
    auto tok = load_tokenizer(*files->tokenizer_path);
    if (!tok.is_ok()) {
      if (need_tokenizer) return tok.status();
    } else {
      out.tokenizer = std::move(tok).value();
      out.tokenizer_name = files->tokenizer_path->string();
      for (int64_t id : files->generation_eos_ids) out.tokenizer->add_stop_id(int32_t(id));
      for (int64_t id : files->config.eos_token_ids) out.tokenizer->add_stop_id(int32_t(id));
    }
  } else if (need_tokenizer) {
    return Status(StatusCode::io, path + ": no tokenizer found beside the model (pass --tokenizer PATH)");
  }
  auto device = DeviceSpec::parse(args.get_or("device", "cpu"));
  if (!device.is_ok()) return device.status();
  LoadOptions lo;
  lo.device = *device;
  lo.device.n_threads = int(args.get_int("threads", 0, 0, 1024));
  ProgressBar bar("load");
  auto model = Model::load(std::move(files).value(), lo, bar.job());
  if (!model.is_ok()) return model.status();
  out.model = std::move(model).value();
  return out;
}

}  // namespace dsw::cli
