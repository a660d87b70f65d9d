#!/usr/bin/env python3
"""The checks run after a conversion (upcycle_stories260k.sh writes their inputs into WORK_DIR):

- attention consistency: per layer and head, the Jensen–Shannon divergence (natural log, in [0, ln 2])
  between the dense parent's attention rows and the version's, averaged over query positions and
  prompts; reported per version as mean and max over heads, and per layer;
- gradient monitor: the training runs' global gradient norms (metrics.jsonl): first, median, last,
  min, max, and flags for vanishing (< 1e-4) or exploding (> 1e3, or not finite) norms;
- distinct-n: distinct-1/2 of 16 sampled continuations (bench --suite diversity);
- routing: per MoE layer the entropy of the expert load (bits; log2 8 = 3 is uniform) and the load
  imbalance max/mean on the evaluation text, before (moe0) and after training (moe);
- perplexity on the evaluation text.
Standard library only.   versions_checks.py WORK_DIR   (prints JSON)
"""
import glob
import json
import math
import os
import statistics
import sys


def js(p, q):
    m = [(a + b) / 2 for a, b in zip(p, q)]
    kl = lambda x: sum(a * math.log(a / c) for a, c in zip(x, m) if a > 0)
    return (kl(p) + kl(q)) / 2


def attention_js(work, version):
    per_layer = {}
    for f in sorted(glob.glob(os.path.join(work, f"att-{version}-*.json"))):
        _, _, layer, prompt = os.path.basename(f)[:-5].split("-")
        ref = json.load(open(os.path.join(work, f"att-parent-{layer}-{prompt}.json")))["heads"]
        got = json.load(open(f))["heads"]
        for h in ref:
            d = statistics.mean(js(p, q) for p, q in zip(ref[h], got[h]))
            per_layer.setdefault(int(layer), {}).setdefault(int(h), []).append(d)
    heads = {(l, h): statistics.mean(v) for l, hs in per_layer.items() for h, v in hs.items()}
    return {"mean": statistics.mean(heads.values()), "max": max(heads.values()),
            "per_layer_mean": {l: statistics.mean(v for (ll, _), v in heads.items() if ll == l) for l in sorted(per_layer)}}


def gradients(run):
    g = [json.loads(l)["grad_norm"] for l in open(os.path.join(run, "metrics.jsonl")) if '"grad_norm"' in l]
    ev = [json.loads(l) for l in open(os.path.join(run, "metrics.jsonl")) if '"eval_loss"' in l]
    finite = all(math.isfinite(x) for x in g)
    return {"steps": len(g), "first": g[0], "median": statistics.median(g), "last": g[-1], "min": min(g), "max": max(g),
            "vanishing": min(g) < 1e-4, "exploding": (not finite) or max(g) > 1e3,
            "eval_loss_first": ev[0]["eval_loss"], "eval_loss_last": ev[-1]["eval_loss"]}


def routing(path):
    r = json.load(open(path))
    out = []
    for layer in r["layers"]:
        load = layer["load"]
        tot = sum(load)
        p = [x / tot for x in load if x > 0]
        out.append({"layer": layer["layer"], "entropy_bits": -sum(x * math.log2(x) for x in p),
                    "imbalance_max_over_mean": max(load) / (tot / len(load))})
    return out


def main():
    work = sys.argv[1]
    res = {"perplexity": {}, "distinct": {}, "attention_js_vs_parent": {}, "gradients": {}, "routing": {}}
    for m in ("parent", "moe0", "moe", "dense"):
        res["perplexity"][m] = json.JSONDecoder().raw_decode(open(os.path.join(work, f"ppl-{m}.json")).read().lstrip())[0]["ppl"]
        d = json.load(open(os.path.join(work, f"div-{m}.json")))
        res["distinct"][m] = {"distinct1": d["distinct1"], "distinct2": d["distinct2"]}
        if m != "parent":
            res["attention_js_vs_parent"][m] = attention_js(work, m)
    for run in ("moe-run", "dense-run"):
        res["gradients"][run] = gradients(os.path.join(work, run))
    for m in ("moe0", "moe"):
        res["routing"][m] = routing(os.path.join(work, f"routing-{m}.json"))
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
