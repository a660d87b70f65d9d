#!/usr/bin/env bash
# Serving throughput and latency, dsw-cli serve against llama-server on the same GGUF, interleaved
# (dsw, llama-server, dsw one-at-a-time, dsw, ... per round) so that load from other processes hits
# all alike; prints one line per run and a table of medians (docs/performance.md, "Serving").
#
#   tests/bench/serve_bench.sh [-r ROUNDS] [-c "1 8 32"] [-m MAX_TOKENS] [-q "REQ_AT_1 REQ_AT_8 REQ_AT_32"]
#                              [-s SINGLE_REQUESTS] [-t THREADS] [-x CTX] [-p PROMPTS] [-d DB] [-L LABEL] [-V]
#                              DSW_CLI LLAMA_SERVER MODEL.gguf
#
# For each round and concurrency C:
#   dsw      dsw-cli serve M --max-batch 32 --max-wait-ms 50 --ctx CTX --threads T
#   llama    llama-server -m M -np 32 -c 32*CTX -t T  (continuous batching, its default)
#   dsw-1    dsw-cli serve M --max-batch 1 (one request at a time; only at the largest C)
#   dsw-var  with -V, at the smallest C: dsw as above with DSW_BATCH_INVARIANT=0 (what batch
#            invariance costs a lone request)
# each loaded by: dsw-cli loadtest URL --concurrency C --requests R --max-tokens MAX_TOKENS (greedy,
# ignore_eos, streamed). Rows go to the benchmark store DB (labelled LABEL/server/C) unless -d none.
# Everything listens on 127.0.0.1 and every server is stopped before the next starts.
set -euo pipefail

rounds=2 concs="1 8 32" max_tokens=32 requests="" single=8 threads=1 ctx=256 prompts="" db="" label=serve variant=0
while getopts "r:c:m:q:s:t:x:p:d:L:V" opt; do
  case $opt in
    r) rounds=$OPTARG ;; c) concs=$OPTARG ;; m) max_tokens=$OPTARG ;; q) requests=$OPTARG ;;
    s) single=$OPTARG ;; t) threads=$OPTARG ;; x) ctx=$OPTARG ;; p) prompts=$OPTARG ;; d) db=$OPTARG ;;
    L) label=$OPTARG ;; V) variant=1 ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -ne 3 ]; then
  sed -n '2,20p' "$0" >&2
  exit 2
fi
dsw=$1 llama=$2 model=$3
work=$(mktemp -d)
trap 'for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
if [ -z "$prompts" ]; then
  prompts=$work/prompts.txt
  printf '%s\n' "Once upon a time" "def fibonacci(n):" "The little dog ran to the park and" \
    "Write a function that sorts a list" "Tom and Lily were playing with a ball" "# Read a file line by line" \
    "She opened the door and saw" "int main(int argc, char** argv) {" > "$prompts"
fi
store=(--no-store)
[ -n "$db" ] && [ "$db" != none ] && store=(--db "$db")
port=$((18100 + RANDOM % 500))
read -r -a conc_list <<< "$concs"
largest=${conc_list[${#conc_list[@]}-1]} smallest=${conc_list[0]}
requests_for() {  # requests at concurrency $1: -q gives them in order, else 2 per client (at least 4)
  if [ -n "$requests" ]; then
    local i=0
    for c in $concs; do
      [ "$c" = "$1" ] && { echo "$requests" | awk -v k=$((i + 1)) '{print $k}'; return; }
      i=$((i + 1))
    done
  fi
  echo $(( $1 * 2 > 4 ? $1 * 2 : 4 ))
}

wait_up() {  # wait_up PORT PID: until /health answers 200 (llama-server: once the model is loaded)
  for _ in $(seq 1 600); do
    kill -0 "$2" 2>/dev/null || { echo "server exited; log:" >&2; tail -5 "$work/server.log" >&2; return 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health" || true)" = 200 ] && return 0
    sleep 1
  done
  return 1
}

run() {  # run NAME C R -- SERVER COMMAND...
  local name=$1 c=$2 r=$3
  shift 4
  port=$((port + 1))
  "$@" --port "$port" > "$work/server.log" 2>&1 &
  local pid=$!
  wait_up "$port" "$pid"
  local json
  json=$("$dsw" loadtest "http://127.0.0.1:$port" --prompts "$prompts" --concurrency "$c" --requests "$r" \
    --max-tokens "$max_tokens" --label "$label $name c$c" "${store[@]}" --json 2>/dev/null || true)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$json" | python3 -c '
import json, sys
name, c = sys.argv[1], sys.argv[2]
try:
    r = json.load(sys.stdin)
except Exception:
    print("RUN %s c=%s FAILED (no result)" % (name, c)); sys.exit(0)
g = lambda k: r.get(k) or 0
print("RUN %s c=%s requests=%d failed=%d qps=%.4f tps=%.3f ttft_p50=%.0f req_p50=%.0f req_p99=%.0f gap_p50=%.1f gap_p99=%.1f" % (
    name, c, g("requests"), g("failed_requests"), g("qps"), g("serve_tps"), g("ttft_ms"), g("request_p50_ms"),
    g("request_p99_ms"), g("latency_p50_ms"), g("latency_p99_ms")))
' "$name" "$c" | tee -a "$work/runs.txt"
}

echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg); $(lscpu | sed -n 's/^Model name: *//p'); $(nproc) cores"
echo "# model $model; threads $threads; ctx/request $ctx; max_tokens $max_tokens; prompts $prompts"
for round in $(seq 1 "$rounds"); do
  for c in $concs; do
    r=$(requests_for "$c")
    run dsw "$c" "$r" -- "$dsw" serve "$model" --max-batch 32 --max-wait-ms 50 --ctx "$ctx" --threads "$threads" --stats-every 0
    if [ "$variant" = 1 ] && [ "$c" = "$smallest" ]; then
      run dsw-var "$c" "$r" -- env DSW_BATCH_INVARIANT=0 "$dsw" serve "$model" --max-batch 32 --max-wait-ms 50 --ctx "$ctx" \
        --threads "$threads" --stats-every 0
    fi
    run llama-server "$c" "$r" -- "$llama" -m "$model" -np 32 -c $((32 * ctx)) -t "$threads" --host 127.0.0.1
    if [ "$c" = "$largest" ]; then
      run dsw-1 "$c" "$single" -- "$dsw" serve "$model" --max-batch 1 --ctx "$ctx" --threads "$threads" --stats-every 0
    fi
  done
  echo "# round $round done $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
done

python3 - "$work/runs.txt" <<'EOF'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"RUN (\S+) c=(\d+) (.*)", line)
    if not m or "FAILED" in line:
        continue
    vals = dict(kv.split("=") for kv in m.group(3).split())
    runs.setdefault((m.group(1), int(m.group(2))), []).append({k: float(v) for k, v in vals.items()})
med = lambda rows, k: statistics.median(r[k] for r in rows)
print("\n| server | clients | runs | tokens/s (median) | requests/s | TTFT P50 ms | request P50 ms | request P99 ms | token gap P50 / P99 ms | failed |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (name, c), rows in sorted(runs.items(), key=lambda x: (x[0][1], x[0][0])):
    print(f"| {name} | {c} | {len(rows)} | {med(rows,'tps'):.2f} | {med(rows,'qps'):.3f} | {med(rows,'ttft_p50'):.0f} | "
          f"{med(rows,'req_p50'):.0f} | {med(rows,'req_p99'):.0f} | {med(rows,'gap_p50'):.1f} / {med(rows,'gap_p99'):.1f} | "
          f"{int(sum(r['failed'] for r in rows))} |")
for c in sorted({c for _, c in runs}):
    d, l = runs.get(("dsw", c)), runs.get(("llama-server", c))
    if d and l:
        ratios = [a["tps"] / b["tps"] for a, b in zip(d, l) if b["tps"] > 0]
        if ratios:
            print(f"\ndsw / llama-server tokens/s at {c} clients: per round {', '.join(f'{x:.2f}' for x in ratios)}; median {statistics.median(ratios):.2f}")
    v = runs.get(("dsw-var", c))
    if d and v:
        ratios = [a["tps"] / b["tps"] for a, b in zip(d, v) if b["tps"] > 0]
        if ratios:
            print(f"dsw batch-invariant / not at {c} clients: per round {', '.join(f'{x:.2f}' for x in ratios)}; median {statistics.median(ratios):.2f}")
    s = runs.get(("dsw-1", c))
    if d and s:
        ratios = [a["tps"] / b["tps"] for a, b in zip(d, s) if b["tps"] > 0]
        if ratios:
            print(f"dsw batched / one at a time at {c} clients: per round {', '.join(f'{x:.2f}' for x in ratios)}; median {statistics.median(ratios):.2f}")
EOF
