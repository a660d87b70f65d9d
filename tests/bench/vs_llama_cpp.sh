#!/usr/bin/env bash
# Side-by-side decode and prefill speed of dsw-cli and llama.cpp's llama-bench on the same GGUF
# files, interleaved (dsw, llama.cpp, dsw, llama.cpp, ...) so that load from other processes hits
# both alike; prints one line per run and a table of medians and ratios (docs/performance.md).
#
#   tests/bench/vs_llama_cpp.sh [-r ROUNDS] [-t "1 2"] DSW_CLI LLAMA_BENCH MODEL.gguf...
#
# dsw decode:  dsw-cli bench M --prompt-tokens 16  --gen-tokens 128 --reps 3 --threads N
# dsw prefill: dsw-cli bench M --prompt-tokens 512 --gen-tokens 16  --reps 3 --threads N
# llama.cpp:   llama-bench -m M -p 512 -n 128 -r 3 -t N   (pp512 and tg128)
# Needs python3 for the JSON. Nothing here is built; pass the binaries.
set -euo pipefail

rounds=3
threads="1 2"
while getopts "r:t:" opt; do
  case $opt in
    r) rounds=$OPTARG ;;
    t) threads=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -lt 3 ]; then
  echo "usage: $0 [-r ROUNDS] [-t \"1 2\"] DSW_CLI LLAMA_BENCH MODEL.gguf..." >&2
  exit 2
fi
dsw=$1 llama=$2
shift 2

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg); $(lscpu | sed -n 's/^Model name: *//p')"
for r in $(seq 1 "$rounds"); do
  for m in "$@"; do
    for t in $threads; do
      d=$("$dsw" bench "$m" --prompt-tokens 16 --gen-tokens 128 --reps 3 --threads "$t" --no-store --no-hash --json 2>/dev/null |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["decode_tps"])')
      l=$("$llama" -m "$m" -p 512 -n 128 -r 3 -t "$t" -o json 2>/dev/null |
        python3 -c 'import json,sys; rows=json.load(sys.stdin); print(" ".join(str(x["avg_ts"]) for x in sorted(rows, key=lambda x: x["n_gen"])))')
      p=$("$dsw" bench "$m" --prompt-tokens 512 --gen-tokens 16 --reps 3 --threads "$t" --no-store --no-hash --json 2>/dev/null |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["prefill_tps"])')
      # l = "pp512 tg128" (rows sorted by n_gen)
      echo "$r $(basename "$m") $t $d $p $l" | tee -a "$out"
    done
  done
done
python3 - "$out" <<'EOF'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    r, m, t, d, p, lpp, ltg = line.split()
    rows[(m, int(t))].append((float(d), float(p), float(lpp), float(ltg)))
print("\n| weights | threads | decode dsw / llama.cpp tok/s | ratio | pp512 dsw / llama.cpp tok/s | ratio |")
print("|---|---|---|---|---|---|")
for (m, t), v in sorted(rows.items()):
    d, p, lpp, ltg = (statistics.median(x[i] for x in v) for i in range(4))
    print(f"| {m} | {t} | {d:.2f} / {ltg:.2f} | {d / ltg:.2f}x | {p:.1f} / {lpp:.1f} | {p / lpp:.2f}x |")
EOF
