// dsw-cli generate: stream a completion or a chat reply from a model.
#include "args.h"
#include "commands.h"
#include "common.h"
#include "model_loader.h"

#include <dsw/chat_template.h>
#include <dsw/generate.h>
#include <dsw/runner.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <optional>

namespace dsw::cli {

int cmd_generate(const Argv& argv) {
  std::set<std::string> options = {"prompt", "chat", "system", "max-tokens", "temperature", "top-k", "top-p", "min-p",
                                   "repeat-penalty", "seed", "ctx", "stop", "template"};
  options.insert(model_options().begin(), model_options().end());
  Args args(argv, {"greedy", "show-probs", "json", "no-stream"}, options);
  if (args.positional().size() != 1) throw std::invalid_argument("expected one MODEL");
  if (args.has("prompt") == args.has("chat")) throw std::invalid_argument("give exactly one of --prompt or --chat");

  // Defaults are the engine's (dsw/sampling.h, dsw/generate.h), shared with the workbench.
  const GenerateOptions defaults;
  const SamplingParams& sd = defaults.sampling;
  GenerateOptions go;
  go.max_tokens = args.get_int("max-tokens", defaults.max_tokens, 0, 1 << 20);
  go.sampling.greedy = args.flag("greedy");
  go.sampling.temperature = float(args.get_double("temperature", sd.temperature, 0.0, 100.0));
  go.sampling.top_k = int32_t(args.get_int("top-k", sd.top_k, 0, 1 << 24));
  go.sampling.top_p = float(args.get_double("top-p", sd.top_p, 0.0, 1.0));
  go.sampling.min_p = float(args.get_double("min-p", sd.min_p, 0.0, 1.0));
  go.sampling.repetition_penalty = float(args.get_double("repeat-penalty", sd.repetition_penalty, 0.01, 100.0));
  go.sampling.seed = uint64_t(args.get_int("seed", int64_t(sd.seed), 0, INT64_MAX));
  go.stop_strings = args.get_all("stop");
  go.top_alternatives = args.flag("show-probs") || args.flag("json") ? 5 : 0;

  auto opened = open_runner(args.positional()[0], args, true, args.get_int("ctx", 0, 0, 1 << 24));
  if (!opened.is_ok()) return report(opened.status());
  Runner& runner = **opened;
  const Tokenizer& tok = *runner.tokenizer();

  JobContext job;  // Ctrl-C stops tokenizing a long prompt as well as generating
  job.cancel = &cancel_flag();
  Result<std::vector<int32_t>> prompt = std::vector<int32_t>{};
  if (auto text = args.get("prompt")) {
    prompt = runner.text_prompt(*text, &job);
  } else {
    std::optional<ChatFamily> family;
    if (auto t = args.get("template")) {
      family = chat_family_from_name(*t);
      if (!family) throw std::invalid_argument("--template: unknown family '" + *t + "'");
    }
    std::vector<ChatMessage> messages;
    if (auto s = args.get("system")) messages.push_back({"system", *s});
    messages.push_back({"user", *args.get("chat")});
    prompt = runner.chat_prompt(messages, family, &job);
  }
  if (!prompt.is_ok()) return report(prompt.status());

  const bool json = args.flag("json"), stream = !json && !args.flag("no-stream"), show = args.flag("show-probs");
  nlohmann::json tokens_json = nlohmann::json::array();
  auto on_token = [&](const GeneratedToken& g) {
    if (stream) {
      std::fputs(g.text.c_str(), stdout);
      std::fflush(stdout);
    }
    if (g.id >= 0 && (json || show)) {
      nlohmann::json alts = nlohmann::json::array();
      for (auto& [id, p] : g.probs.top) alts.push_back({{"id", id}, {"text", utf8_lossy(tok.token_bytes(id))}, {"prob", p}});
      tokens_json.push_back({{"id", g.id}, {"text", utf8_lossy(tok.token_bytes(g.id))}, {"prob", g.probs.prob}, {"top", alts}});
    }
    return true;
  };
  auto result = runner.generate(*prompt, go, on_token, job);
  if (!result.is_ok()) return report(result.status());
  const auto& r = *result;
  const double decode_tps = r.token_latencies.empty() ? 0 : double(r.token_latencies.size()) / (r.decode_seconds > 0 ? r.decode_seconds : 1);
  if (json) {
    nlohmann::json j = {{"text", r.text}, {"stop_reason", stop_reason_name(r.reason)}, {"prompt_tokens", r.prompt_tokens},
                        {"generated_tokens", r.tokens.size()}, {"prompt_ids", *prompt}, {"token_ids", r.tokens}, {"prefill_seconds", r.prefill_seconds},
                        {"time_to_first_token", r.time_to_first_token}, {"decode_tokens_per_s", decode_tps},
                        {"seed", r.seed}, {"tokens", tokens_json}};
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    if (stream) std::printf("\n");
    if (show)
      for (auto& t : tokens_json) std::fprintf(stderr, "%6d p=%.4f %s\n", t["id"].get<int>(), t["prob"].get<double>(), t["text"].dump().c_str());
    std::fprintf(stderr, "[%zu tokens, %s, prompt %lld tokens in %.3f s, %.2f tokens/s decode, seed %llu]\n", r.tokens.size(),
                 std::string(stop_reason_name(r.reason)).c_str(), (long long)r.prompt_tokens, r.prefill_seconds, decode_tps,
                 (unsigned long long)r.seed);
  }
  return r.reason == StopReason::cancelled ? kExitCancelled : 0;
}

}  // namespace dsw::cli
