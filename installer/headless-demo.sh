#!/usr/bin/env bash
# The headless demonstration of DeepSeek Workbench on its bundled demo model — the model card, a
# greedy answer to a question and MoE routing, through dsw-cli — for machines without a display. run.sh runs
# it from a build; the .deb installs it as /usr/share/deepseek-workbench/headless-demo, beside the
# bundled model.
#   headless-demo [DSW_CLI [DEMO_MODEL]]
# Defaults: dsw-cli from the PATH (else ../../bin/dsw-cli from here) and ./demo-model beside this
# script, which is where the package puts them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cli="${1:-$(command -v dsw-cli || echo "$here/../../bin/dsw-cli")}"
demo="${2:-$here/demo-model}"
if [[ ! -x "$cli" ]]; then echo "headless-demo: dsw-cli not found ($cli)" >&2; exit 1; fi
if [[ ! -f "$demo/config.json" ]]; then echo "headless-demo: the bundled demo model is missing ($demo)" >&2; exit 1; fi

echo "== dsw-cli info: the model card =="
"$cli" info "$demo"
echo
question="Tom has 3 boxes with 4 apples in each box. He eats 2 apples. How many apples are left?"
echo "== dsw-cli generate: its greedy answer to a question (lightly trained: a GSM8K-style worked answer, wrong arithmetic) =="
"$cli" generate "$demo" --chat "$question" --greedy --max-tokens 64
echo
echo "== dsw-cli routing: which of the 16 routed experts each MoE layer chose for that question =="
"$cli" routing "$demo" --prompt "User: $question" --load-only
