#!/usr/bin/env bash
# Decode tok/s of several dsw-cli variants and llama.cpp on the same GGUF files, interleaved per
# round (variant order reversed every other round), with the independent read bandwidth
# (stream_read 1 and 2 threads) before every round and at the end; docs/performance.md records
# its output with the CPU named. A variant is PATH or ENV=VALUE,...:PATH (environment for that run).
#   tests/bench/ab_llama_decode.sh THREADS ROUNDS STREAM_READ LLAMA_BENCH "VARIANT..." MODEL.gguf...
# dsw:       dsw-cli bench M --prompt-tokens 16 --gen-tokens 32 --reps 2 --threads T --no-store --no-hash --bandwidth 1 --json
# llama.cpp: llama-bench -m M -p 0 -n 32 -r 2 -t T -o json
set -euo pipefail
t=$1 rounds=$2 sr=$3 llama=$4 variants=($5)
shift 5
reads() { echo "stream_read $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg): 1t $("$sr" 1 | grep -o '[0-9.]* GB/s' | head -1) 2t $("$sr" 2 | grep -o '[0-9.]* GB/s' | head -1)"; }
for ((r = 1; r <= rounds; r++)); do
  reads
  vs=("${variants[@]}")
  if ((r % 2 == 0)); then vs=(); for ((i = ${#variants[@]} - 1; i >= 0; i--)); do vs+=("${variants[i]}"); done; fi
  for m in "$@"; do
    for v in "${vs[@]}"; do
      envs=""; bin=$v
      [[ $v == *:* ]] && envs=${v%%:*} bin=${v#*:}
      d=$(env ${envs//,/ } "$bin" bench "$m" --prompt-tokens 16 --gen-tokens 32 --reps 2 --threads "$t" --no-store --no-hash \
        --bandwidth 1 --json 2>/dev/null | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["decode_tps"])')
      echo "R$r t$t $(basename "$m") $v $d"
    done
    l=$("$llama" -m "$m" -p 0 -n 32 -r 2 -t "$t" -o json 2>/dev/null | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)[0]["avg_ts"])')
    echo "R$r t$t $(basename "$m") llama.cpp $l"
  done
done
reads
