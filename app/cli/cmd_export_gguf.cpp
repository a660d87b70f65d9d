// dsw-cli export-gguf: write a dense llama/qwen2 model as a GGUF file for llama.cpp.
#include "args.h"
#include "commands.h"
#include "common.h"

#include <dsw/gguf_export.h>
#include <dsw/model_files.h>

#include <cstdio>

namespace dsw::cli {

int cmd_export_gguf(const Argv& argv) {
  Args args(argv, {"no-tokenizer"}, {"type", "name", "tokenizer"});
  if (args.positional().size() != 2) throw std::invalid_argument("expected MODEL and OUT.gguf");
  GgufExportOptions o;
  const std::string type = args.get_or("type", "f16");
  auto t = gguf_export_type_from_name(type);
  if (!t) throw std::invalid_argument("--type must be f32, f16, bf16 or q8_0, not '" + type + "'");
  o.type = *t;
  o.name = args.get_or("name", "");
  o.include_tokenizer = !args.flag("no-tokenizer");

  OpenModelOptions open;
  if (auto tok = args.get("tokenizer")) open.tokenizer = *tok;
  auto files = open_model(args.positional()[0], open);
  if (!files.is_ok()) return report(files.status());

  ProgressBar bar("export");
  auto r = export_gguf(*files, args.positional()[1], o, bar.job());
  bar.finish();
  if (!r.is_ok()) return report(r.status());
  std::printf("wrote %s: %s, %lld tensors, %s (general.file_type %u), vocabulary: %s%s%s%s\n", r->path.string().c_str(),
              human_bytes(double(r->bytes)).c_str(), (long long)r->tensor_count, std::string(gguf_export_type_name(o.type)).c_str(),
              r->file_type, r->tokenizer_kind.c_str(), r->tokenizer_pre.empty() ? "" : " (pre ", r->tokenizer_pre.c_str(),
              r->tokenizer_pre.empty() ? "" : ")");
  if (r->qk_permuted) std::printf("q/k rows permuted from the HF half layout for llama.cpp's interleaved rope\n");
  if (!r->fallbacks.empty()) {
    std::printf("%zu tensors written as F16 instead of Q8_0 (rows not a multiple of 32):\n", r->fallbacks.size());
    for (const auto& f : r->fallbacks) std::printf("  %-32s row length %lld\n", f.tensor.c_str(), (long long)f.row_length);
  }
  return 0;
}

}  // namespace dsw::cli
