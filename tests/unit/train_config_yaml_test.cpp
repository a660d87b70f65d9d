// YAML run configs (dsw-cli finetune --config run.yaml): the YAML subset reader gives the JSON
// reader's value for the same document — every key a config accepts, with the JSON path's number,
// string and boolean types — and the config then goes through the one validator. Malformed YAML
// is the corpus in tests/data/malformed/yaml (one CTest case each).
#include "check.h"

#include "core/error.h"
#include "core/json_strict.h"
#include "core/yaml_subset.h"

#include <dsw/train.h>

#include <fstream>

using nlohmann::json;

namespace {

// Every key of train_config_to_json, none at its default.
const char* kJson = R"({
  "model": "models/stories260K-hf",
  "output_dir": "runs/yaml test",
  "mode": "full",
  "lora": {"target_modules": ["q_proj", "v_proj", "experts.*.down_proj"], "exclude_modules": ["layers.0.self_attn.q_proj"],
           "target_router": true, "rank": 16, "alpha": 32, "use_rslora": true, "dropout": 0.05, "init": "gaussian"},
  "optimizer": {"lr": 2e-4, "beta1": 0.85, "beta2": 0.98, "eps": 1e-6, "weight_decay": 0.1, "schedule": "linear",
                "warmup_steps": 10, "max_grad_norm": 0.5},
  "data": {"path": "data/train: part 1.jsonl", "format": "chat", "text_field": "body", "prompt_field": "question",
           "response_field": "answer", "messages_field": "conversation", "seq_len": 512, "max_examples": 1000,
           "eval_fraction": 0.1, "eval_max_rows": 64, "chat_template": "chatml"},
  "qat": {"bits": 4, "group": 32},
  "steps": 200, "micro_batch": 4, "grad_accum": 2, "seed": 1234, "gradient_checkpointing": true,
  "moe_aux_loss_alpha": 0.001, "moe_seq_aux": true, "v3_bias_update_rate": 0.0005, "log_every": 5,
  "eval_every": 50, "checkpoint_every": 25, "keep_checkpoints": 3, "resume": true, "threads": 2,
  "memory_limit_bytes": 8000000000, "count_unshifted_targets": true, "save_fused_experts": true
})";

// The same document in the YAML styles a researcher writes: comments, block and flow sequences,
// quoted and plain strings, a list at the key's own indentation.
const char* kYaml = R"(# A LoRA run on stories260K
---
model: models/stories260K-hf
output_dir: "runs/yaml test"   # quoted: a space inside
mode: full
lora:
  target_modules: [q_proj, "v_proj", 'experts.*.down_proj']
  exclude_modules:
  - layers.0.self_attn.q_proj
  target_router: true
  rank: 16
  alpha: 32
  use_rslora: True
  dropout: 0.05
  init: gaussian

optimizer:
  lr: 2e-4
  beta1: 0.85
  beta2: 0.98
  eps: 1.0e-6
  weight_decay: 0.1
  schedule: linear
  warmup_steps: 10
  max_grad_norm: .5
data:
    path: 'data/train: part 1.jsonl'
    format: chat
    text_field: body
    prompt_field: question
    response_field: answer
    messages_field: conversation
    seq_len: 512
    max_examples: 1000
    eval_fraction: 0.1
    eval_max_rows: 64
    chat_template: chatml
qat:
  bits: 4
  group: 32
steps: 200
micro_batch: 4
grad_accum: 2
seed: 1234
gradient_checkpointing: true
moe_aux_loss_alpha: 0.001
moe_seq_aux: true
v3_bias_update_rate: 5e-4
log_every: 5
eval_every: 50
checkpoint_every: 25
keep_checkpoints: 3
resume: true
threads: 2
memory_limit_bytes: 8000000000
count_unshifted_targets: true
save_fused_experts: true
)";

std::filesystem::path write(const std::string& name, const std::string& text) {
  auto p = dsw::test::temp_dir() / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

std::string error_of(const std::string& yaml) {
  try {
    dsw::parse_yaml_subset(yaml, "t.yaml");
  } catch (const dsw::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

DSW_TEST(yaml_gives_the_json_value) {
  json from_json = dsw::parse_json_strict(kJson, "t.json");
  json from_yaml = dsw::parse_yaml_subset(kYaml, "t.yaml");
  CHECK_EQ(from_yaml.dump(), from_json.dump());
  // Types as the JSON reader gives them, not only equal values.
  CHECK(from_yaml["optimizer"]["lr"].is_number_float());
  CHECK(from_yaml["lora"]["rank"].is_number_unsigned());
  CHECK(from_yaml["lora"]["alpha"].is_number_unsigned());
  CHECK(from_yaml["memory_limit_bytes"].is_number_unsigned());
  CHECK(from_yaml["lora"]["target_modules"][0].is_string());
}

DSW_TEST(yaml_and_json_files_give_the_same_config) {
  auto j = dsw::train_config_from_file(write("run.json", kJson));
  auto y = dsw::train_config_from_file(write("run.yaml", kYaml));
  auto y2 = dsw::train_config_from_file(write("run.YML", kYaml));
  REQUIRE_OK(j);
  REQUIRE_OK(y);
  REQUIRE_OK(y2);
  CHECK_EQ(dsw::train_config_to_json(*y), dsw::train_config_to_json(*j));
  CHECK_EQ(dsw::train_config_to_json(*y2), dsw::train_config_to_json(*j));
  CHECK_EQ(y->lora.rank, 16);
  CHECK_NEAR(y->optim.lr, 2e-4, 0);
}

DSW_TEST(yaml_types_match_the_json_path) {
  json v = dsw::parse_yaml_subset("a: 2e-4\nb: \"q_proj\"\nc: '8'\nd: 8\ne: -3\nf: ~\ng:\nh: false\ni: 1.5e+3\nj: q_proj # c\nk: x#y\n", "t.yaml");
  CHECK(v["a"].is_number_float());
  CHECK_NEAR(v["a"].get<double>(), 2e-4, 0);
  CHECK(v["b"] == "q_proj");
  CHECK(v["c"] == "8");  // quoted: a string, so "rank: '8'" is refused as JSON's "8" is
  CHECK(v["d"].is_number_unsigned());
  CHECK(v["e"].is_number_integer() && v["e"].get<int>() == -3);
  CHECK(v["f"].is_null() && v["g"].is_null());
  CHECK(v["h"] == false);
  CHECK_NEAR(v["i"].get<double>(), 1500, 0);
  CHECK(v["j"] == "q_proj");
  CHECK(v["k"] == "x#y");
  auto r = dsw::train_config_from_yaml("lora:\n  rank: '8'\n", "q.yaml");
  REQUIRE(!r.is_ok());
  CHECK_EQ(r.status().message(), std::string("q.yaml.lora: 'rank' must be a number"));
}

DSW_TEST(yaml_nested_sequences_and_escapes) {
  json v = dsw::parse_yaml_subset("- - a\n  - [b, [c]]\n- k: 1\n  l: [x, \"y\\u00e9\\n\", 'it''s']\n-\n  deep\n", "t.yaml");
  CHECK_EQ(v.dump(), json::parse(R"([["a", ["b", ["c"]]], {"k": 1, "l": ["x", "yé\n", "it's"]}, "deep"])").dump());
  CHECK(dsw::parse_yaml_subset("# only a comment\n", "t.yaml").is_null());
}

DSW_TEST(yaml_refusals_name_file_and_line) {
  CHECK_EQ(error_of("a: 1\nb: &x 2\n"), std::string("t.yaml:2: anchors (&name) are not supported"));
  CHECK_EQ(error_of("a: 1\nb:\n  c: 1\n  c: 2\n"), std::string("t.yaml:4: duplicate key 'c' (first at line 3)"));
  CHECK_EQ(error_of("a: 1\n---\nb: 2\n"), std::string("t.yaml:2: multiple documents (---) are not supported: a config is one document"));
  CHECK(error_of("a: b: c\n").find("t.yaml:1: a mapping inside a value") == 0);
  CHECK(error_of("a: [b: c]\n").find("t.yaml:1: flow mappings") == 0);
  CHECK(error_of("a: plain\n  continued\n").find("t.yaml:2: unexpected indentation") == 0);
  CHECK(error_of("a: !!str 5\n").find("t.yaml:1: tags") == 0);
  CHECK(error_of("a: *ref\n").find("t.yaml:1: aliases") == 0);
  CHECK(error_of("a: >\n  folded\n").find("t.yaml:1: block scalars") == 0);
  CHECK(error_of("a: On\n").find("t.yaml:1: 'On' is a boolean") == 0);
  CHECK(error_of("a: \"x\" y\n").find("t.yaml:1: unexpected text after the value") == 0);
  CHECK(error_of("a: -.inf\n").find("t.yaml:1: '-.inf'") == 0);
  CHECK(error_of("a: 1e999\n").find("t.yaml:1: '1e999': number out of range") == 0);
  // Nesting is bounded before recursion can exhaust the stack.
  CHECK(error_of("a: " + std::string(10000, '[')).find("nesting deeper than 32 levels") != std::string::npos);
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += std::string(i, ' ') + "k:\n";
  CHECK(error_of(deep).find("nesting deeper than 32 levels") != std::string::npos);
}
