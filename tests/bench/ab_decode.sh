#!/usr/bin/env bash
# Decode and prefill tokens/s of two dsw-cli builds on one model, interleaved (A B A B ...) so both
# see the same machine state; prints every round and the medians. Used for before/after figures in
# docs/performance.md.
#   tests/bench/ab_decode.sh CLI_A CLI_B MODEL [threads] [rounds] [prompt_tokens] [gen_tokens]
set -euo pipefail
a=$1 b=$2 model=$3 threads=${4:-1} rounds=${5:-5} pt=${6:-16} gt=${7:-64}
run() {
  "$1" bench "$model" --prompt-tokens "$pt" --gen-tokens "$gt" --reps 3 --warmup 1 --threads "$threads" \
    --json --no-store --no-hash --bandwidth 1 2>/dev/null |
    python3 -c 'import json,sys; j=json.load(sys.stdin); print("%.3f %.3f" % (j["decode_tps"], j["prefill_tps"]))'
}
da=() db=()
for ((i = 1; i <= rounds; i++)); do
  ra=$(run "$a"); rb=$(run "$b")
  echo "round $i  A decode/prefill $ra   B decode/prefill $rb"
  da+=("$ra") db+=("$rb")
done
python3 - "$threads" "${da[@]}" -- "${db[@]}" <<'PY'
import statistics, sys
args = sys.argv[2:]; k = args.index('--'); A = args[:k]; B = args[k+1:]
def med(xs, i): return statistics.median(float(x.split()[i]) for x in xs)
for i, name in ((0, 'decode'), (1, 'prefill')):
    ma, mb = med(A, i), med(B, i)
    print(f"{name:8s} median A {ma:9.3f} tok/s   B {mb:9.3f} tok/s   B/A {mb/ma:.3f}   ({sys.argv[1]} threads)")
PY
