#!/usr/bin/env bash
# QAT against post-training INT4 on a real trained model (docs/versions.md, "V3: INT4 QAT").
#
#   tests/scripts/versions/qat_stories260k.sh BUILD_DIR DATA_DIR WORK_DIR
#
# Model: stories260K (models/stories260K-hf, trained on TinyStories). Evaluation text: the TinyStories
# excerpt (eval/tinystories/TinyStories-valid.first22stories.txt), never trained on. Training text
# for QAT: the model's own samples (data-free QAT as in LLM-QAT, Liu et al. 2023): 200 stories of up
# to 256 tokens at temperature 1 from BOS, seeds 1..200. Then, on the same text:
#   f32         the model as it is
#   rtn         RTN INT4 Q4_0 g32 (dsw-cli quantize --method rtn --bits 4 --group 32)
#   gptq        GPTQ INT4 Q4_0 g32, calibrated on the self-generated text (32 x 256 tokens)
#   ft / ft-rtn / ft-gptq  full fine-tuning on the same text without QAT (control: the text alone),
#               and its RTN and GPTQ INT4
#   qat / qat-rtn  full fine-tuning with --qat int4 (g32), and its RTN export (what QAT trained)
# Both runs: 60 steps of 8 x 256 tokens (about 2.4 passes over the samples), AdamW lr 2e-4, 6 warm-up
# steps, cosine, seed 1, 2 threads.
# Prints one perplexity per line (dsw-cli perplexity --ctx 256) and the share of the RTN gap that GPTQ
# and QAT recover, against the fine-tuned f32 model (the text alone moves the perplexity).
set -euo pipefail
[[ $# == 3 ]] || { sed -n 2,16p "$0"; exit 2; }
cli="$(cd "$1" && pwd)/app/cli/dsw-cli"
data="$2"; work="$3"
model="$data/models/stories260K-hf"
text="$data/eval/tinystories/TinyStories-valid.first22stories.txt"
mkdir -p "$work"

if [[ ! -s "$work/self.jsonl" ]]; then
  for s in $(seq 1 200); do
    "$cli" generate "$model" --prompt "" --max-tokens 256 --temperature 1.0 --seed "$s" --threads 2 2>/dev/null |
      python3 -c 'import json,sys; print(json.dumps({"text": sys.stdin.read().strip()}))'
  done > "$work/self.jsonl.tmp"
  mv "$work/self.jsonl.tmp" "$work/self.jsonl"
fi
python3 -c 'import json,sys; [print(json.loads(l)["text"]) for l in open(sys.argv[1])]' "$work/self.jsonl" > "$work/self.txt"

train() {  # OUT [extra finetune options]
  local out="$1"; shift
  [[ -f "$work/$out/model/model.safetensors" ]] && return 0
  local t0=$(date +%s)
  "$cli" finetune "$model" --data "$work/self.jsonl" --format text --mode full --out "$work/$out" --steps 60 --batch 8 \
    --seq-len 256 --lr 2e-4 --warmup 6 --schedule cosine --seed 1 --threads 2 --no-store "$@" | tail -4
  echo "$out: training wall time $(( $(date +%s) - t0 )) s"
}
train ft
train qat --qat int4 --qat-group 32

q() {  # SRC OUT [options]
  local src="$1" out="$2"; shift 2
  [[ -f "$work/$out.gguf" ]] || "$cli" quantize "$src" "$work/$out.gguf" --bits 4 --group 32 --threads 2 "$@" > /dev/null
}
q "$model" rtn --method rtn
q "$model" gptq --method gptq --calib "$work/self.txt" --calib-samples 32 --calib-length 256
q "$work/ft/model" ft-rtn --method rtn
q "$work/ft/model" ft-gptq --method gptq --calib "$work/self.txt" --calib-samples 32 --calib-length 256
q "$work/qat/model" qat-rtn --method rtn

declare -A ppl
for m in f32 rtn gptq ft ft-rtn ft-gptq qat qat-rtn; do
  case $m in
    f32) path="$model" ;; ft|qat) path="$work/$m/model" ;; *) path="$work/$m.gguf" ;;
  esac
  ppl[$m]=$("$cli" perplexity "$path" --file "$text" --ctx 256 --threads 2 --json | python3 -c 'import json,sys; print(json.JSONDecoder().raw_decode(sys.stdin.read().lstrip())[0]["ppl"])')
  printf "%-8s ppl %.4f\n" "$m" "${ppl[$m]}"
done
python3 - "${ppl[f32]}" "${ppl[rtn]}" "${ppl[gptq]}" "${ppl[ft]}" "${ppl[ft-rtn]}" "${ppl[ft-gptq]}" "${ppl[qat-rtn]}" <<'PY'
import sys
f32, rtn, gptq, ft, ft_rtn, ft_gptq, qat = map(float, sys.argv[1:])
print(f"post-training INT4 of the model: rtn {rtn - f32:+.4f}, gptq {gptq - f32:+.4f} "
      f"(gptq recovers {(rtn - gptq) / (rtn - f32):.1%} of the rtn gap)")
# QAT trains on text the f32 model did not see; the fair baseline is the same fine-tuning without QAT.
print(f"after the same fine-tuning (vs ft f32): rtn {ft_rtn - ft:+.4f}, gptq {ft_gptq - ft:+.4f}, qat-rtn {qat - ft:+.4f}")
print(f"share of the rtn gap recovered: gptq {(ft_rtn - ft_gptq) / (ft_rtn - ft):.1%}, qat {(ft_rtn - qat) / (ft_rtn - ft):.1%}")
PY
