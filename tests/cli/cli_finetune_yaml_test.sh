#!/usr/bin/env bash
# dsw-cli finetune --config run.yaml gives the run --config run.json gives: a short LoRA run on
# stories260K over GSM8K rows, the same keys in both files, the same losses at every step and the
# same adapter bytes; a malformed YAML config is refused naming the file and line, nothing written.
#   cli_finetune_yaml_test.sh DSW_CLI DSW_DATA_DIR      (exit 77 without the data)
set -u
cli=$1 data=$2
model=$data/models/stories260K-hf rows=$data/eval/gsm8k/train.jsonl
if [[ ! -d $model || ! -f $rows ]]; then echo "SKIP: $model or $rows missing"; exit 77; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; sed 's/^/    /' "$tmp/err" 2> /dev/null | tail -5; }

cat > "$tmp/run.json" << EOF
{"model": "$model", "output_dir": "$tmp/from-json", "mode": "lora",
 "lora": {"target_modules": ["q_proj", "v_proj", "down_proj"], "rank": 4, "alpha": 8, "dropout": 0.0},
 "optimizer": {"lr": 2e-3, "schedule": "cosine", "warmup_steps": 1, "weight_decay": 0.01},
 "data": {"path": "$rows", "format": "prompt_response", "prompt_field": "question", "response_field": "answer",
          "seq_len": 128, "max_examples": 16, "eval_fraction": 0.25},
 "steps": 4, "micro_batch": 2, "grad_accum": 1, "seed": 7, "log_every": 1, "eval_every": 2, "threads": 2}
EOF
cat > "$tmp/run.yaml" << EOF
# The run of run.json, written as researchers write configs.
model: $model
output_dir: "$tmp/from-yaml"
mode: lora
lora:
  target_modules: [q_proj, v_proj, down_proj]
  rank: 4
  alpha: 8
  dropout: 0.0
optimizer:
  lr: 2e-3          # a number, as in JSON
  schedule: cosine
  warmup_steps: 1
  weight_decay: 0.01
data:
  path: '$rows'
  format: prompt_response
  prompt_field: question
  response_field: answer
  seq_len: 128
  max_examples: 16
  eval_fraction: 0.25
steps: 4
micro_batch: 2
grad_accum: 1
seed: 7
log_every: 1
eval_every: 2
threads: 2
EOF

for kind in json yaml; do
  if "$cli" finetune --config "$tmp/run.$kind" --no-store > "$tmp/$kind.out" 2> "$tmp/err"; then ok "finetune_$kind"; else ko "finetune_$kind"; fi
  grep -Eo '^step +[0-9]+/[0-9]+ +loss [0-9.]+' "$tmp/$kind.out" > "$tmp/$kind.losses"
done
if [[ $(wc -l < "$tmp/json.losses") == 4 ]]; then ok four_steps_logged; else ko four_steps_logged; cat "$tmp/json.out"; fi
if diff "$tmp/json.losses" "$tmp/yaml.losses"; then ok same_losses; else ko same_losses; fi
if cmp -s "$tmp/from-json/adapter/adapter_model.safetensors" "$tmp/from-yaml/adapter/adapter_model.safetensors"; then
  ok same_adapter
else
  ko same_adapter
fi

# A malformed YAML config: refused before anything runs (exit 2, as for bad arguments), the message names the file and the line.
printf 'model: %s\nlora:\n  rank: 4\n  rank: 8\n' "$model" > "$tmp/dup.yml"
"$cli" finetune --config "$tmp/dup.yml" --no-store > /dev/null 2> "$tmp/err"; rc=$?
if [[ $rc == 2 ]] && grep -q "dup.yml:4: duplicate key 'rank' (first at line 3)" "$tmp/err"; then ok refuses_duplicate; else echo "    exit $rc"; ko refuses_duplicate; fi

echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
