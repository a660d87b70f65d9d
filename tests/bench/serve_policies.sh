#!/usr/bin/env bash
# Latency per admission policy (docs/performance.md, "Serving"): dsw-cli serve MODEL --policy P with
# fewer slots than clients, so requests queue and the policy decides who goes next; prompts of very
# different lengths (from a line of a few words to a paragraph), so the work per request differs.
# Policies interleave within each round; prints one line per run and medians per policy.
#
#   tests/bench/serve_policies.sh [-r ROUNDS] [-b MAX_BATCH] [-c CLIENTS] [-n REQUESTS] [-m MAX_TOKENS]
#                                 [-t THREADS] [-x CTX] DSW_CLI MODEL
#
# Everything listens on 127.0.0.1; every server is stopped before the next starts.
set -euo pipefail

rounds=3 batch=8 clients=32 requests=256 max_tokens=32 threads=1 ctx=512
while getopts "r:b:c:n:m:t:x:" opt; do
  case $opt in
    r) rounds=$OPTARG ;; b) batch=$OPTARG ;; c) clients=$OPTARG ;; n) requests=$OPTARG ;; m) max_tokens=$OPTARG ;;
    t) threads=$OPTARG ;; x) ctx=$OPTARG ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -ne 2 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
dsw=$1 model=$2
work=$(mktemp -d)
trap 'for p in $(jobs -p); do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
long="Once upon a time, in a small town by the sea, there lived a girl named Lily who loved to collect shells."
long="$long $long"
printf '%s\n' "Once" "Tom ran" "$long" "The dog" "$long $long" "She saw a big red ball" "$long" "Hi" > "$work/prompts.txt"
port=$((19300 + RANDOM % 500))

wait_up() {  # wait_up PORT PID
  for _ in $(seq 1 600); do
    kill -0 "$2" 2>/dev/null || { tail -5 "$work/server.log" >&2; return 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health" || true)" = 200 ] && return 0
    sleep 1
  done
  return 1
}

echo "# $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg); $(lscpu | sed -n 's/^Model name: *//p'); $(nproc) cores"
echo "# model $model; max batch $batch; $clients clients; $requests requests of $max_tokens tokens; threads $threads"
for round in $(seq 1 "$rounds"); do
  for policy in fcfs longest_first shortest_first; do
    port=$((port + 1))
    "$dsw" serve "$model" --port "$port" --policy "$policy" --max-batch "$batch" --ctx "$ctx" --threads "$threads" \
      --stats-every 0 > "$work/server.log" 2>&1 &
    pid=$!
    wait_up "$port" "$pid"
    json=$("$dsw" loadtest "http://127.0.0.1:$port" --prompts "$work/prompts.txt" --concurrency "$clients" \
      --requests "$requests" --max-tokens "$max_tokens" --no-store --json 2>/dev/null || true)
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    echo "$json" | python3 -c '
import json, sys
r = json.load(sys.stdin); g = lambda k: r.get(k) or 0
print("RUN %s failed=%d tps=%.2f ttft_p50=%.1f ttft_p99=%.1f req_p50=%.1f req_p99=%.1f" % (sys.argv[1], g("failed_requests"),
      g("serve_tps"), g("ttft_ms"), g("ttft_p99_ms"), g("request_p50_ms"), g("request_p99_ms")))' "$policy" | tee -a "$work/runs.txt"
  done
done
python3 - "$work/runs.txt" <<'EOF'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"RUN (\S+) (.*)", line)
    runs.setdefault(m.group(1), []).append({k: float(v) for k, v in (kv.split("=") for kv in m.group(2).split())})
print("\n| policy | runs | tokens/s | TTFT P50 / P99 ms | request P50 / P99 ms | failed |")
print("|---|---|---|---|---|---|")
for p, rows in runs.items():
    med = lambda k: statistics.median(r[k] for r in rows)
    print(f"| {p} | {len(rows)} | {med('tps'):.0f} | {med('ttft_p50'):.0f} / {med('ttft_p99'):.0f} | "
          f"{med('req_p50'):.0f} / {med('req_p99'):.0f} | {int(sum(r['failed'] for r in rows))} |")
EOF
