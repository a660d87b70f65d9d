#!/usr/bin/env python3
# Routing of a MoE model on a text, from `dsw-cli routing --json` (docs/versions.md, "The demo
# model"). Per layer: the entropy of the expert-load distribution over log(n_experts) (1.0 =
# perfectly even), the busiest expert's load over the mean, and how much the chosen experts tell
# about the kind of token (digit, operator, word, space/newline): the mutual information
# I(kind; expert) in bits, with the expert each kind uses most.
#
#   dsw-cli routing MODEL --file TEXT --ctx 1024 --json | routing_stats.py
#
# The demo model's card uses TEXT = WORK/routing_heldout.txt, which demo_model_data.py writes: the
# last 6 held-out documents of the corpus joined by blank lines (1,321 tokens).
import collections
import json
import math
import sys


def kind(text):
    t = text.strip()
    if not t:
        return "space"
    if t.isdigit():
        return "digit"
    if all(c in "+-*/=<>$%.,:;()" for c in t):
        return "operator"
    return "word"


def entropy(counts):
    n = sum(counts)
    return -sum(c / n * math.log2(c / n) for c in counts if c)


j = json.load(sys.stdin)
kinds = [kind(t["text"]) for t in j["tokens"]]
routes = collections.defaultdict(list)
for r in j.get("routes", []):
    routes[r["layer"]].append(r)
for layer in j["layers"]:
    if not layer.get("moe", "load" in layer):  # a dense layer (first_k_dense_replace) has no router
        continue
    load = layer["load"]
    total = sum(load)
    h = entropy(load) / math.log2(len(load))
    line = (f"layer {layer['layer']}: load entropy {h:.3f}, imbalance max/mean {max(load) / (total / len(load)):.2f}, "
            f"experts used {sum(1 for x in load if x)}/{len(load)}, {layer['tokens']} tokens")
    rs = routes.get(layer["layer"])
    if rs:
        joint = collections.Counter()
        for r in rs:
            for e in r["experts"]:
                joint[(kinds[r["position"]], e)] += 1
        per_kind = collections.Counter()
        per_expert = collections.Counter()
        for (k, e), c in joint.items():
            per_kind[k] += c
            per_expert[e] += c
        mi = entropy(list(per_kind.values())) + entropy(list(per_expert.values())) - entropy(list(joint.values()))
        top = {k: max((c, e) for (kk, e), c in joint.items() if kk == k)[1] for k in sorted(per_kind)}
        line += f", I(kind; expert) {mi:.3f} bits, top expert per kind {top}"
    print(line)
