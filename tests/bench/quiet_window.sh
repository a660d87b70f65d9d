#!/usr/bin/env bash
# Quiet windows for timing measurements on a machine shared with other work (builds, training):
# every figure in docs/performance.md marked "quiet window" was taken through this script.
#
#   quiet_window.sh wait           block while a quiet window is held (call before builds and tests)
#   quiet_window.sh hold CMD ARGS  take the quiet window (one holder at a time), pause registered
#                                  background jobs, wait until the 1-minute load average is < 0.6
#                                  (at most 8 minutes), run CMD, then release and resume them
#   quiet_window.sh pause-me PID   register a long background job (e.g. training) to be SIGSTOPped
#                                  during quiet windows and SIGCONTed after (dropped once it exits)
#
# Keep each held command short: builds that call "wait" are held back meanwhile. State lives in
# $DSW_QUIET_DIR (default /tmp/dsw-quiet).
set -uo pipefail
dir="${DSW_QUIET_DIR:-/tmp/dsw-quiet}"
mkdir -p "$dir/pause"
flag="$dir/HELD"

load1() { cut -d' ' -f1 /proc/loadavg; }

case "${1:-}" in
  wait)
    waited=0
    while [[ -e $flag ]]; do
      [[ $waited == 0 ]] && echo "quiet window held by $(cat "$flag" 2>/dev/null); waiting..." >&2
      waited=1; sleep 10
    done ;;
  pause-me)
    [[ -n "${2:-}" ]] || { echo "usage: quiet_window.sh pause-me PID" >&2; exit 2; }
    echo "$2" > "$dir/pause/$2" ;;
  hold)
    shift
    exec 9>"$dir/lock"
    flock 9
    echo "$(date -u +%H:%M:%S) pid $$: $*" > "$flag"
    paused=()
    for f in "$dir"/pause/*; do
      [[ -e $f ]] || continue
      p=$(cat "$f")
      if kill -0 "$p" 2>/dev/null; then
        kill -STOP -- "-$p" 2>/dev/null || kill -STOP "$p"
        pkill -STOP -P "$p" 2>/dev/null
        paused+=("$p")
      else rm -f "$f"; fi
    done
    release() {
      rm -f "$flag"
      for p in "${paused[@]}"; do
        pkill -CONT -P "$p" 2>/dev/null
        kill -CONT -- "-$p" 2>/dev/null || kill -CONT "$p"
      done
    }
    trap release EXIT INT TERM
    for _ in $(seq 48); do
      awk -v l="$(load1)" 'BEGIN{exit !(l < 0.6)}' && break
      sleep 10
    done
    echo "quiet window: load average $(cut -d' ' -f1-3 /proc/loadavg) at start ($(date -u +%H:%M:%S) UTC)" >&2
    "$@"
    rc=$?
    echo "quiet window: load average $(cut -d' ' -f1-3 /proc/loadavg) at end ($(date -u +%H:%M:%S) UTC)" >&2
    exit $rc ;;
  *) sed -n 2,14p "$0"; exit 2 ;;
esac
