#!/usr/bin/env bash
# dsw-cli compare-routing / compare-attention with a PEFT adapter on one side, on a tiny random
# DeepSeek-V3 model and an adapter trained one step from random A and B (no data needed):
#   cli_compare_adapter_test.sh DSW_CLI SOURCE_DIR
# The same model on both sides routes alike; --adapter-b changes B's routing and attention and
# leaves A's as it was (A's numbers equal those of the run without an adapter), and B with
# --adapter-b equals A with --adapter; stored runs refuse the adapter options. A data-set run
# stored with --adapter keeps the adapter's path, and routing-runs list shows it. Prints PASS/FAIL.
set -u
cli=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; sed 's/^/    /' "$tmp/err" 2> /dev/null | tail -5; }
run() {  # run NAME EXPECTED_EXIT OUT_FILE COMMAND...   (stderr in $tmp/err)
  local name=$1 want=$2 out=$3; shift 3
  "$@" > "$out" 2> "$tmp/err"
  local rc=$?
  if [[ $rc == "$want" ]]; then ok "$name"; else echo "    exit $rc, expected $want"; ko "$name"; fi
}
check() {  # check NAME PYTHON_EXPR (j(name) loads $tmp/name.json)
  if python3 -c "import json, sys
def j(n): return json.load(open(sys.argv[1] + '/' + n + '.json'))
def ent(n, side): return [l['entropy_' + side] for l in j(n)['layers']]
sys.exit(0 if ($2) else 1)" "$tmp"; then ok "$1"; else ko "$1"; fi
}

run make_model 0 "$tmp/log" "$cli" make-model --arch deepseek_v3 --preset tiny --random --seed 7 \
  --tokenizer "$src/tests/fixtures/tokenizers/deepseek-v3/tokenizer.json" "$tmp/m"
for i in 1 2 3 4 5 6 7 8; do echo "The quick brown fox jumps over the lazy dog, and then it sleeps in the sun."; done > "$tmp/text.txt"
echo '{"lora": {"init": "random", "target_modules": ["q_a_proj", "kv_b_proj", "o_proj", "up_proj", "down_proj"]}}' > "$tmp/run.json"
run make_adapter 0 "$tmp/log" "$cli" finetune "$tmp/m" --data "$tmp/text.txt" --out "$tmp/run" --config "$tmp/run.json" \
  --steps 1 --batch 1 --seq-len 32 --db "$tmp/w.db"
ad=$tmp/run/adapter
p="Hello world, and hello again"

run routing_base 0 "$tmp/base.json" "$cli" compare-routing "$tmp/m" "$tmp/m" --prompt "$p" --json
run routing_adapter_b 0 "$tmp/b.json" "$cli" compare-routing "$tmp/m" "$tmp/m" --prompt "$p" --adapter-b "$ad" --json
run routing_adapter_a 0 "$tmp/a.json" "$cli" compare-routing "$tmp/m" "$tmp/m" --prompt "$p" --adapter "$ad" --json
check base_routes_alike "j('base')['changed_any'] == 0 and ent('base', 'a') == ent('base', 'b')"
check adapter_b_leaves_a "ent('b', 'a') == ent('base', 'a')"
check adapter_b_changes_b "ent('b', 'b') != ent('base', 'b') and j('b')['changed_any'] > 0"
check adapter_b_is_adapter_on_a "ent('b', 'b') == ent('a', 'a') and ent('a', 'b') == ent('base', 'b')"

run attention_base 0 "$tmp/att_base.json" "$cli" compare-attention "$tmp/m" "$tmp/m" --prompt "$p" --json
run attention_adapter_b 0 "$tmp/att_b.json" "$cli" compare-attention "$tmp/m" "$tmp/m" --prompt "$p" --adapter-b "$ad" --json
check attention_base_alike "max(h['js_max'] for h in j('att_base')['per_head']) == 0"
check attention_adapter_b_differs "max(h['js_max'] for h in j('att_b')['per_head']) > 0"

run stored_runs_refuse_adapter 2 "$tmp/out" "$cli" compare-routing run:1 run:2 --adapter-b "$ad" --db "$tmp/w.db"
if grep -q -- "--adapter-b attach to models" "$tmp/err"; then ok stored_runs_say_why; else ko stored_runs_say_why; fi

# A data-set run stored with an adapter keeps it; one without says none.
run store_with_adapter 0 "$tmp/out" "$cli" routing "$tmp/m" --file "$tmp/text.txt" --adapter "$ad" --store --db "$tmp/w.db" --label adapted
run store_without_adapter 0 "$tmp/out" "$cli" routing "$tmp/m" --file "$tmp/text.txt" --store --db "$tmp/w.db" --label plain
run runs_list 0 "$tmp/list" "$cli" routing-runs list --db "$tmp/w.db"
if grep -E "adapted" "$tmp/list" | grep -qF -- "$tmp/m + adapter $ad <- "; then ok list_shows_adapter; else cat "$tmp/list"; ko list_shows_adapter; fi
if grep -E "plain" "$tmp/list" | grep -qF -- "$tmp/m <- "; then ok list_without_adapter; else cat "$tmp/list"; ko list_without_adapter; fi
id=$(grep -E " adapted " "$tmp/list" | awk '{print $1}')
run export_run 0 "$tmp/out" "$cli" routing-runs export "$id" "$tmp/run.json" --db "$tmp/w.db"
check export_has_adapter "j('run')['run']['adapters'] == ['$ad']"

echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
