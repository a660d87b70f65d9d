#!/usr/bin/env bash
# Makes the trained DeepSeek-V3-architecture demo model (docs/versions.md, "The demo model") from
# scratch with the project's own trainer: corpus -> random init -> full pretraining -> bf16 export.
# Not part of CI: the run takes about half an hour on a 2-core machine.
#
#   tests/scripts/demo_model/make_demo_model.sh BUILD_DIR DATA_DIR WORK_DIR [--short] [--resume] [--new-tokenizer]
#
#   BUILD_DIR  a build folder with app/cli/dsw-cli (cmake --build BUILD_DIR --target dsw-cli)
#   DATA_DIR   ../shared/data (only GSM8K train is read)
#   WORK_DIR   corpus, init/, run/ (checkpoints every 200 steps, metrics.jsonl) and model/ (the result)
#   --short    the earlier 600-step recipe (8 x 128 tokens, lr 3e-3, 30 warm-up steps, eval every 200,
#              checkpoints every 50; about 0.4 epoch of GSM8K train)
#   --resume   continue an interrupted run from its newest checkpoint (exactly: same losses)
#   --new-tokenizer  train the BPE tokenizer again (pip install tokenizers==0.23.3) on GSM8K train +
#                    HumanEval + MBPP instead of using the committed tests/scripts/demo_model/tokenizer.json
#
# The default is the recipe of the bundled resources/demo-model (its MODEL_CARD.md). Everything that
# decides the weights is below: the shape (shape.json, seed 7), the corpus order (demo_model_data.py
# --gsm8k-only, seed 7), and the run: 800 AdamW steps of 8 x 256 tokens (about one epoch of GSM8K
# train), lr 3e-3 with 40 warm-up steps and cosine decay to 0, weight decay 0.1, clipping 1.0, V3
# router bias update 1e-3, data seed 7, 2 threads. The 5% tail of the shuffled documents is held out
# for the eval loss. The same binary on the same kind of CPU gives the same SHA-256.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
[[ $# -ge 3 ]] || { sed -n 5,15p "$0"; exit 2; }
build="$(cd "$1" && pwd)"; data="$2"; work="$3"; shift 3
resume=(); new_tok=0; short=0
for a in "$@"; do
  case "$a" in
    --resume) resume=(--resume) ;;
    --new-tokenizer) new_tok=1 ;;
    --short) short=1 ;;
    *) echo "unknown option $a" >&2; exit 2 ;;
  esac
done
cli="$build/app/cli/dsw-cli"
py="${PYTHON:-python3}"
mkdir -p "$work"

echo "== corpus (and tokenizer) =="
if [[ $new_tok == 1 ]]; then
  "$py" "$here/../demo_model_data.py" "$data" "$work" --tokenizer  # the tokenizer's corpus
  "$py" "$here/../demo_model_data.py" "$data" "$work" --gsm8k-only   # the training corpus
else
  "$py" "$here/../demo_model_data.py" "$data" "$work" --gsm8k-only
  cp "$here/tokenizer.json" "$here/tokenizer_config.json" "$work/"
fi

if [[ ${#resume[@]} == 0 ]]; then
  echo "== random initialisation (seed 7) =="
  rm -rf "$work/init"
  "$cli" make-model --config "$here/shape.json" --random --seed 7 --dtype f32 --tokenizer "$work/tokenizer.json" "$work/init"
fi

echo "== pretraining =="
start=$(date +%s)
if [[ $short == 1 ]]; then
  run=(--steps 600 --batch 8 --seq-len 128 --lr 3e-3 --warmup 30 --eval-every 200 --checkpoint-every 50)
else
  run=(--steps 800 --batch 8 --seq-len 256 --lr 3e-3 --warmup 40 --eval-every 200 --checkpoint-every 200)
fi
"$cli" finetune "$work/init" --data "$work/corpus.jsonl" --format text --mode full --out "$work/run" "${run[@]}" \
  --schedule cosine --weight-decay 0.1 --clip 1.0 --bias-update 0.001 --seed 7 --threads 2 --no-store "${resume[@]}"
echo "pretraining wall time this invocation: $(( $(date +%s) - start )) s"

echo "== bf16 export =="
rm -rf "$work/model"
"$cli" convert "$work/run/model" "$work/model" --dtype bf16
"$cli" hash "$work/model"
