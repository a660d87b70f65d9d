// dsw-cli quantize: RTN or GPTQ to 8 or 4 bits (or the Q4_K_M-style mix), written as GGUF, with a
// per-Linear report printed and saved beside the output (<OUT>.quant.json).
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/quantize.h>

#include <cstdio>
#include <map>

namespace dsw::cli {
namespace {

void print_report(const QuantizeReport& r, bool verbose) {
  std::printf("%s %s of %s: %s -> %s (%.2fx smaller) in %.1f s\n", r.method.c_str(), r.scheme.c_str(), r.model_path.c_str(),
              human_bytes(double(r.bytes_before)).c_str(), human_bytes(double(r.bytes_after)).c_str(),
              r.bytes_after ? double(r.bytes_before) / double(r.bytes_after) : 0.0, r.seconds);
  if (!r.calib_file.empty()) std::printf("calibration: %s, %lld tokens\n", r.calib_file.c_str(), (long long)r.calib_tokens);
  std::map<std::string, int> methods;
  for (const auto& l : r.linears) methods[l.method]++;
  std::printf("linears:");
  for (const auto& [m, n] : methods) std::printf(" %d %s;", n, m.c_str());
  std::printf("\n");
  for (const auto& f : r.type_fallbacks) std::printf("fallback: %s\n", f.c_str());
  if (!r.rtn_fallback_experts.empty()) {
    std::printf("%zu experts had no calibration tokens (RTN):", r.rtn_fallback_experts.size());
    for (const auto& e : r.rtn_fallback_experts) std::printf(" [%s]", e.c_str());
    std::printf("\n");
  }
  if (verbose) {
    std::printf("%-48s %-18s %-26s %8s %10s %10s\n", "linear", "scheme", "method", "tokens", "w err", "out err");
    for (const auto& l : r.linears)
      std::printf("%-48s %-18s %-26s %8lld %10.5f %10s\n", l.name.c_str(), l.scheme.c_str(), l.method.c_str(), (long long)l.tokens,
                  l.weight_error, l.output_error < 0 ? "-" : std::to_string(l.output_error).substr(0, 8).c_str());
  }
  if (!r.output_path.empty())
    std::printf("wrote %s (%s, %s)\n", r.output_path.c_str(), r.output_format.c_str(), human_bytes(double(r.output_bytes)).c_str());
}

}  // namespace

int cmd_quantize(const Argv& argv) {
  Args args(argv, {"act-order", "asym", "awq", "no-head", "embedding", "no-attention", "no-mlp", "table"},
            {"method", "bits", "group", "calib", "calib-samples", "calib-length", "seed", "damp", "block", "format", "mix", "keep",
             "threads", "tokenizer"});
  if (args.positional().size() != 2) throw std::invalid_argument("expected MODEL and OUT");
  QuantizeJobRequest r;
  r.model = args.positional()[0];
  r.out = args.positional()[1];
  QuantizeOptions& o = r.options;
  const std::string method = args.get_or("method", "rtn");
  auto m = quant_method_from_name(method);
  if (!m) throw std::invalid_argument("--method must be rtn or gptq, not '" + method + "'");
  o.method = *m;
  o.bits = int(args.get_int("bits", 4, INT32_MIN, INT32_MAX));
  o.group = args.get_int("group", 32, INT32_MIN, INT32_MAX);
  o.symmetric = !args.flag("asym");
  o.mix = args.get_or("mix", "");
  if (auto c = args.get("calib")) o.calib_file = *c;
  o.calib_samples = args.get_int("calib-samples", o.calib_samples, INT32_MIN, INT32_MAX);
  o.calib_length = args.get_int("calib-length", o.calib_length, INT32_MIN, INT32_MAX);
  o.seed = uint64_t(args.get_int("seed", 1, 0, INT64_MAX));
  o.damp = args.get_double("damp", o.damp, -1e9, 1e9);
  o.block_size = args.get_int("block", o.block_size, INT32_MIN, INT32_MAX);
  o.act_order = args.flag("act-order");
  o.awq = args.flag("awq");
  o.head = !args.flag("no-head");
  o.embedding = args.flag("embedding");
  o.attention = !args.flag("no-attention");
  o.mlp = !args.flag("no-mlp");
  o.keep = args.get_all("keep");
  o.n_threads = int(args.get_int("threads", 0, 0, 4096));
  const std::string format = args.get_or("format", "gguf");
  auto f = quant_format_from_name(format);
  if (!f) throw std::invalid_argument("--format must be gguf or safetensors, not '" + format + "'");
  r.format = *f;
  if (auto t = args.get("tokenizer")) r.tokenizer = *t;

  ProgressBar bar("quantize");
  auto rep = run_quantize_job(r, bar.job());
  bar.finish();
  if (!rep.is_ok()) return report(rep.status());
  print_report(*rep, args.flag("table"));
  return 0;
}

}  // namespace dsw::cli
