#!/bin/bash
# Training speed and peak memory, dsw against PyTorch (+ PEFT), same step, same threads, fp32, CPU:
# tests/bench/train_step_rate (C++) and tests/scripts/bench_train_torch.py run alternately
# (dsw, torch, dsw, torch, ...) REPS times; prints each run's JSON line and the medians.
#   bench_train_compare.sh TRAIN_STEP_RATE PYTHON MODEL lora|full RANK SEQ BATCH STEPS THREADS REPS
set -eu
BIN=$1 PY=$2 MODEL=$3 MODE=$4 RANK=$5 SEQ=$6 BATCH=$7 STEPS=$8 THREADS=$9 REPS=${10}
HERE=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
for i in $(seq 1 "$REPS"); do
  OPENBLAS_NUM_THREADS=1 "$BIN" "$MODEL" "$MODE" "$RANK" "$SEQ" "$BATCH" "$STEPS" "$THREADS" 2> /dev/null | tee -a "$out"
  OMP_NUM_THREADS=$THREADS "$PY" "$HERE/bench_train_torch.py" "$MODEL" "$MODE" "$RANK" "$SEQ" "$BATCH" "$STEPS" "$THREADS" 2> /dev/null | tee -a "$out"
done
"$PY" - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
med = {}
for e in sorted({r["engine"] for r in rows}):
    rs = [r for r in rows if r["engine"] == e]
    med[e] = (statistics.median(r["tokens_per_s"] for r in rs), max(r["peak_rss_mib"] for r in rs),
              statistics.median(r["tokens_per_cpu_s"] for r in rs))
    print(f"{e:12s} median {med[e][0]:10.1f} tokens/s ({med[e][2]:.1f} per CPU-second) over {len(rs)} runs, peak RSS {med[e][1]:.0f} MiB")
d = med.get("dsw"); t = med.get("torch+peft") or med.get("torch")
if d and t: print(f"speed ratio dsw / torch = {d[0] / t[0]:.2f}x wall, {d[2] / t[2]:.2f}x CPU time; peak memory ratio {d[1] / t[1]:.2f}")
PY
rm -f "$out"
