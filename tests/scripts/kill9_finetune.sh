#!/bin/bash
# Reliability: kill -9 a fine-tuning job at random moments, N times (default 20). After every kill
# the job is started again with --resume; it must load the newest checkpoint (a failed load ends the
# run with an error instead of being killed, which this script counts as a failure). At the end the
# resumed run is finished and its per-step losses must equal an uninterrupted run's exactly, and no
# temporary or partial file may be left in the output folder.
#   tests/scripts/kill9_finetune.sh DSW_CLI DATA_DIR [N]
set -u
CLI=$1 DATA=$2 N=${3:-20}
WORK=$(mktemp -d /tmp/dsw-kill9.XXXXXX)
ARGS=(finetune "$DATA/models/stories260K-hf" --data "$DATA/eval/gsm8k/train.jsonl" --format prompt-response --max-examples 300
      --seq-len 256 --steps 60 --batch 2 --lr 2e-3 --warmup 5 --checkpoint-every 1 --eval-every 20 --threads 2 --no-store)
"$CLI" "${ARGS[@]}" --out "$WORK/reference" > "$WORK/reference.log" 2>&1 || { echo "FAIL: reference run"; exit 1; }
fail=0
for i in $(seq 1 "$N"); do
  "$CLI" "${ARGS[@]}" --out "$WORK/killed" --resume > "$WORK/run$i.log" 2>&1 &
  pid=$!
  sleep "$(awk -v s="$RANDOM" 'BEGIN { srand(s); printf "%.2f", 0.2 + rand() * 1.3 }')"
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  rc=$?
  newest=$(ls -d "$WORK"/killed/checkpoints/step-[0-9][0-9][0-9][0-9][0-9][0-9] 2> /dev/null | tail -1)
  if [ "$rc" -ne 137 ] && [ "$rc" -ne 0 ]; then
    echo "FAIL: run $i ended with $rc before the kill:"; tail -3 "$WORK/run$i.log"; fail=1
  fi
  for f in params.safetensors optimizer.safetensors state.json; do
    [ -z "$newest" ] || [ -s "$newest/$f" ] || { echo "FAIL: $newest lacks $f"; fail=1; }
  done
  echo "kill $i: exit $rc, newest checkpoint ${newest##*/}"
done
"$CLI" "${ARGS[@]}" --out "$WORK/killed" --resume > "$WORK/final.log" 2>&1 || { echo "FAIL: final resume"; tail -3 "$WORK/final.log"; exit 1; }
if ! cmp -s <(grep -o '"loss":[^,]*' "$WORK/reference/metrics.jsonl") <(grep -o '"loss":[^,]*' "$WORK/killed/metrics.jsonl"); then
  echo "FAIL: losses after $N kills differ from the uninterrupted run"; fail=1
else
  echo "losses after $N kills and resumes equal the uninterrupted run's ($(grep -c '"loss"' "$WORK/killed/metrics.jsonl") steps)"
fi
left=$(find "$WORK/killed" -name '.*.tmp*' -o -name '*.partial-*')
[ -z "$left" ] || { echo "FAIL: left behind: $left"; fail=1; }
[ $fail -eq 0 ] && echo "PASS" && rm -rf "$WORK"
exit $fail
