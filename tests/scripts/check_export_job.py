#!/usr/bin/env python3
# Needs: pip install torch==2.15.0 transformers==5.23.0 peft==0.21.2
#
# `dsw-cli finetune --export-job` on stories260K over GSM8K: the exported project runs with transformers
# Trainer + PEFT on the CPU for a few steps, its logged losses equal dsw's own run of the same config
# (same rows, order, initial adapter, optimizer) within 1e-3 relative, and `dsw-cli import-run` records its
# metrics and adapter in the store.
#
#   check_export_job.py DSW_CLI DATA_DIR WORK_DIR       exit 0 pass, 1 fail, 77 skipped
import json
import os
import shutil
import sqlite3
import subprocess
import sys

try:
    import peft  # noqa: F401
    import torch  # noqa: F401
    import transformers  # noqa: F401
except ImportError as e:
    print(f"SKIP: {e}")
    sys.exit(77)

STEPS = 4


def run(*cmd, cwd=None):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd)
    if r.returncode != 0:
        print(r.stdout[-4000:], r.stderr[-4000:])
        raise SystemExit(f"FAIL: {' '.join(map(str, cmd))} exited {r.returncode}")
    return r.stdout


def main():
    cli, data_dir, work = sys.argv[1:4]
    model = os.path.join(data_dir, "models", "stories260K-hf")
    data = os.path.join(data_dir, "eval", "gsm8k", "train.jsonl")
    if not os.path.isdir(model) or not os.path.exists(data):
        print(f"SKIP: {data_dir} has no stories260K-hf / gsm8k")
        sys.exit(77)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    common = ["--data", data, "--format", "prompt-response", "--max-examples", "200", "--seq-len", "256", "--steps", str(STEPS),
              "--batch", "2", "--grad-accum", "2", "--lr", "2e-3", "--warmup", "1", "--threads", "2"]
    job = os.path.join(work, "job")
    run(cli, "finetune", model, *common, "--export-job", job)
    run(cli, "finetune", model, *common, "--out", os.path.join(work, "local"), "--no-store")
    ours = [json.loads(l) for l in open(os.path.join(work, "local", "metrics.jsonl")) if '"loss"' in l]
    env = dict(os.environ, OMP_NUM_THREADS="2")
    subprocess.run([sys.executable, "train.py"], cwd=job, env=env, capture_output=True, check=True)
    state = json.load(open(os.path.join(job, "output", "trainer_state.json")))
    theirs = [e for e in state["log_history"] if "loss" in e]
    failures = 0
    for a, b in zip(ours, theirs):
        d = abs(a["loss"] - b["loss"]) / abs(b["loss"])
        ok = a["step"] == b["step"] and d <= 1e-3
        failures += not ok
        print(f"{'PASS' if ok else 'FAIL'} step {a['step']}: dsw loss {a['loss']:.6f}, Trainer {b['loss']:.6f} ({d:.1e}); "
              f"grad norm {a['grad_norm']:.4f} vs {b.get('grad_norm', float('nan')):.4f}")
    if len(theirs) != STEPS:
        failures += 1
        print(f"FAIL: Trainer logged {len(theirs)} steps, expected {STEPS}")
    db = os.path.join(work, "store.db")
    out = run(cli, "import-run", job, "--db", db)
    con = sqlite3.connect(db)
    n = con.execute("SELECT COUNT(*) FROM train_metrics").fetchone()[0]
    src, adapter = con.execute("SELECT source, adapter_dir FROM train_runs").fetchone()
    ok = n == STEPS and src == "imported" and os.path.exists(os.path.join(adapter, "adapter_config.json"))
    failures += not ok
    print(f"{'PASS' if ok else 'FAIL'} import-run: {out.strip()} ({n} metric rows)")
    print(f"{STEPS + 1 - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
