#!/usr/bin/env python3
"""Per-layer specialisation figures of upcycled MoE runs (docs/versions.md, "Sharpening the experts").

    specialise_table.py LABEL=ROUTING_JSON[:PPL_JSON] ...

ROUTING_JSON: `dsw-cli routing MODEL --file gsm40.jsonl --field question --ctx 256 --json`;
PPL_JSON: `dsw-cli perplexity MODEL --file EXCERPT --ctx 256 --json` (optional). Prints one markdown
row per run: perplexity, then per MoE layer I(kind; expert) in bits and the share of each kind's
tokens that its most used expert takes (each token has top-k slots) (digits / operators / spaces and punctuation), and the mean
over layers of I, of the routing entropy (token_entropy: entropy of the normalised router scores) and
of those three shares.
"""
import json
import sys

KINDS = ["digits", "operators", "spaces/punctuation"]


def layer_figures(tk, k):
    """Per layer: I(kind; expert) and, per kind, the share of its tokens (k expert slots each) that
    the most used expert takes."""
    out = []
    for layer in tk["layers"]:
        counts = layer["counts"]  # [expert][kind] expert slots
        shares = []
        for kind in KINDS:
            j = tk["kinds"].index(kind)
            col = [row[j] for row in counts]
            shares.append(k * max(col) / sum(col) if sum(col) else 0.0)
        out.append((layer["information_bits"], shares))
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    print("| run | perplexity | I(kind; expert) per layer, bits | mean I | routing entropy, nats (mean over layers; ln 8 = 2.08) | top-expert share digits / operators / spaces+punct., per layer | mean shares |")
    print("|---|---|---|---|---|---|---|")
    for arg in sys.argv[1:]:
        label, paths = arg.split("=", 1)
        routing, _, ppl = paths.partition(":")
        r = json.load(open(routing))
        figs = layer_figures(r["token_kinds"], r["shape"]["experts_per_token"])
        p = "—"
        if ppl:
            # the JSON object comes first; the human-readable summary may follow it
            p = f"{json.JSONDecoder().raw_decode(open(ppl).read())[0]['ppl']:.4f}"
        info = ", ".join(f"{i:.3f}" for i, _ in figs)
        mean_i = sum(i for i, _ in figs) / len(figs)
        shares = "; ".join("/".join(f"{100 * s:.0f}" for s in sh) for _, sh in figs)
        mean_s = "/".join(f"{100 * sum(sh[k] for _, sh in figs) / len(figs):.0f}%" for k in range(len(KINDS)))
        moe = [l for l in r["layers"] if l.get("moe")]
        ent = sum(float(l["token_entropy"]) for l in moe) / len(moe)
        print(f"| {label} | {p} | {info} | {mean_i:.3f} | {ent:.2f} | {shares} | {mean_s} |")


if __name__ == "__main__":
    main()
