#!/usr/bin/env bash
# Instructions per decoded token of one or more dsw-cli builds, counted by callgrind: immune to
# machine load, so before/after figures can be taken on a busy machine. Runs `bench` with G1 and
# G2 generated tokens (1 thread, no warm-up) and divides the difference by G2 - G1.
#   tests/bench/callgrind_decode.sh MODEL G1 G2 CLI [CLI...]
set -euo pipefail
model=$1 g1=$2 g2=$3; shift 3
count() {
  local out; out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$1" bench "$model" --prompt-tokens 4 --gen-tokens "$2" \
    --reps 1 --warmup 0 --threads 1 --no-store --no-hash --bandwidth 1 >/dev/null 2>&1
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
  rm -f "$out"
}
for cli in "$@"; do
  a=$(count "$cli" "$g1"); b=$(count "$cli" "$g2")
  python3 -c "import sys; a,b,n=int(sys.argv[1]),int(sys.argv[2]),int(sys.argv[3]); print('%s: %.4g instructions per decoded token (totals %d, %d)' % (sys.argv[4], (b-a)/n, a, b))" "$a" "$b" "$((g2 - g1))" "$cli"
done
