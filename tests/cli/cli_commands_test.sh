#!/usr/bin/env bash
# End-to-end checks of dsw-cli commands on real data and on models it makes itself:
#   cli_commands_test.sh DSW_CLI DATA_DIR SOURCE_DIR
# Exits 77 (skip) when the real data folder is missing. Every check prints PASS/FAIL; the script
# ends with "N passed, N failed".
set -u
cli=$1 data=$2 src=$3
[[ -d "$data/models/stories260K-hf" ]] || { echo "SKIP: no real data at $data"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() {  # check NAME COMMAND...   (the command's stdout is in $tmp/out)
  local name=$1; shift
  if "$@" > "$tmp/out" 2> "$tmp/err"; then pass=$((pass + 1)); echo "PASS $name"
  else fail=$((fail + 1)); echo "FAIL $name"; sed 's/^/    /' "$tmp/err" | tail -5; fi
}
expect() {  # expect NAME REGEX FILE
  if grep -Eq -- "$2" "$3"; then pass=$((pass + 1)); echo "PASS $1"
  else fail=$((fail + 1)); echo "FAIL $1: /$2/ not in:"; head -20 "$3" | sed 's/^/    /'; fi
}

# info: the trained stories260K in both formats, and the real R1 config without weights.
check info_hf "$cli" info "$data/models/stories260K-hf" --json
expect info_hf_params '"total_params": 260032' "$tmp/out"
expect info_hf_arch '"architecture": "llama"' "$tmp/out"
check info_bin "$cli" info "$data/models/stories260K/stories260K.bin"
expect info_bin_shape 'layers +5, hidden 64, intermediate 172' "$tmp/out"
expect info_bin_heads '8 heads, 4 KV heads' "$tmp/out"
check info_r1 "$cli" info "$data/configs/deepseek-r1" --config-only --json
expect info_r1_total '"total_params": 6710[0-9]{8}' "$tmp/out"
expect info_r1_active '"active_params": 375[0-9]{8}' "$tmp/out"
check info_r1_text "$cli" info "$data/configs/deepseek-r1" --config-only
expect info_r1_text_b '671.0B total, 37.6B active' "$tmp/out"

# generate from BOS alone (empty prompt) and perplexity with its final line.
check generate_bos "$cli" generate "$data/models/stories260K/stories260K.bin" --prompt "" --greedy --max-tokens 20
expect generate_text '^Once upon a time, there was a little girl named Lily' "$tmp/out"
check perplexity "$cli" perplexity "$data/models/stories260K-hf" --file "$data/eval/tinystories/TinyStories-valid.first22stories.txt" --ctx 256
expect perplexity_last "$(printf 'PPL = 6\\.2[0-9]+$')" <(tail -1 "$tmp/out")

# hash of a model folder: one line per weight file.
check hash "$cli" hash "$data/models/stories260K-hf"
expect hash_line '^[0-9a-f]{64}  .*model\.safetensors$' "$tmp/out"

# make-model, then the analysis commands on a tiny random DeepSeek-V3 with its real tokenizer.
check make_model "$cli" make-model --arch deepseek_v3 --preset tiny --random --seed 5 \
  --tokenizer "$src/tests/fixtures/tokenizers/deepseek-v3/tokenizer.json" "$tmp/v3"
check routing "$cli" routing "$tmp/v3" --prompt "Hello world, and hello again" --json
expect routing_json '"experts_per_token": ?4' "$tmp/out"
check routing_csv "$cli" routing "$tmp/v3" --prompt "Hello" --csv
expect routing_csv_header '^position,token,layer,rank,expert,weight$' "$tmp/out"
check routing_kinds "$cli" routing "$tmp/v3" --prompt "Tom has 12 apples + 3 = 15; def f_x" --csv --kinds
expect routing_kinds_header '^layer,expert,kind,tokens,share$' "$tmp/out"
expect routing_kinds_digits '^1,[0-9]+,digits,[0-9]+,' "$tmp/out"
check attention "$cli" attention "$tmp/v3" --prompt "Hello world" --layer 0 --head 1 --csv
expect attention_csv '^0,1,0,0,' "$tmp/out"

# Inspect: all-head statistics, data-set routing kept in a store, comparisons of two versions.
check attention_stats "$cli" attention "$data/models/stories260K-hf" --prompt "Once upon a time" --stats --csv
expect attention_stats_csv '^4,7,[0-9.]+,' "$tmp/out"
check attention_stats_mla "$cli" attention "$tmp/v3" --prompt "Hello world" --stats --json --window 1:2 --overview 0 --tiles 2
expect attention_stats_split '"position_share":0\.[0-9]+' "$tmp/out"
printf '{"text": "The quick brown fox"}\n{"question": "2+2?", "answer": "4"}\n' > "$tmp/d.jsonl"
check routing_store "$cli" routing "$tmp/v3" --file "$tmp/d.jsonl" --store --db "$tmp/r.db" --label a
check routing_store2 "$cli" routing "$tmp/v3" --file "$tmp/d.jsonl" --store --db "$tmp/r.db" --label b --load-only
check routing_runs "$cli" routing-runs list --db "$tmp/r.db"
expect routing_runs_list '^ +2 .* b ' "$tmp/out"
check compare_routing_runs "$cli" compare-routing run:1 run:2 --db "$tmp/r.db" --json
expect compare_routing_same '"changed_any":0\.0' "$tmp/out"
check make_model2 "$cli" make-model --arch deepseek_v3 --preset tiny --random --seed 6 \
  --tokenizer "$src/tests/fixtures/tokenizers/deepseek-v3/tokenizer.json" "$tmp/v3b"
check compare_attention "$cli" compare-attention "$tmp/v3" "$tmp/v3b" --prompt "Hello world" --csv
expect compare_attention_csv '^3,3,[0-9.e-]+,[0-9.e-]+$' "$tmp/out"
"$cli" compare-attention "$tmp/v3" "$data/models/stories260K-hf" --prompt "Hello" > /dev/null 2> "$tmp/err"; rc=$?
if [[ $rc == 1 ]] && grep -q 'A has 4 layers, B has 5' "$tmp/err"; then pass=$((pass + 1)); echo "PASS compare_incompatible"; else fail=$((fail + 1)); echo "FAIL compare_incompatible (rc $rc)"; cat "$tmp/err"; fi
"$cli" routing "$data/models/stories260K-hf" --prompt "Hello" > /dev/null 2> "$tmp/err"; rc=$?
if [[ $rc == 1 ]] && grep -q 'dense' "$tmp/err"; then pass=$((pass + 1)); echo "PASS routing_dense"; else fail=$((fail + 1)); echo "FAIL routing_dense (rc $rc)"; fi
# versions: dense -> MoE upcycling (same logits: dsw-cli logits of both), a dtype change, QAT fine-tuning.
check convert_moe "$cli" convert "$data/models/stories260K-hf" "$tmp/moe" --target-arch moe --experts 4 --top-k 2 --segments 4 \
  --shared-experts 2 --router-std 0.3
expect convert_moe_out 'DeepSeek-MoE: 4 routed experts, top-2, 2 shared' "$tmp/out"
check logits_dense "$cli" logits "$data/models/stories260K-hf" --ids "1 403 407 261 378" --out "$tmp/dense.safetensors"
check logits_moe "$cli" logits "$tmp/moe" --ids "1 403 407 261 378" --out "$tmp/moe.safetensors"
check generate_moe "$cli" generate "$tmp/moe" --prompt "Once upon a time" --greedy --max-tokens 16
cp "$tmp/out" "$tmp/gen_moe"
check generate_dense "$cli" generate "$data/models/stories260K-hf" --prompt "Once upon a time" --greedy --max-tokens 16
if cmp -s "$tmp/out" "$tmp/gen_moe"; then pass=$((pass + 1)); echo "PASS upcycled_same_greedy_text"; else fail=$((fail + 1)); echo "FAIL upcycled_same_greedy_text"; fi
check convert_bf16 "$cli" convert "$tmp/moe" "$tmp/moe-bf16" --dtype bf16
"$cli" convert "$data/models/stories260K-hf" "$tmp/moe" --target-arch moe > /dev/null 2> "$tmp/err"; rc=$?
if [[ $rc == 1 ]] && grep -q 'not empty' "$tmp/err"; then pass=$((pass + 1)); echo "PASS convert_refuses_existing"; else fail=$((fail + 1)); echo "FAIL convert_refuses_existing (rc $rc)"; cat "$tmp/err"; fi
check finetune_qat "$cli" finetune "$data/models/stories260K-hf" --data "$data/eval/gsm8k/train.jsonl" --format prompt-response \
  --max-examples 16 --mode full --out "$tmp/qat" --steps 2 --batch 2 --seq-len 256 --qat int4 --threads 2 --no-store
expect finetune_qat_export 'export +dsw-cli quantize .* --method rtn --bits 4 --group 32' "$tmp/out"

# export to GGUF and run the export; benchmark into a fresh store and report from it.
check export "$cli" export-gguf "$data/models/stories260K-hf" "$tmp/s.gguf" --type q8_0
expect export_fallback 'ffn_down' "$tmp/out"
check generate_gguf "$cli" generate "$tmp/s.gguf" --prompt "Once upon a time" --greedy --max-tokens 8
check bench "$cli" bench "$data/models/stories260K-hf" --prompt-tokens 32 --gen-tokens 8 --reps 2 --db "$tmp/w.db" --label a
check bench2 "$cli" bench "$tmp/s.gguf" --prompt-tokens 32 --gen-tokens 8 --reps 2 --db "$tmp/w.db" --label b
# one generated token is a valid speed run (the diversity suite's own minimum does not apply)
check bench_one_token "$cli" bench "$data/models/stories260K-hf" --prompt-tokens 4 --gen-tokens 1 --reps 1 --no-store --no-hash
check report "$cli" report --db "$tmp/w.db" --all --out "$tmp/r.md"
expect report_md '^\| decode_tps \| tokens/s \| higher \|' "$tmp/r.md"
check store_check "$cli" store --db "$tmp/w.db" check
expect store_ok 'integrity ok' "$tmp/out"

# bad input: clear errors, no crash, exit codes 1 (engine error) and 2 (usage).
"$cli" info "$src/tests/data/malformed/gguf/bad_magic.gguf" > /dev/null 2> "$tmp/err"; rc=$?
if [[ $rc == 1 ]] && grep -q 'bad_magic.gguf' "$tmp/err"; then pass=$((pass + 1)); echo "PASS bad_file_error"; else fail=$((fail + 1)); echo "FAIL bad_file_error (rc $rc)"; cat "$tmp/err"; fi
"$cli" generate "$data/models/stories260K-hf" --prompt x --top-p 7 > /dev/null 2> "$tmp/err"; rc=$?
if [[ $rc == 2 ]] && grep -q -- '--top-p' "$tmp/err"; then pass=$((pass + 1)); echo "PASS bad_argument"; else fail=$((fail + 1)); echo "FAIL bad_argument (rc $rc)"; fi
# a FIFO given as a text or config file is refused by type, not waited on (10 s guard per command).
mkfifo "$tmp/fifo"
for c in "tokenize $data/models/stories260K-hf --text-file" "perplexity $data/models/stories260K-hf --file" \
         "routing $tmp/v3 --file" "finetune $data/models/stories260K-hf --data x --out $tmp/ft --config" \
         "compare-attention $data/models/stories260K-hf $data/models/stories260K-hf --prompt-file" \
         "loadtest http://127.0.0.1:9/v1 --no-store --prompts"; do
  timeout 10 "$cli" $c "$tmp/fifo" > /dev/null 2> "$tmp/err"; rc=$?
  if [[ $rc == 1 || $rc == 2 ]] && grep -q 'is a FIFO' "$tmp/err"; then pass=$((pass + 1)); echo "PASS fifo_${c%% *}"
  else fail=$((fail + 1)); echo "FAIL fifo_${c%% *} (rc $rc)"; head -3 "$tmp/err"; fi
done

echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
