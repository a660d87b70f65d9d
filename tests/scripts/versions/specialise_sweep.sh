#!/usr/bin/env bash
# Sharpening the upcycled experts (docs/versions.md, "Sharpening the experts"): trains V2 of the tour
# from its step-0 folders with one set of options and measures what the experts took and the perplexity.
#
#   tests/scripts/versions/specialise_sweep.sh BUILD_DIR DATA_DIR TOUR_DIR OUT_DIR NAME START STEPS [finetune options]
#
# TOUR_DIR is a versions_tour.sh work folder (mix.jsonl, gsm40.jsonl, v2-0 = exact copies, v2-d =
# --reinit 0.5). START is v2-0, v2-d or a folder (another convert of V1). The run is the tour's V2
# recipe (8 x 256 tokens, lr 1e-3, 10% warm-up, cosine, seed 1, one thread, --bias-update 0.001
# unless the options say otherwise: the last one given wins) for STEPS steps, then
# OUT_DIR/NAME.routing.json (dsw-cli routing on the 40 GSM8K questions) and OUT_DIR/NAME.ppl.json
# (perplexity on the TinyStories excerpt, --ctx 256). specialise_table.py turns them into the table.
set -euo pipefail
[[ $# -ge 7 ]] || { sed -n 2,13p "$0"; exit 2; }
cli="$(cd "$1" && pwd)/app/cli/dsw-cli"
data="$2"; tour="$3"; out="$4"; name="$5"; start="$6"; steps="$7"; shift 7
text="$data/eval/tinystories/TinyStories-valid.first22stories.txt"
mkdir -p "$out"
if [[ ! -f "$out/$name/model/model.safetensors" ]]; then
  t0=$(date +%s)
  [[ -d "$start" ]] || start="$tour/$start"
  "$cli" finetune "$start" --data "$tour/mix.jsonl" --format text --mode full --out "$out/$name" --steps "$steps" \
    --batch 8 --seq-len 256 --lr 1e-3 --warmup $(( steps / 10 )) --schedule cosine --seed 1 --threads 1 --no-store \
    --bias-update 0.001 "$@" > "$out/$name.log"
  echo "$name: $(tail -n 4 "$out/$name.log" | grep 'eval loss'), $(( $(date +%s) - t0 )) s"
fi
"$cli" routing "$out/$name/model" --file "$tour/gsm40.jsonl" --field question --ctx 256 --json > "$out/$name.routing.json"
"$cli" perplexity "$out/$name/model" --file "$text" --ctx 256 --threads 1 --json > "$out/$name.ppl.json"
