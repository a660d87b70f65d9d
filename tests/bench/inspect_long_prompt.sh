#!/usr/bin/env bash
# The 8,192-token prompt through `dsw-cli attention` (docs/performance.md, "Inspect"): the
# statistics of every layer and head, one head's 2,048 x 2,048 window at full resolution and the
# 256 x 256-tile overviews of a whole layer, all in one pass, under /usr/bin/time -v.
#
#   tests/bench/inspect_long_prompt.sh CLI STORIES260K_HF TEXT [OUTDIR]
#
# CLI: dsw-cli; STORIES260K_HF: the stories260K Hugging Face folder (context 512); TEXT: the
# TinyStories excerpt (data/eval/tinystories/TinyStories-valid.first22stories.txt). Makes a copy of
# the model with max_position_embeddings 8192 (weights linked, unchanged: RoPE extrapolates, so the
# numbers describe an untrained regime, which is fine for timing), a prompt of exactly 8,192 tokens
# (the text, then again from its start, cut at 8,192 tokens with the model's tokenizer), runs the
# command and checks what came back: 8,192 tokens, 40 heads' statistics, the window's size and 8
# overviews. Prints CPU seconds (user + sys), wall seconds, the engine's own pass time and the peak
# resident set, with the load average at start and end.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,15p' "$0"
  exit 2
fi
CLI=$1 MODEL=$2 TEXT=$3 OUT=${4:-$(mktemp -d)}
mkdir -p "$OUT/stories260K-8k"
for f in model.safetensors tokenizer.model; do ln -sf "$(realpath "$MODEL/$f")" "$OUT/stories260K-8k/$f"; done
sed 's/"max_position_embeddings": *512/"max_position_embeddings": 8192/' "$MODEL/config.json" > "$OUT/stories260K-8k/config.json"
grep -q '"max_position_embeddings": *8192' "$OUT/stories260K-8k/config.json"

# The prompt: the text twice, its first 8,192 token ids (BOS included) turned back into text.
cat "$TEXT" "$TEXT" > "$OUT/doubled.txt"
"$CLI" tokenize "$OUT/stories260K-8k" --text-file "$OUT/doubled.txt" > "$OUT/all_ids.txt"
awk '{ for (i = 1; i <= NF && i <= 8192; ++i) printf "%s ", $i }' "$OUT/all_ids.txt" > "$OUT/ids.txt"
"$CLI" detokenize "$OUT/stories260K-8k" --ids-file "$OUT/ids.txt" --skip-special > "$OUT/prompt8192.txt"

echo "cpu: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p') ($(nproc) CPUs); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v -o "$OUT/attention.time" "$CLI" attention "$OUT/stories260K-8k" --prompt-file "$OUT/prompt8192.txt" --stats \
  --window 3:0:6144-8192:6144-8192 --overview 3 --tiles 256 --json > "$OUT/attention.json"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$OUT/attention.json" "$OUT/attention.time" <<'EOF'
import json, re, sys
d = json.load(open(sys.argv[1]))
t = open(sys.argv[2]).read()
get = lambda key: re.search(re.escape(key) + r":\s*(\S+)", t).group(1)
T = len(d["tokens"])
heads = len(d["stats"]["per_head"])
w = d["window"]
rows, cols = w["q1"] - w["q0"], w["k1"] - w["k0"]
ov = d["overviews"]
ok = T == 8192 and heads == 40 and (rows, cols) == (2048, 2048) and len(w["probs"]) == rows * cols and len(ov) == 8 \
    and all(o["n_tiles"] == 256 for o in ov)
wall = get("Elapsed (wall clock) time (h:mm:ss or m:ss)")
print(f"tokens {T}, heads with statistics {heads}, window {rows} x {cols} (layer {w['layer']} head {w['head']}), "
      f"overviews {len(ov)} of {ov[0]['n_tiles']}^2 tiles ({ov[0]['tile']} tokens a tile)")
print(f"cpu {float(get('User time (seconds)')) + float(get('System time (seconds)')):.1f} s, wall {wall}, "
      f"engine pass {d['seconds']:.1f} s, peak RSS {int(get('Maximum resident set size (kbytes)')) / 1024:.0f} MiB, "
      f"JSON {len(open(sys.argv[1], 'rb').read()) / 1e6:.0f} MB")
sys.exit(0 if ok else 1)
EOF
