#!/bin/bash
# Runs a committed Python check (tests/scripts/*.py) with a Python that has torch, transformers and
# peft: $DSW_PYTHON, else /opt/pyref/bin/python, else python3. Without them the check reports SKIP
# (exit 77) with the reason, so CI on a machine without torch shows it as skipped, not passed.
#   python_check.sh SCRIPT ARGS...
# They take a minute or two (torch start-up, Trainer), so they run only when DSW_PYTHON_CHECKS=1.
set -u
if [ "${DSW_PYTHON_CHECKS:-0}" != "1" ]; then
  echo "SKIP: set DSW_PYTHON_CHECKS=1 to run $(basename "$1") (needs torch, transformers, peft; ~1-2 min)"
  exit 77
fi
for py in "${DSW_PYTHON:-}" /opt/pyref/bin/python python3; do
  [ -n "$py" ] || continue
  command -v "$py" > /dev/null 2>&1 || [ -x "$py" ] || continue
  if "$py" -c "import torch, transformers, peft" > /dev/null 2>&1; then
    exec "$py" "$@"
  fi
done
echo "SKIP: no Python with torch, transformers and peft (pip install torch==2.15.0 transformers==5.23.0 peft==0.21.2)"
exit 77
