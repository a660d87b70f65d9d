// dsw-cli perplexity: PPL of a model over a text file (llama.cpp chunks, or HF sliding window
// with --stride). The last line is "PPL = <value>".
#include "args.h"
#include "commands.h"
#include "common.h"
#include "model_loader.h"

#include <dsw/perplexity.h>
#include <dsw/text_input.h>

#include "nlohmann/json.hpp"

#include <cstdio>

namespace dsw::cli {

int cmd_perplexity(const Argv& argv) {
  std::set<std::string> options = {"file", "ctx", "stride", "max-tokens", "token-nll"};
  options.insert(model_options().begin(), model_options().end());
  Args args(argv, {"json", "no-bos"}, options);
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  auto file = args.get("file");
  if (!file) throw std::invalid_argument("--file is required");
  auto read = read_text_input(*file);
  if (!read.is_ok()) return report(read.status());
  const std::string text = std::move(read).value();

  auto runner = open_runner(args.positional()[0], args, true);
  if (!runner.is_ok()) return report(runner.status());
  const Tokenizer& tok = *(*runner)->tokenizer();
  auto ids = tok.encode(text, {.add_special = !args.flag("no-bos"), .parse_special = false});
  if (!ids.is_ok()) return report(ids.status());
  std::vector<int32_t> tokens = std::move(ids).value();
  if (auto max = args.get("max-tokens")) tokens.resize(std::min<size_t>(tokens.size(), size_t(args.get_int("max-tokens", 0, 2, INT32_MAX))));

  PerplexityOptions po;
  po.ctx = args.get_int("ctx", 512, 2, (*runner)->model()->config().max_position_embeddings);
  if (args.has("stride")) {
    po.mode = PerplexityMode::sliding;
    po.stride = args.get_int("stride", 0, 1, po.ctx);
  } else if (!args.flag("no-bos") && tok.adds_bos() && tok.bos_id()) {
    po.bos = *tok.bos_id();
  }
  po.keep_token_nll = args.has("token-nll");
  auto session = Session::create((*runner)->model(), {.n_ctx = po.ctx, .n_seq = 1, .n_batch = std::min<int64_t>(po.ctx, 512)});
  if (!session.is_ok()) return report(session.status());
  ProgressBar bar("perplexity");
  auto r = perplexity(**session, tokens, po, bar.job());
  bar.finish();
  if (!r.is_ok()) return report(r.status());
  if (auto path = args.get("token-nll")) {  // "index token nll" per scored token (compare with another engine)
    std::string out;
    char line[96];
    for (const ScoredToken& t : r->scored) {
      std::snprintf(line, sizeof line, "%lld %d %.17g\n", (long long)t.index, tokens[size_t(t.index)], t.nll);
      out += line;
    }
    const std::string tmp = *path + ".partial";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    const bool ok = f && std::fwrite(out.data(), 1, out.size(), f) == out.size();
    if ((f && std::fclose(f) != 0) || !ok || std::rename(tmp.c_str(), path->c_str()) != 0) {
      std::remove(tmp.c_str());
      std::fprintf(stderr, "error: %s: cannot write the per-token NLLs\n", path->c_str());
      return 1;
    }
  }
  const char* mode = po.mode == PerplexityMode::chunks ? "chunks (llama.cpp)" : "sliding (HF)";
  if (args.flag("json")) {
    nlohmann::json j = {{"ppl", r->ppl}, {"mean_nll", r->mean_nll}, {"nll_stderr", r->nll_stderr}, {"tokens_scored", r->tokens_scored},
                        {"windows", r->windows}, {"input_tokens", r->input_tokens}, {"ctx", po.ctx}, {"stride", po.stride},
                        {"mode", mode}, {"tokenizer", (*runner)->tokenizer_path()}, {"file", *file}};
    std::printf("%s\n", j.dump(2).c_str());
  }
  std::printf("tokenizer       %s (%s)\n", (*runner)->tokenizer_path().c_str(), std::string(tokenizer_kind_name(tok.kind())).c_str());
  std::printf("mode            %s, ctx %lld%s\n", mode, (long long)po.ctx,
              po.mode == PerplexityMode::sliding ? (", stride " + std::to_string(po.stride)).c_str() : "");
  std::printf("tokens          %lld in the file, %lld scored in %lld windows\n", (long long)r->input_tokens,
              (long long)r->tokens_scored, (long long)r->windows);
  std::printf("mean NLL        %.6f (+/- %.6f)\n", r->mean_nll, r->nll_stderr);
  std::printf("PPL = %.4f\n", r->ppl);
  return 0;
}

}  // namespace dsw::cli
