#!/usr/bin/env python3
"""Share of routed-expert weights touched per token and per block of positions, from
`dsw-cli routing MODEL --file TEXT --json` (stdlib only). Used for docs/performance.md.

usage: expert_share.py routing.json
"""
import json
import sys

d = json.load(open(sys.argv[1]))
E, k = d["experts"], d["experts_per_token"]
per_token = {}
for r in d["routes"]:
    per_token.setdefault(r["layer"], []).append(len(set(r["experts"])))
n_tokens = d["layers"][0]["tokens"]
avg = sum(sum(v) / len(v) for v in per_token.values()) / len(per_token)
print(f"experts {E}, top-{k}, MoE layers {len(per_token)}, tokens {n_tokens}")
print(f"distinct experts per token per layer: {avg:.3f} -> share {avg / E:.4f} (k/E = {k / E:.4f})")
for window in (1, 16, 256, 1 << 30):
    groups = {}
    for r in d["routes"]:
        groups.setdefault((r["layer"], r["position"] // window), set()).update(r["experts"])
    shares = [len(g) / E for g in groups.values()]
    name = "whole text" if window == 1 << 30 else f"{window}-token blocks"
    print(f"{name}: mean share of routed experts touched {sum(shares) / len(shares):.3f}")
