#!/usr/bin/env bash
# dsw-cli and the results store when things go wrong, on a tiny random model (no data needed):
#   cli_store_test.sh DSW_CLI
# bench checks the store before it measures (a store it cannot use: nothing is measured, the file
# is untouched); a finished measurement the store cannot take (another writer holds the lock
# past --busy-timeout) is printed and saved to a file that `store import` reads back, and the
# message names the database and the process holding it; read-only commands work while a writer
# holds the lock; import refuses a foreign or missing source without creating or changing it;
# tokenize names a checkpoint given without its tokenizer. Every check prints PASS/FAIL.
set -u
cli=$1
tmp=$(mktemp -d)
locker=
trap '[[ -n "$locker" ]] && kill "$locker" 2> /dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; sed 's/^/    /' "$tmp/err" 2> /dev/null | tail -5; }
run() {  # run NAME EXPECTED_EXIT COMMAND...   (stdout in $tmp/out, stderr in $tmp/err)
  local name=$1 want=$2; shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  local rc=$?
  if [[ $rc == "$want" ]]; then ok "$name"; else echo "    exit $rc, expected $want"; ko "$name"; fi
}
expect() {  # expect NAME REGEX FILE
  if grep -Eq -- "$2" "$3"; then ok "$1"; else echo "    /$2/ not in:"; head -10 "$3" | sed 's/^/    /'; ko "$1"; fi
}
absent() {  # absent NAME REGEX FILE
  if grep -Eq -- "$2" "$3"; then echo "    /$2/ found in $3"; ko "$1"; else ok "$1"; fi
}
sql() { python3 -c "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])" "$@"; }

run make_model 0 "$cli" make-model --arch llama --preset tiny --random --seed 3 "$tmp/m"
bench=("$cli" bench "$tmp/m" --prompt-tokens 16 --gen-tokens 8 --reps 2 --warmup 0 --no-hash)

# A store bench cannot use: refused before measuring, file unchanged.
python3 -c "import sqlite3; c = sqlite3.connect('$tmp/future.db'); c.execute('create table jobs(id)'); c.execute('create table bench_results(id)'); c.execute('pragma user_version = 99'); c.commit()"
sum_before=$(md5sum < "$tmp/future.db")
run bench_newer_store 1 "${bench[@]}" --db "$tmp/future.db"
expect bench_newer_says_why 'future.db: the database has schema version 99' "$tmp/err"
expect bench_newer_not_measured 'nothing was measured' "$tmp/err"
absent bench_newer_no_result 'decode ' "$tmp/out"
[[ "$(md5sum < "$tmp/future.db")" == "$sum_before" && ! -e "$tmp/future.db-wal" ]] && ok newer_store_untouched || ko newer_store_untouched
mkfifo "$tmp/pipe.db"
run bench_fifo_store 1 timeout 20 "${bench[@]}" --db "$tmp/pipe.db"
expect bench_fifo_says_what 'pipe.db: is a FIFO' "$tmp/err"

# A normal run stores its row and its job together.
run bench_stores 0 "${bench[@]}" --db "$tmp/w.db" --label first
expect bench_row_id 'stored +row 1' "$tmp/out"
[[ "$(sql "$tmp/w.db" "select state || ' ' || bench_id from jobs order by id desc limit 1")" == "succeeded 1" ]] && ok job_linked || ko job_linked

# Another writer holds the lock while bench measures: the result is printed and saved to a file.
python3 - "$tmp/w.db" "$tmp/locked" << 'EOF' &
import os, sqlite3, sys, time
db, flag = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db, isolation_level=None)
# Wait for the bench run's "running" job, then hold the write lock for 15 s.
for _ in range(2000):
    if c.execute("select count(*) from jobs where state = 'running'").fetchone()[0]:
        break
    time.sleep(0.01)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO bench_results(created_at, label) VALUES('x', 'held')")
open(flag, "w").close()
time.sleep(15)
EOF
locker=$!
run bench_locked 1 "$cli" bench "$tmp/m" --prompt-tokens 256 --gen-tokens 64 --reps 5 --warmup 1 --no-hash --db "$tmp/w.db" \
  --busy-timeout 1 --label second
[[ -e "$tmp/locked" ]] && ok lock_was_held || ko lock_was_held
expect locked_names_db 'w.db: .*stayed locked by another writer' "$tmp/err"
expect locked_names_holder "held by process $locker" "$tmp/err"
expect locked_result_printed 'decode +[0-9.]+ tokens/s' "$tmp/out"
saved=$(grep -Eo '/[^ ]*dsw-bench-unsaved-[0-9]+-[0-9]+\.json' "$tmp/err" | head -1)
[[ -n "$saved" && -s "$saved" ]] && ok result_saved_to_file || ko result_saved_to_file
# Read-only commands neither fail nor wait while the writer holds the lock.
run list_while_locked 0 timeout 10 "$cli" store --db "$tmp/w.db" list
expect list_shows_first '^1 .*first' "$tmp/out"
run check_while_locked 0 timeout 10 "$cli" store --db "$tmp/w.db" check
kill "$locker" 2> /dev/null
wait "$locker" 2> /dev/null
locker=
run import_saved 0 "$cli" store --db "$tmp/w.db" import "$saved"
expect import_saved_count 'imported 1 benchmark runs' "$tmp/out"
run list_after_import 0 "$cli" store --db "$tmp/w.db" list
expect second_row_there 'second' "$tmp/out"

# import: a foreign file and a missing one are refused; neither is created nor changed.
python3 -c "import sqlite3; c = sqlite3.connect('$tmp/people.db'); c.execute('create table people(name)'); c.commit()"
sum_before=$(md5sum < "$tmp/people.db")
run import_foreign 1 "$cli" store --db "$tmp/w.db" import "$tmp/people.db"
expect import_foreign_says 'people.db: is not a workbench database' "$tmp/err"
[[ "$(md5sum < "$tmp/people.db")" == "$sum_before" ]] && ok foreign_untouched || ko foreign_untouched
[[ "$(sql "$tmp/people.db" "select count(*) from sqlite_master")" == "1" ]] && ok foreign_gained_no_tables || ko foreign_gained_no_tables
run import_missing 1 "$cli" store --db "$tmp/w.db" import "$tmp/nothing.db"
expect import_missing_says 'nothing.db: no such database file' "$tmp/err"
[[ ! -e "$tmp/nothing.db" ]] && ok missing_not_created || ko missing_not_created
# report and list on a database that does not exist: an error, not a new empty file.
run list_missing 1 "$cli" store --db "$tmp/absent.db" list
[[ ! -e "$tmp/absent.db" ]] && ok list_created_nothing || ko list_created_nothing

# A llama2.c checkpoint given to tokenize with no tokenizer beside it.
python3 -c "
import struct
floats = 4 * 8 + 8 + 4 * 8 * 8 + 8 + 3 * 16 * 8 + 8 + 2 * 4 * 2
open('$tmp/model.bin', 'wb').write(struct.pack('<7i', 8, 16, 1, 2, 2, 4, 4) + b'\0' * (4 * floats))"
run tokenize_checkpoint 1 "$cli" tokenize "$tmp/model.bin" --text hello
expect tokenize_checkpoint_says 'model.bin: is a llama2.c checkpoint, not a tokenizer, and no tokenizer was found beside it' "$tmp/err"

echo "$pass passed, $fail failed"
[[ $fail == 0 ]]
