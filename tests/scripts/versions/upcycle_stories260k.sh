#!/usr/bin/env bash
# V1 -> V2 on a real trained model (docs/versions.md, "V2: upcycled mixture of experts"), with the
# three checks run after a conversion: attention consistency against the dense parent, the gradient
# monitor of the training run, distinct-n of generations; plus routing and perplexity.
#
#   tests/scripts/versions/upcycle_stories260k.sh BUILD_DIR DATA_DIR WORK_DIR
#
# Parent: stories260K (models/stories260K-hf). Upcycled: dsw-cli convert --target-arch moe --experts 8
# --top-k 2 --segments 2 --shared-experts 1 (half the MLP shared, 8 copies of the other half routed,
# V3 sigmoid router, rows N(0, 0.3²), seed 1). Training text: the parent's own samples (WORK_DIR/self.jsonl
# from qat_stories260k.sh with the same WORK_DIR, or made here the same way). Both the MoE and, as the
# control, the dense parent get 100 full fine-tuning steps of 8 x 256 tokens, lr 3e-4, 10 warm-up
# steps, cosine, V3 bias update 1e-3 (MoE), seed 1, 2 threads. Evaluation text: the TinyStories excerpt.
# Writes WORK_DIR/checks.json and prints it.
set -euo pipefail
[[ $# == 3 ]] || { sed -n 2,14p "$0"; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
cli="$(cd "$1" && pwd)/app/cli/dsw-cli"
data="$2"; work="$3"
parent="$data/models/stories260K-hf"
text="$data/eval/tinystories/TinyStories-valid.first22stories.txt"
mkdir -p "$work"

if [[ ! -s "$work/self.jsonl" ]]; then
  for s in $(seq 1 200); do
    "$cli" generate "$parent" --prompt "" --max-tokens 256 --temperature 1.0 --seed "$s" --threads 2 2>/dev/null |
      python3 -c 'import json,sys; print(json.dumps({"text": sys.stdin.read().strip()}))'
  done > "$work/self.jsonl.tmp"
  mv "$work/self.jsonl.tmp" "$work/self.jsonl"
fi

[[ -d "$work/moe0" ]] || "$cli" convert "$parent" "$work/moe0" --target-arch moe --experts 8 --top-k 2 --segments 2 \
  --shared-experts 1 --router-std 0.3 --seed 1
train() {  # MODEL OUT [options]
  local model="$1" out="$2"; shift 2
  [[ -f "$work/$out/model/model.safetensors" ]] && return 0
  local t0=$(date +%s)
  "$cli" finetune "$model" --data "$work/self.jsonl" --format text --mode full --out "$work/$out" --steps 100 --batch 8 \
    --seq-len 256 --lr 3e-4 --warmup 10 --schedule cosine --seed 1 --threads 2 --no-store "$@" | tail -3
  echo "$out: training wall time $(( $(date +%s) - t0 )) s"
}
train "$work/moe0" moe-run --bias-update 0.001
train "$parent" dense-run

prompts=("Once upon a time, there was a little girl named Lily." "The cat saw a big red ball in the park and ran to it."
         "Tom and his mom went to the store to buy some food.")
for m in parent moe0 moe dense; do
  case $m in parent) path="$parent" ;; moe0) path="$work/moe0" ;; moe) path="$work/moe-run/model" ;; dense) path="$work/dense-run/model" ;; esac
  for L in 0 1 2 3 4; do
    for i in 0 1 2; do
      "$cli" attention "$path" --prompt "${prompts[$i]}" --layer $L --json > "$work/att-$m-$L-$i.json"
    done
  done
  "$cli" perplexity "$path" --file "$text" --ctx 256 --threads 2 --json > "$work/ppl-$m.json"
  "$cli" bench "$path" --suite diversity --samples 16 --gen-tokens 64 --threads 2 --no-store --no-hash --json > "$work/div-$m.json"
  [[ $m == moe0 || $m == moe ]] && "$cli" routing "$path" --file "$text" --ctx 256 --load-only --json > "$work/routing-$m.json"
done
python3 "$here/versions_checks.py" "$work" | tee "$work/checks.json"
