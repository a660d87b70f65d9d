#!/usr/bin/env bash
# Builds DeepSeek Workbench (Release) and opens the workbench window on the bundled demo model —
# a small DeepSeek-V3-architecture model (MoE + MLA, 5.56M parameters) trained on GSM8K train by the
# project's own trainer (resources/demo-model/MODEL_CARD.md). Extra arguments go to dsw (e.g. ./run.sh path/to/model --lang zh_CN).
#
# With no display (DISPLAY and WAYLAND_DISPLAY unset) it says so and runs a headless dsw-cli
# demonstration on the same model instead — model card, its greedy answer to a question, MoE routing — and
# exits 0.
set -euo pipefail
cd "$(dirname "$0")"

installer/install-deps.sh --check >/dev/null 2>&1 || installer/install-deps.sh

echo "== building dsw and dsw-cli (Release) =="
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDSW_BUILD_GUI=ON >/dev/null
cmake --build build -j"$(nproc)" --target dsw dsw-cli dsw_demo_model

demo=build/demo-model
cli=build/app/cli/dsw-cli

if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo
  echo "run.sh: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the workbench window"
  echo "cannot open here. Running a headless dsw-cli demonstration on the same bundled demo model"
  echo "instead. (On a desktop, ./run.sh opens the window.)"
  echo
  installer/headless-demo.sh "$cli" "$demo"  # the same demonstration the .deb installs
  echo
  echo "run.sh: headless demonstration finished. Open the window on a desktop with ./run.sh."
  exit 0
fi

exec build/app/gui/dsw "$@"
