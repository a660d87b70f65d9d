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
    Status paired = tok.is_ok() ? attach_tokenizer(*files, **tok, *files->tokenizer_path) : tok.status();
    if (!paired.is_ok()) {
      if (need_tokenizer) return paired;
    } else {
      out.tokenizer = std::move(tok).value();
      out.tokenizer_name = files->tokenizer_path->string();
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
