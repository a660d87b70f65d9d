#!/usr/bin/env python3
# Needs: pip install torch==2.15.0 transformers==5.23.0 peft==0.21.2
#
# Acceptance run (docs/training.md): a 200-step LoRA fine-tune of stories260K on GSM8K question/answer pairs
# with dsw (`dsw-cli finetune`), and the same run with transformers Trainer + PEFT (`--export-job`: same rows,
# template, order, initial adapter, optimizer, schedule, clipping, seed). Writes the per-step losses of both,
# the largest relative difference, and an SVG with both curves.
#
#   peft_loss_curve.py DSW_CLI DATA_DIR OUT_DIR [--steps 200]
import argparse
import json
import os
import shutil
import subprocess
import sys
import time


def run(cmd, cwd=None, env=None):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd, env=env)
    if r.returncode != 0:
        print(r.stdout[-3000:], r.stderr[-3000:])
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}")
    return r.stdout


def svg(ours, theirs, path):
    W, H, m = 720, 360, 50
    steps = [s for s, _ in ours]
    ys = [v for _, v in ours] + [v for _, v in theirs]
    lo, hi = min(ys), max(ys)
    x = lambda s: m + (s - steps[0]) / max(1, steps[-1] - steps[0]) * (W - 2 * m)
    y = lambda v: H - m - (v - lo) / max(1e-9, hi - lo) * (H - 2 * m)
    def line(pts, color, dash=""):
        d = " ".join(f"{'M' if i == 0 else 'L'}{x(s):.1f},{y(v):.1f}" for i, (s, v) in enumerate(pts))
        return f'<path d="{d}" fill="none" stroke="{color}" stroke-width="1.5" {dash}/>'
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
             f'<rect width="{W}" height="{H}" fill="white"/>',
             f'<line x1="{m}" y1="{H - m}" x2="{W - m}" y2="{H - m}" stroke="black"/>',
             f'<line x1="{m}" y1="{m}" x2="{m}" y2="{H - m}" stroke="black"/>',
             line(ours, "#1f77b4"), line(theirs, "#d62728", 'stroke-dasharray="4 3"'),
             f'<text x="{W / 2 - 60}" y="{H - 15}">optimizer step</text>',
             f'<text x="5" y="{m - 10}">training loss</text>',
             f'<text x="{m}" y="{H - m + 15}">{steps[0]}</text><text x="{W - m - 20}" y="{H - m + 15}">{steps[-1]}</text>',
             f'<text x="5" y="{y(hi) + 4:.0f}">{hi:.2f}</text><text x="5" y="{y(lo) + 4:.0f}">{lo:.2f}</text>',
             f'<text x="{W - 260}" y="{m}" fill="#1f77b4">— dsw (C++ engine, CPU)</text>',
             f'<text x="{W - 260}" y="{m + 16}" fill="#d62728">- - transformers Trainer + PEFT</text>', "</svg>"]
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cli")
    ap.add_argument("data_dir")
    ap.add_argument("out")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    model = os.path.join(a.data_dir, "models", "stories260K-hf")
    data = os.path.join(a.data_dir, "eval", "gsm8k", "train.jsonl")
    shutil.rmtree(a.out, ignore_errors=True)
    os.makedirs(a.out)
    common = ["--data", data, "--format", "prompt-response", "--max-examples", "2000", "--seq-len", "256",
              "--steps", str(a.steps), "--batch", "4", "--lr", "1e-3", "--warmup", "10", "--schedule", "cosine",
              "--eval-every", "50", "--targets", "all-linear", "--rank", "8", "--alpha", "16", "--seed", "7",
              "--threads", str(a.threads)]
    job = os.path.join(a.out, "job")
    run([a.cli, "finetune", model, *common, "--export-job", job])
    t0 = time.time()
    run([a.cli, "finetune", model, *common, "--out", os.path.join(a.out, "dsw"), "--no-store"])
    t_dsw = time.time() - t0
    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads), MKL_NUM_THREADS=str(a.threads))
    t0 = time.time()
    run([sys.executable, "train.py"], cwd=job, env=env)
    t_pt = time.time() - t0
    hist = [json.loads(l) for l in open(os.path.join(a.out, "dsw", "metrics.jsonl"))]
    ours = [(h["step"], h["loss"]) for h in hist if "loss" in h]
    ours_eval = [(h["step"], h["eval_loss"]) for h in hist if "eval_loss" in h]
    state = json.load(open(os.path.join(job, "output", "trainer_state.json")))
    theirs = [(e["step"], e["loss"]) for e in state["log_history"] if "loss" in e]
    theirs_eval = [(e["step"], e["eval_loss"]) for e in state["log_history"] if "eval_loss" in e]
    worst = max(abs(o - t) / abs(t) for (_, o), (_, t) in zip(ours, theirs))
    svg(ours, theirs, os.path.join(a.out, "loss_curve.svg"))
    rows = ["| step | dsw loss | Trainer + PEFT loss | rel. diff |", "|---:|---:|---:|---:|"]
    for (s, o), (_, t) in zip(ours, theirs):
        if s in (1, 2, 5) or s % 10 == 0:
            rows.append(f"| {s} | {o:.4f} | {t:.4f} | {abs(o - t) / abs(t):.1e} |")
    summary = {"steps": len(ours), "max_rel_diff": worst, "dsw_eval": ours_eval, "trainer_eval": theirs_eval,
               "dsw_seconds": t_dsw, "trainer_seconds": t_pt}
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    with open(os.path.join(a.out, "table.md"), "w") as f:
        f.write("\n".join(rows) + "\n")
    print(json.dumps(summary, indent=1))
    print("\n".join(rows))
    sys.exit(0 if worst <= 0.02 and len(ours) == len(theirs) == a.steps else 1)


if __name__ == "__main__":
    main()
