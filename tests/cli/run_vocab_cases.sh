#!/usr/bin/env bash
# Runs `dsw-cli tokenize VOCAB --no-special --text-file CASE` for every case of a llama.cpp
# tokenizer test pair (VOCAB.inp / VOCAB.out by default) and compares the ids.
#   run_vocab_cases.sh DSW_CLI VOCAB.gguf [CASES.inp EXPECTED.out]
# Cases are split the way llama.cpp's test-tokenizer-0 does: the .inp is cut at every
# "\n__ggml_vocab_test__\n"; line i of the .out holds the ids of case i. Exit 77 (skip) when the
# vocabulary file is absent.
set -u
cli="$1"
vocab="$2"
inp="${3:-$vocab.inp}"
expected="${4:-$vocab.out}"
if [[ ! -f "$vocab" || ! -f "$inp" || ! -f "$expected" ]]; then
  echo "SKIP: $vocab (with .inp/.out) not found"
  exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The separator is a whole line, so splitting by lines is exact: a case is the lines between
# separator lines, joined with "\n" and without a trailing newline. awk in the C locale keeps bytes.
LC_ALL=C awk -v dir="$tmp" '
  BEGIN { n = 0; have = 0; buf = "" }
  $0 == "__ggml_vocab_test__" {
    f = sprintf("%s/case%03d.txt", dir, n); printf "%s", buf > f; close(f)
    n++; buf = ""; have = 0; next
  }
  { if (have) buf = buf "\n" $0; else buf = $0; have = 1 }
  END {
    if (have) { f = sprintf("%s/case%03d.txt", dir, n); printf "%s", buf > f; close(f); n++ }
    print n > (dir "/count")
  }' "$inp"

count=$(cat "$tmp/count")
lines=$(wc -l < "$expected")
if [[ "$count" -ne "$lines" ]]; then
  echo "FAIL: $count cases in $inp but $lines lines in $expected"
  exit 1
fi

failed=0
i=0
while IFS= read -r want || [[ -n "$want" ]]; do
  # The .out lines carry a leading space; compare with surrounding whitespace stripped.
  want="$(echo "$want" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')"
  case_file=$(printf "%s/case%03d.txt" "$tmp" "$i")
  got="$("$cli" tokenize "$vocab" --no-special --text-file "$case_file")"
  rc=$?
  if [[ $rc -ne 0 || "$got" != "$want" ]]; then
    echo "FAIL case $i (rc $rc): $(head -c 80 "$case_file" | od -An -c | tr -s ' ' | head -2)"
    echo "  expected: $want"
    echo "  got:      $got"
    failed=$((failed + 1))
  fi
  i=$((i + 1))
done < "$expected"

echo "$((count - failed)) passed, $failed failed ($count cases of $(basename "$vocab"))"
[[ $failed -eq 0 ]]
