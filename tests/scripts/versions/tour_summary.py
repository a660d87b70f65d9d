#!/usr/bin/env python3
"""Markdown tables of the versions tour (versions_tour.sh WORK_DIR), stdlib only: the benchmark rows
of WORK_DIR/tour.db by label, attention consistency (compare-attention --json against V1) and routing
(routing --json with its token_kinds, compare-routing --json). Every table names the command that
made its numbers.

usage: tour_summary.py WORK_DIR > tour.md
"""
import json
import math
import os
import random
import sqlite3
import sys

work = sys.argv[1]
load = lambda name: json.load(open(os.path.join(work, name)))
out = []
p = out.append

db = sqlite3.connect(os.path.join(work, "tour.db"))
db.row_factory = sqlite3.Row
rows = [dict(r) for r in db.execute("SELECT * FROM bench_results ORDER BY id")]
by = lambda suite, label: next((r for r in rows if r.get("suite") == suite and r.get("label") == label), {})
labels = ["V1 dense", "V2 MoE 8x top-2", "V3 INT4 QAT"]


def mutual_information(counts):
    """I(kind; expert) in bits of a table counts[expert][kind] of expert slots."""
    n = sum(map(sum, counts))
    if not n:
        return 0.0
    pe = [sum(r) / n for r in counts]
    pk = [sum(r[j] for r in counts) / n for j in range(len(counts[0]))]
    return sum(c / n * math.log2(c / n / (pe[i] * pk[j])) for i, r in enumerate(counts) for j, c in enumerate(r) if c)


def random_routing_information(counts, draws=20):
    """I(kind; expert) when experts are picked regardless of the token, with the layer's load: each
    kind's slots drawn from the load distribution (seeded), mean over draws. What chance alone gives
    on this many tokens."""
    rng = random.Random(1)
    load = [sum(r) for r in counts]
    kinds = [sum(r[j] for r in counts) for j in range(len(counts[0]))]
    total = 0.0
    for _ in range(draws):
        t = [[0] * len(kinds) for _ in load]
        for j, n in enumerate(kinds):
            for e in rng.choices(range(len(load)), weights=load, k=n):
                t[e][j] += 1
        total += mutual_information(t)
    return total / draws


def f(v, fmt="{:.4f}"):
    return "—" if v is None or (isinstance(v, float) and math.isnan(v)) else fmt.format(v)


speed0 = by("speed", labels[0])
p(f"Benchmarks (`dsw-cli bench MODEL --db tour.db --label L --threads 1 ...`), {speed0.get('device_name', '?')}, "
  f"{speed0.get('threads', '?')} thread, rows {rows[0]['id']}–{rows[-1]['id']} of `tour.db`:")
p("")
p("| version | parameters (active) | precision | weights on disk | prefill tok/s | decode tok/s | peak memory | perplexity, TinyStories excerpt (ctx 256) |")
p("|---|---|---|---|---|---|---|---|")
for l in labels:
    s, q = by("speed", l), by("perplexity", l)
    p(f"| {l} | {s.get('params_total', 0):,} ({s.get('params_active', 0):,}) | {s.get('precision', '?')} | "
      f"{f(s.get('weight_mb'), '{:.3f}')} MiB | {f(s.get('prefill_tps'), '{:,.0f}')} | {f(s.get('decode_tps'), '{:,.0f}')} | "
      f"{f(s.get('peak_host_mb'), '{:.2f}')} MiB | {f(q.get('perplexity'))} |")
for l in ["V2 INT4 RTN, no QAT", "V2 at step 0, exact copies", "V2 at step 0, Drop-Upcycling", "control: V2 trained from Drop-Upcycling"]:
    q = by("perplexity", l)
    if q:
        name = l if l.startswith("control") or l.startswith("V2 at") else "control: " + l
        p(f"| {name} | | {q.get('precision', '?')} | | | | | {f(q.get('perplexity'))} |")
p("")
p("Quality against a reference on the same tokens (`dsw-cli bench MODEL --suite quality --reference REF --file TEXT --ctx 256`):")
p("")
p("| version | reference | Δ perplexity | mean KL (nats) | top-1 agreement | routing Jaccard |")
p("|---|---|---|---|---|---|")
for l in [labels[1] + " vs V1", labels[2] + " vs V1", labels[2] + " vs V2"]:
    q = by("quality", l)
    p(f"| {l.split(' vs ')[0]} | {l.split(' vs ')[1]} | {f(q.get('delta_ppl_pct'), '{:+.2f}')}% | {f(q.get('kld_mean'))} | "
      f"{f(q.get('top1_agreement'), '{:.3f}')} | {f(q.get('routing_jaccard'), '{:.3f}')} |")
p("")

with open(os.path.join(work, "load.txt")) as fh:
    p("Load while the benchmarks ran (shared machine): " + "; ".join(" ".join(l.split()) for l in fh if l.strip()) + ".")
    p("")
p("Attention consistency against V1 (`dsw-cli compare-attention V1 MODEL --prompt-file prompt.txt --json`): per-head "
  "Jensen–Shannon divergence of the attention rows, bits (0 = the same), mean over rows; the table gives the mean and the "
  "largest head per layer.")
p("")
names = {"v2-0": "V2 at step 0, exact copies", "v2-d": "V2 at step 0, Drop-Upcycling", "v2": "V2 trained",
         "v2c": "control: Drop-Upcycling trained", "v3": "V3 INT4 QAT"}
names = {v: n for v, n in names.items() if os.path.exists(os.path.join(work, f"js-{v}.json"))}
js = {v: load(f"js-{v}.json") for v in names}
L = js["v2"]["layers"]
p("| layer | " + " | ".join(f"{names[v]} mean (max head)" for v in names) + " |")
p("|---|" + "---|" * len(names))
for layer in range(L):
    cells = []
    for v in names:
        hs = [h["js_mean"] for h in js[v]["per_head"] if h["layer"] == layer]
        cells.append(f"{sum(hs) / len(hs):.2e} ({max(hs):.2e})")
    p(f"| {layer} | " + " | ".join(cells) + " |")
p(f"\n{js['v2']['tokens']} tokens, {js['v2']['heads']} heads per layer.\n")

for src, title in [("routing", "the TinyStories excerpt"), ("routing-gsm", "40 GSM8K train questions")]:
    p(f"Routing on {title} (`dsw-cli routing MODEL --file ... --ctx 256 --json`): load balance (entropy of the load / "
      "ln 8, 1 = even), busiest expert's load over the mean, routing entropy (mean over tokens of the entropy of the "
      "normalised router scores, nats; ln 8 = 2.08 is no preference), I(kind; expert) in bits (of H(kind)) and, beside "
      "it, I under random routing with the same load (mean of 20 draws: each kind's expert slots drawn from the layer's "
      "load), and the expert each kind uses most with its share of that kind's tokens.")
    p("")
    p("| version | layer | balance | max/mean | routing entropy | I(kind; expert) | random routing | digits | operators | words | spaces/punct. | code |")
    p("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for v in names:
        r = load(f"{src}-{v}.json")
        tk = r.get("token_kinds")
        kinds = tk["kinds"] if tk else []
        for lay in r["layers"]:
            if not lay.get("moe"):
                continue
            ld = lay["load"]
            mean = sum(ld) / len(ld)
            k = next((x for x in tk["layers"] if x["layer"] == lay["layer"]), None) if tk else None
            cells = []
            for kind in ["digits", "operators", "words", "spaces/punctuation", "code"]:
                ki = kinds.index(kind)
                col = [row[ki] for row in k["counts"]] if k else []
                n = sum(col)
                if not n:
                    cells.append("—")
                    continue
                e = max(range(len(col)), key=lambda i: col[i])
                cells.append(f"e{e} {col[e] * r['shape']['experts_per_token'] / n:.0%}")
            info = f"{k['information_bits']:.3f} of {k['kind_entropy_bits']:.3f}" if k else "—"
            rnd = f"{random_routing_information(k['counts']):.3f}" if k else "—"
            p(f"| {names[v]} | {lay['layer']} | {lay['load_balance']:.3f} | {max(ld) / mean:.2f} | {lay['token_entropy']:.2f} | "
              f"{info} | {rnd} | " + " | ".join(cells) + " |")
    if tk:
        p(f"\nTokens by kind: " + ", ".join(f"{kinds[i]} {tk['tokens'][i]}" for i in range(len(kinds))) + ".\n")

c = load("compare-routing-v2-v3.json")
p("V2 against V3 on the excerpt (`dsw-cli compare-routing V2 V3 --file TEXT --ctx 256 --json`): share of tokens routed "
  f"differently in at least one layer {c['changed_any']:.1%}; per layer Jaccard of the expert sets "
  + ", ".join(f"{x['jaccard']:.3f}" for x in c["layers"]) + ".")
print("\n".join(out))
