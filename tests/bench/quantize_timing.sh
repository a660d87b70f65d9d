#!/usr/bin/env bash
# Time to quantise a model with RTN and with GPTQ (docs/performance.md, "Quantization jobs").
#
#   tests/bench/quantize_timing.sh CLI MODEL TOKENIZER CALIB THREADS [OUTDIR]
#
# CLI: dsw-cli; MODEL: e.g. the deepseek-coder-1.3b-shaped BF16 folder; TOKENIZER: its tokenizer
# (tokenizer.json) for the calibration text; CALIB: a .txt or .jsonl calibration file. Runs RTN Q4_0
# g32, then GPTQ Q4_0 g32 (8 x 256 calibration tokens), each under /usr/bin/time -v, and prints one
# line per job: wall seconds, CPU seconds (user + sys), peak RSS and the output size. The CPU is
# named by lscpu; the load average at start and end says how shared the machine was.
set -euo pipefail
if [ $# -lt 5 ]; then
  sed -n '2,10p' "$0"
  exit 2
fi
CLI=$1 MODEL=$2 TOKENIZER=$3 CALIB=$4 THREADS=$5 OUT=${6:-$(mktemp -d)}
mkdir -p "$OUT"
echo "cpu: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p') ($(nproc) CPUs); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
run() {
  local name=$1
  shift
  rm -rf "$OUT/$name.gguf" "$OUT/$name.gguf.quant.json"
  /usr/bin/time -v -o "$OUT/$name.time" "$CLI" quantize "$MODEL" "$OUT/$name.gguf" --tokenizer "$TOKENIZER" --threads "$THREADS" "$@" \
    > "$OUT/$name.log" 2>&1
  local wall user sys rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/$name.time")
  user=$(sed -n 's/.*User time (seconds): //p' "$OUT/$name.time")
  sys=$(sed -n 's/.*System time (seconds): //p' "$OUT/$name.time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/$name.time")
  printf '%-10s wall %s  cpu %.1f s  peak RSS %.2f GiB  output %s\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" \
    "$(echo "$rss / 1048576" | bc -l)" "$(du -h "$OUT/$name.gguf" | cut -f1)"
}
run rtn-q4_0 --bits 4 --method rtn
run gptq-q4_0 --bits 4 --method gptq --calib "$CALIB" --calib-samples 8 --calib-length 256
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
