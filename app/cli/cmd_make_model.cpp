// dsw-cli make-model: write a random-weight checkpoint of a named real shape, or of the shape an
// HF config.json describes (--config: how the bundled demo model starts its pretraining).
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/make_model.h>

#include <cstdio>

namespace dsw::cli {

int cmd_make_model(const Argv& argv) {
  Args args(argv, {"random", "list"}, {"arch", "preset", "config", "seed", "dtype", "tokenizer"});
  if (args.flag("list")) {
    for (auto& p : model_presets()) std::printf("%-12s %-24s %s\n", p.arch.c_str(), p.name.c_str(), p.summary.c_str());
    return 0;
  }
  if (args.positional().size() != 1) throw std::invalid_argument("expected one OUT folder");
  if (!args.flag("random")) throw std::invalid_argument("only --random weights can be made (say --random to confirm)");
  auto arch = args.get("arch"), preset = args.get("preset"), config_file = args.get("config");
  if (config_file && (arch || preset)) throw std::invalid_argument("give either --config or --arch and --preset");
  if (!config_file && (!arch || !preset)) throw std::invalid_argument("--arch and --preset (see --list) or --config FILE are required");
  auto config = config_file ? load_model_config(*config_file) : preset_config(*arch, *preset);
  if (!config.is_ok()) return report(config.status());
  MakeModelOptions o;
  o.seed = uint64_t(args.get_int("seed", 1, 0, INT64_MAX));
  if (auto d = args.get("dtype")) {
    auto t = dtype_from_name(*d);
    if (!t || (*t != DType::f32 && *t != DType::bf16 && *t != DType::f16))
      throw std::invalid_argument("--dtype must be f32, bf16 or f16");
    o.dtype = *t;
  }
  if (auto t = args.get("tokenizer")) o.tokenizer = *t;
  ProgressBar bar("write");
  Status s = make_random_model(*config, o, args.positional()[0], bar.job());
  bar.finish();
  if (!s.is_ok()) return report(s);
  const std::string shape = config_file ? *config_file : *arch + " " + *preset;
  std::printf("wrote %s (%s, seed %llu, random weights)\n", args.positional()[0].c_str(), shape.c_str(), (unsigned long long)o.seed);
  return 0;
}

}  // namespace dsw::cli
