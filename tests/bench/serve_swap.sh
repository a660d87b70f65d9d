#!/usr/bin/env bash
# Hot swap under load (docs/performance.md, "Serving"): dsw-cli serve MODEL_A, a streamed load of C
# clients, and once it runs POST /admin/swap to MODEL_B. Each round runs the same load twice, once
# without and once with the swap, so that the longest gap between streamed tokens (what a reader
# sees stall) compares on the same machine state. Prints per run: failed requests, token gap P50 /
# P99 / longest, and for the swap the server's own figures (load seconds, pause of the step loop).
#
#   tests/bench/serve_swap.sh [-r ROUNDS] [-c CLIENTS] [-n REQUESTS] [-m MAX_TOKENS] [-w SECONDS_BEFORE_SWAP]
#                             [-t THREADS] [-x CTX] DSW_CLI MODEL_A MODEL_B
#
# Everything listens on 127.0.0.1; the server is stopped after each run.
set -euo pipefail

rounds=2 clients=8 requests=48 max_tokens=48 wait_s=2 threads=1 ctx=256
while getopts "r:c:n:m:w:t:x:" opt; do
  case $opt in
    r) rounds=$OPTARG ;; c) clients=$OPTARG ;; n) requests=$OPTARG ;; m) max_tokens=$OPTARG ;;
    w) wait_s=$OPTARG ;; t) threads=$OPTARG ;; x) ctx=$OPTARG ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -ne 3 ]; then
  sed -n '2,11p' "$0" >&2
  exit 2
fi
dsw=$1 model_a=$2 model_b=$3
work=$(mktemp -d)
trap 'for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
printf '%s\n' "Once upon a time" "def fibonacci(n):" "The little dog ran to the park and" \
  "Tom and Lily were playing with a ball" "She opened the door and saw" > "$work/prompts.txt"
port=$((18700 + RANDOM % 500))

wait_up() {  # wait_up PORT PID
  for _ in $(seq 1 600); do
    kill -0 "$2" 2>/dev/null || { tail -5 "$work/server.log" >&2; return 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health" || true)" = 200 ] && return 0
    sleep 1
  done
  return 1
}

run() {  # run swap|noswap
  port=$((port + 1))
  "$dsw" serve "$model_a" --port "$port" --max-batch 32 --ctx "$ctx" --threads "$threads" --stats-every 0 \
    > "$work/server.log" 2>&1 &
  local pid=$!
  wait_up "$port" "$pid"
  "$dsw" loadtest "http://127.0.0.1:$port" --prompts "$work/prompts.txt" --concurrency "$clients" \
    --requests "$requests" --max-tokens "$max_tokens" --no-store --json > "$work/load.json" 2>/dev/null &
  local load=$!
  local swap="{}"
  sleep "$wait_s"
  if [ "$1" = swap ]; then
    swap=$(curl -s -X POST "http://127.0.0.1:$port/admin/swap" -H 'Content-Type: application/json' \
      -d "{\"path\": \"$model_b\", \"id\": \"version-b\"}")
  fi
  wait "$load" || true
  local metrics
  metrics=$(curl -s "http://127.0.0.1:$port/metrics" | grep -E '^dsw_serve_(swaps_total|last_swap_pause_seconds|requests_total)' | tr '\n' ';')
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  python3 - "$1" "$swap" "$metrics" "$work/load.json" <<'EOF'
import json, sys
kind, swap, metrics = sys.argv[1], json.loads(sys.argv[2] or "{}"), sys.argv[3]
r = json.load(open(sys.argv[4]))
g = lambda k: r.get(k) or 0
notes = r.get("notes", "")
longest = notes.split("longest token gap ")[1].split(" ms")[0] if "longest token gap" in notes else "?"
line = "RUN %s completed=%d failed=%d gap_p50=%.1f gap_p99=%.1f gap_max=%s" % (
    kind, g("requests"), g("failed_requests"), g("latency_p50_ms"), g("latency_p99_ms"), longest)
if kind == "swap":
    line += " swap=%s load_s=%.2f pause_ms=%.4f" % (swap.get("model", swap), swap.get("load_seconds", -1), swap.get("pause_ms", -1))
print(line)
print("   metrics: " + metrics)
EOF
}

echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg); $(lscpu | sed -n 's/^Model name: *//p'); $(nproc) cores"
echo "# A $model_a -> B $model_b; $clients clients, $requests requests of $max_tokens tokens; threads $threads"
for round in $(seq 1 "$rounds"); do
  run noswap
  run swap
done
