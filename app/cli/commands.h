// The dsw-cli subcommands; each takes the arguments after its name and returns an exit code.
#pragma once

#include <string>
#include <vector>

namespace dsw::cli {

using Argv = std::vector<std::string>;

struct Command {
  const char* name;
  const char* usage;    // one line: "info MODEL [--json] [--config-only] [--tensors]"
  const char* summary;  // what it does
  int (*run)(const Argv& args);
};

// Every command, in the order `dsw-cli help` lists them.
const std::vector<Command>& commands();

int cmd_info(const Argv& args);
int cmd_tokenize(const Argv& args);
int cmd_detokenize(const Argv& args);
int cmd_hash(const Argv& args);
int cmd_devices(const Argv& args);
int cmd_generate(const Argv& args);
int cmd_perplexity(const Argv& args);
int cmd_make_model(const Argv& args);
int cmd_export_gguf(const Argv& args);
int cmd_quantize(const Argv& args);
int cmd_bench(const Argv& args);
int cmd_attention(const Argv& args);
int cmd_routing(const Argv& args);
int cmd_compare_attention(const Argv& args);
int cmd_compare_routing(const Argv& args);
int cmd_routing_runs(const Argv& args);
int cmd_report(const Argv& args);
int cmd_store(const Argv& args);
int cmd_finetune(const Argv& args);
int cmd_merge(const Argv& args);
int cmd_convert(const Argv& args);
int cmd_import_run(const Argv& args);
int cmd_logits(const Argv& args);
int cmd_serve(const Argv& args);
int cmd_loadtest(const Argv& args);

}  // namespace dsw::cli
