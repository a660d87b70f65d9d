// dsw-cli: the command-line front of the DeepSeek Workbench engine.
#include "commands.h"
#include "common.h"

#include <dsw/build_info.h>
#include <dsw/log.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>

namespace dsw::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> list = {
      {"info", "info MODEL [--tokenizer PATH] [--json] [--config-only] [--tensors]",
       "architecture, parameters (total/active), layers, heads, experts, context, dtypes, files", cmd_info},
      {"tokenize", "tokenize TOKENIZER_OR_MODEL (--text S | --text-file F) [--no-special]",
       "print token ids separated by spaces", cmd_tokenize},
      {"detokenize", "detokenize TOKENIZER_OR_MODEL (--ids \"1 2 3\" | --ids-file F) [--skip-special]",
       "print the text of token ids", cmd_detokenize},
      {"hash", "hash MODEL [--json]", "SHA-256 of every weight file (streamed, with progress)", cmd_hash},
      {"generate",
       "generate MODEL (--prompt S | --chat S) [--system S] [--max-tokens N] [--temperature T] [--top-k K] [--top-p P] "
       "[--min-p P] [--repeat-penalty R] [--seed N] [--greedy] [--stop S]... [--threads N] [--adapter DIR] [--ctx N] [--show-probs] [--json]",
       "stream text from a model (an empty --prompt starts from BOS alone)", cmd_generate},
      {"perplexity", "perplexity MODEL --file F [--ctx N] [--stride N] [--threads N] [--token-nll OUT] [--json]",
       "perplexity over a text file: llama.cpp chunks, or HF sliding window with --stride", cmd_perplexity},
      {"make-model", "make-model (--arch A --preset NAME | --config config.json) --random [--seed S] [--dtype f32|bf16|f16] [--tokenizer PATH] OUT/ | --list",
       "write a random-weight checkpoint of a named real shape (untrained; for benchmarks and tests)", cmd_make_model},
      {"export-gguf", "export-gguf MODEL OUT.gguf [--type f16|bf16|q8_0|f32] [--name S] [--tokenizer PATH] [--no-tokenizer]",
       "write a dense llama/qwen2 model as GGUF for llama.cpp (Q8_0 rows not divisible by 32 fall back to F16)",
       cmd_export_gguf},
      {"quantize",
       "quantize MODEL OUT --method rtn|gptq [--bits 8|4] [--group 32|64|128|0] [--asym] [--mix q4_k_m] [--calib FILE] "
       "[--calib-samples N] [--calib-length N] [--damp F] [--block N] [--act-order] [--keep NAME]... [--no-head] [--embedding] "
       "[--no-attention] [--no-mlp] [--format gguf|safetensors] [--threads N] [--table]",
       "quantize weights (RTN or GPTQ; Q8_0 / Q4_0 / Q4_K_M-style GGUF, or a GPTQ-layout safetensors folder for any "
       "architecture) with a per-Linear report (OUT.quant.json)",
       cmd_quantize},
      {"bench",
       "bench MODEL [--suite speed|perplexity|diversity|quality|eval-split] [--reference BASE] [--run RUN_DIR] [--adapter DIR] [--prompt-tokens N] [--gen-tokens N] [--batch N] [--reps N] "
       "[--warmup N] [--sweep batch=N,...|prompt=N,...] [--file F --ctx N --stride N] [--samples N] [--threads N] "
       "[--db PATH] [--busy-timeout S] [--label S] [--no-store] [--no-hash] [--json]",
       "prefill/decode tokens/s, time to first token, latency p50/p95/p99, peak memory (median and spread, noisy flag); "
       "perplexity on a file or on a fine-tuning run's eval split; diversity of sampled continuations; sweeps; quality against a reference (delta PPL, KL, top-1, routing)",
       cmd_bench},
      {"attention",
       "attention MODEL (--prompt S | --prompt-file F) (--layer L [--head H]... [--top N] | --stats [--window L:H[:Q0-Q1[:K0-K1]]] "
       "[--overview L [--tiles N]]) [--adapter DIR] [--csv|--json]",
       "attention probabilities of a layer's heads; --stats: entropy, max logit, previous-token, distance, first-token, sink "
       "and (MLA) position share of every layer and head in one pass",
       cmd_attention},
      {"routing",
       "routing MODEL (--prompt S | --file F [--field NAME]) [--adapter DIR] [--ctx N] [--max-tokens N] [--scores] [--load-only] "
       "[--store [--db PATH] [--label S]] [--json|--csv [--kinds]]",
       "MoE routing per token and layer, expert load, co-activation, entropy, which experts take which kind of token "
       "(digits, operators, words, spaces/punctuation, code; --csv --kinds: the counts); --file runs a text or JSONL data set, --store keeps it",
       cmd_routing},
      {"compare-attention", "compare-attention A B (--prompt S | --prompt-file F) [--adapter DIR] [--adapter-b DIR] [--max-mb N] [--json|--csv]",
       "per-head Jensen-Shannon divergence between two models' attention on the same prompt (layer x head map); --adapter "
       "attaches a PEFT adapter to A, --adapter-b to B",
       cmd_compare_attention},
      {"compare-routing",
       "compare-routing A B (--prompt S | --file F [--field NAME]) [--adapter DIR] [--adapter-b DIR] [--ctx N] [--max-tokens N] "
       "[--json|--csv] | compare-routing run:ID run:ID [--db PATH] [--json|--csv]",
       "per-token top-k agreement (Jaccard), tokens routed differently, load shift, co-activation change, experts never hit; "
       "--adapter attaches a PEFT adapter to A, --adapter-b to B (A B can be the same model: base against base + adapter)",
       cmd_compare_routing},
      {"routing-runs", "routing-runs [--db PATH] (list | show ID [--csv] | export ID FILE.json|FILE.csv | delete ID)",
       "the data-set routing runs kept in the results database", cmd_routing_runs},
      {"serve",
       "serve MODEL [--port N] [--host H --api-key K] [--policy fcfs|longest_first|shortest_first] [--max-batch N] "
       "[--max-wait-ms N] [--max-tokens-in-flight N] [--prefill-chunk N] [--max-queue N] [--ctx N] [--http-threads N] "
       "[--default-max-tokens N] [--max-body BYTES] [--name ID] [--stats-every S] [--threads N] [--tokenizer PATH]",
       "OpenAI-compatible local server (/v1/completions, /v1/chat/completions, /v1/models, /health, /metrics, "
       "/admin/swap) with continuous batching; binds 127.0.0.1 unless given an API key",
       cmd_serve},
      {"loadtest",
       "loadtest URL (--prompts FILE | --prompt S...) [--concurrency N] [--requests M] [--max-tokens N] [--chat] "
       "[--temperature T] [--no-ignore-eos] [--model ID] [--api-key K] [--timeout S] [--max-seconds S] [--allow-remote] "
       "[--db PATH] [--label S] [--no-store] [--json]",
       "load an OpenAI-compatible server: requests/s, tokens/s, TTFT and latency percentiles, stored as a 'serve' "
       "benchmark row",
       cmd_loadtest},
      {"report", "report [--db PATH] (--runs ID... | --last N | --all) --out report.md|.csv|.json",
       "benchmark runs side by side with deltas, ratios and significance (first run = baseline)", cmd_report},
      {"store", "store [--db PATH] [--busy-timeout S] (list | jobs | export FILE | import FILE | check | delete ID)",
       "the results database shared with the workbench: list runs and jobs, move results, check integrity", cmd_store},
      {"finetune",
       "finetune MODEL --data F --out DIR [--config run.yaml|run.json] [--format text|prompt-response|chat] [--mode lora|full] "
       "[--targets q_proj,v_proj|all-linear] [--rank R] [--alpha A] [--rslora] [--dropout P] [--lr X] [--steps N] [--batch N] "
       "[--grad-accum N] [--seq-len N] [--warmup N] [--schedule cosine|linear|constant] [--seed S] [--checkpoint-every N] "
       "[--eval-every N] [--gradient-checkpointing] [--resume] [--fused-experts] [--qat int4|int8] [--qat-group G] [--aux-loss A] [--bias-update G] [--router-lr-scale X] [--moe-only] "
       "[--router-noise S] [--router-noise-steps N] [--dry-run] [--export-job DIR] [--db PATH]",
       "LoRA or full fine-tuning on the CPU; checkpoints, resume, PEFT adapter; --config: the same keys as YAML (.yaml/.yml) or "
       "JSON, flags override it (docs/training.md); --export-job writes a torchrun project", cmd_finetune},
      {"merge", "merge MODEL ADAPTER OUT", "merge a PEFT LoRA adapter into the base weights as a new model folder", cmd_merge},
      {"convert",
       "convert MODEL OUT (--target-arch moe [--experts N] [--top-k K] [--segments M] [--shared-experts S] [--dense-layers D] "
       "[--router sigmoid|softmax] [--router-std X] [--reinit P] [--seed S] | --dtype f32|bf16|f16)",
       "a new version of a model: dense llama/qwen2 upcycled to DeepSeek-MoE (same logits at step 0), or another stored dtype",
       cmd_convert},
      {"import-run", "import-run DIR [--db PATH]", "record an exported job's trainer_state.json metrics and adapter in the store",
       cmd_import_run},
      {"logits", "logits MODEL --ids \"1 2 3\" --out F.safetensors [--adapter DIR] [--threads N]",
       "logits of one sequence (optionally with a PEFT adapter) as safetensors, for comparisons", cmd_logits},
      {"devices", "devices [--json] [--bandwidth]", "list the CPU and CUDA devices with memory; --bandwidth measures host memory bandwidth", cmd_devices},
  };
  return list;
}

namespace {

void print_help() {
  std::printf("dsw-cli %s — DeepSeek Workbench engine on the command line\n\nUsage: dsw-cli COMMAND [ARGS]\n\n",
              std::string(build_version()).c_str());
  for (auto& c : commands()) std::printf("  %-12s %s\n  %-12s   %s\n", c.name, c.summary, "", c.usage);
  std::printf("\nMODEL is a Hugging Face folder, a .safetensors file with config.json beside it, a .gguf file or a\n"
              "llama2.c .bin (with --tokenizer). Ctrl-C cancels a running job cleanly.\n");
}

void install_log_sink(bool verbose) {
  auto logger = spdlog::stderr_color_mt("dsw");
  logger->set_pattern("%^[%l]%$ %v");
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  set_log_level(verbose ? LogLevel::debug : LogLevel::warn);
  set_log_sink([logger](LogLevel level, std::string_view msg) {
    switch (level) {
      case LogLevel::trace: logger->trace("{}", msg); break;
      case LogLevel::debug: logger->debug("{}", msg); break;
      case LogLevel::info: logger->info("{}", msg); break;
      case LogLevel::warn: logger->warn("{}", msg); break;
      case LogLevel::error: logger->error("{}", msg); break;
    }
  });
}

}  // namespace
}  // namespace dsw::cli

int main(int argc, char** argv) {
  using namespace dsw::cli;
  install_signal_handlers();
  std::vector<std::string> args(argv + 1, argv + argc);
  bool verbose = false;
  if (!args.empty() && (args[0] == "-v" || args[0] == "--verbose")) {
    verbose = true;
    args.erase(args.begin());
  }
  install_log_sink(verbose);
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    print_help();
    return args.empty() ? kExitUsage : 0;
  }
  if (args[0] == "--version") {
    std::printf("dsw-cli %s (%s)\n", std::string(dsw::build_version()).c_str(), std::string(dsw::build_commit()).c_str());
    return 0;
  }
  for (auto& c : commands()) {
    if (args[0] != c.name) continue;
    Argv rest(args.begin() + 1, args.end());
    if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) {
      std::printf("Usage: dsw-cli %s\n%s\n", c.usage, c.summary);
      return 0;
    }
    try {
      return c.run(rest);
    } catch (const std::invalid_argument& e) {
      std::fprintf(stderr, "dsw-cli %s: %s\nUsage: dsw-cli %s\n", c.name, e.what(), c.usage);
      return kExitUsage;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "dsw-cli %s: internal error: %s\n", c.name, e.what());
      return kExitError;
    }
  }
  std::fprintf(stderr, "dsw-cli: unknown command '%s' (try dsw-cli help)\n", args[0].c_str());
  return kExitUsage;
}
