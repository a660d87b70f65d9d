// open_runner: Runner::open with --device, --threads, --tokenizer and --adapter (or --adapter-b).
#include "model_loader.h"

#include "common.h"

namespace dsw::cli {

Result<std::unique_ptr<Runner>> open_runner(const std::string& path, const Args& args, bool need_tokenizer, int64_t n_ctx,
                                            const std::string& adapter_option) {
  RunnerOptions o;
  if (auto t = args.get("tokenizer")) o.tokenizer = *t;
  o.require_tokenizer = need_tokenizer;
  auto device = DeviceSpec::parse(args.get_or("device", "cpu"));
  if (!device.is_ok()) return device.status();
  o.device = *device;
  o.device.n_threads = int(args.get_int("threads", 0, 0, 1024));  // 0: the engine's default
  o.n_ctx = n_ctx;
  if (auto a = args.get(adapter_option)) o.adapters.push_back(*a);
  ProgressBar bar("load");
  return Runner::open(path, o, bar.job());
}

}  // namespace dsw::cli
