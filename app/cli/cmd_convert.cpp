// dsw-cli convert: a new version of a model — dense -> MoE upcycling (--target-arch moe) or a change
// of stored dtype (--dtype alone). docs/versions.md tells the story these versions make.
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/convert.h>

#include <cstdio>
#include <stdexcept>

namespace dsw::cli {

int cmd_convert(const Argv& argv) {
  Args args(argv, {}, {"target-arch", "experts", "top-k", "segments", "shared-experts", "dense-layers", "router", "router-std", "reinit", "seed",
                       "dtype"});
  if (args.positional().size() != 2) throw std::invalid_argument("expected MODEL and OUT");
  const std::string in = args.positional()[0], out = args.positional()[1];
  std::optional<DType> dtype;
  if (auto d = args.get("dtype")) {
    dtype = dtype_from_name(*d);
    if (!dtype || (*dtype != DType::f32 && *dtype != DType::bf16 && *dtype != DType::f16))
      throw std::invalid_argument("--dtype must be f32, bf16 or f16");
  }
  auto target = args.get("target-arch");
  if (!target) {
    if (!dtype) throw std::invalid_argument("say --target-arch moe (upcycling) or --dtype f32|bf16|f16 (a dtype change)");
    ProgressBar bar("convert");
    Status s = convert_dtype(in, *dtype, out, bar.job());
    bar.finish();
    if (!s.is_ok()) return report(s);
    std::printf("wrote %s (%s)\n", out.c_str(), std::string(dtype_name(*dtype)).c_str());
    return 0;
  }
  if (*target != "moe") throw std::invalid_argument("--target-arch: only moe (dense llama/qwen2 -> DeepSeek-MoE) is supported");
  UpcycleOptions o;
  o.experts = args.get_int("experts", o.experts, 2, 256);
  o.top_k = args.get_int("top-k", o.top_k, 1, 256);
  o.segments = args.get_int("segments", o.segments, 1, 1 << 20);
  o.shared_experts = args.get_int("shared-experts", o.shared_experts, 0, 64);
  o.dense_layers = args.get_int("dense-layers", o.dense_layers, 0, 1 << 20);
  o.router_std = args.get_double("router-std", o.router_std, 0, 10);
  o.reinit = args.get_double("reinit", o.reinit, 0, 1);
  o.seed = uint64_t(args.get_int("seed", int64_t(o.seed), 0, INT64_MAX));
  o.dtype = dtype;
  if (auto r = args.get("router")) {
    if (*r == "sigmoid") o.router = UpcycleRouter::sigmoid;
    else if (*r == "softmax") o.router = UpcycleRouter::softmax;
    else throw std::invalid_argument("--router must be sigmoid (V3 noaux_tc) or softmax (DeepSeek-MoE greedy)");
  }
  ProgressBar bar("upcycle");
  Status s = upcycle_to_moe(in, o, out, bar.job());
  bar.finish();
  if (!s.is_ok()) return report(s);
  std::printf("wrote %s (DeepSeek-MoE: %lld routed experts, top-%lld, %lld shared, %lld part(s) of the dense MLP, first %lld layer(s) dense)\n",
              out.c_str(), (long long)o.experts, (long long)o.top_k, (long long)o.shared_experts, (long long)o.segments,
              (long long)o.dense_layers);
  return 0;
}

}  // namespace dsw::cli
