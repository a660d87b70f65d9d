#!/usr/bin/env python3
"""Per-layer specialisation figures of upcycled MoE runs (docs/versions.md, "Sharpening the experts").

    specialise_table.py LABEL=ROUTING_JSON[:PPL_JSON] ...

ROUTING_JSON: `dsw-cli routing MODEL --file gsm40.jsonl --field question --ctx 256 --json`;
PPL_JSON: `dsw-cli perplexity MODEL --file EXCERPT --ctx 256 --json` (optional). Prints one markdown
row per run:
  - the perplexity;
  - I(kind; expert) in bits per MoE layer, and its mean over the layers;
  - the routing entropy (the layers' token_entropy: entropy of the normalised router scores, nats,
    mean over the layers; ln 8 = 2.08 is no preference);
  - the busiest expert's load over the mean load, per layer;
  - per kind (digits, operators, spaces and punctuation), means over the layers of: the share of
    the kind's tokens that its most used expert takes (each token has top-k slots; 100% = every
    token of the kind goes to that expert), and the kind's share of that expert's slots (how much
    of the expert is that kind; the kind's share of all slots is the level of no specialisation).
"""
import json
import sys

KINDS = ["digits", "operators", "spaces/punctuation"]


def kind_figures(tk, k):
    """Per layer and kind: (share of the kind's tokens in its top expert, the kind's share of that expert)."""
    out = []
    for layer in tk["layers"]:
        counts = layer["counts"]  # [expert][kind] expert slots
        row = []
        for kind in KINDS:
            j = tk["kinds"].index(kind)
            col = [r[j] for r in counts]
            top = max(range(len(col)), key=lambda e: col[e])
            took = k * col[top] / sum(col) if sum(col) else 0.0
            purity = col[top] / sum(counts[top]) if sum(counts[top]) else 0.0
            row.append((took, purity))
        out.append(row)
    return out


def base_rates(tk):
    total = [sum(r[j] for r in tk["layers"][0]["counts"]) for j in range(len(tk["kinds"]))]
    return [total[tk["kinds"].index(k)] / sum(total) for k in KINDS]


def mean(v):
    return sum(v) / len(v)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print("| run | perplexity | I(kind; expert) per layer, bits | mean I | routing entropy | busiest / mean load, per layer "
          "| top expert takes: digits / operators / spaces+punct. | the kind's share of that expert |")
    print("|---|---|---|---|---|---|---|---|")
    rates = None
    for arg in sys.argv[1:]:
        label, paths = arg.split("=", 1)
        routing, _, ppl = paths.partition(":")
        r = json.load(open(routing))
        tk = r["token_kinds"]
        rates = base_rates(tk)
        info = [l["information_bits"] for l in tk["layers"]]
        kinds = kind_figures(tk, r["shape"]["experts_per_token"])
        moe = [l for l in r["layers"] if l.get("moe")]
        p = "—"
        if ppl:  # the JSON object comes first; the human-readable summary may follow it
            p = f"{json.JSONDecoder().raw_decode(open(ppl).read())[0]['ppl']:.4f}"
        ent = mean([float(l["token_entropy"]) for l in moe])
        imb = ", ".join(f"{max(l['load']) * len(l['load']) / sum(l['load']):.2f}" for l in moe)
        took = " / ".join(f"{100 * mean([row[i][0] for row in kinds]):.0f}%" for i in range(len(KINDS)))
        purity = " / ".join(f"{100 * mean([row[i][1] for row in kinds]):.1f}%" for i in range(len(KINDS)))
        print(f"| {label} | {p} | {', '.join(f'{i:.3f}' for i in info)} | {mean(info):.3f} | {ent:.2f} | {imb} | {took} | {purity} |")
    if rates:
        print("\nShare of all expert slots (no specialisation): " + " / ".join(f"{100 * x:.1f}%" for x in rates) + ".")


if __name__ == "__main__":
    main()
