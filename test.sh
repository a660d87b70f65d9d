#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 / Ubuntu machine: installs the Debian packages it needs,
# builds everything (engine, CUDA kernels when nvcc is present, dsw-cli, the Qt workbench), runs
# every CTest label (unit, model, gpu — skipped without a GPU —, gui offscreen), then rebuilds the
# engine with ASan/UBSan and runs the unit tests again. Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")"

installer/install-deps.sh --check >/dev/null 2>&1 || installer/install-deps.sh

jobs=$(nproc)
export QT_QPA_PLATFORM=offscreen
export DSW_DATA_DIR="${DSW_DATA_DIR:-$(cd .. && pwd)/shared/data}"

echo "== build (Release) =="
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDSW_DATA_DIR="$DSW_DATA_DIR"
cmake --build build -j"$jobs"

echo "== tests: unit, model, gpu, gui =="
(cd build && ctest --output-on-failure -j"$jobs" --timeout 1200)

echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer =="
# -g1 (line tables): sanitizer reports keep file:line, and the test executables take about half of
# the disk that full debug information needs. Only what the unit label runs is built (no model or
# gpu tests, no benchmark helpers).
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDSW_SANITIZE=address,undefined \
  -DCMAKE_C_FLAGS_DEBUG=-g1 -DCMAKE_CXX_FLAGS_DEBUG=-g1 \
  -DDSW_BUILD_GUI=OFF -DDSW_WITH_CUDA=OFF -DDSW_BUILD_BENCH=OFF -DDSW_TEST_LABELS=unit -DDSW_DATA_DIR="$DSW_DATA_DIR"
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
   ctest -L unit --output-on-failure -j"$jobs" --timeout 1200)
