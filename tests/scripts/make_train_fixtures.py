#!/usr/bin/env python3
# Needs: pip install torch==2.15.0 transformers==5.23.0 peft==0.21.2 safetensors==0.8.0
#        (not run by CI; its outputs are committed fixtures under tests/fixtures/train/)
#
# Gradient-parity fixtures (training.md §15): for each base model, one fp32 CPU forward + backward of the
# causal-LM loss over a 2-row batch with masked (-100) label positions, with
#   - LoRA through PEFT (r 4, alpha 8, dropout 0, init_lora_weights=False so B != 0 and dA is really tested)
#     on attention (incl. MLA projections), dense MLP, shared experts and every routed expert, and
#   - full fine-tuning (every weight trainable, no adapter),
# and writes the initial LoRA weights, the loss and every gradient under canonical names:
#   lora.safetensors : input_ids I32 [B, S], labels I32 [B, S], loss F32 [1],
#                      base_model.model.<module>.lora_{A,B}.weight (initial values),
#                      grad.base_model.model.<module>.lora_{A,B}.weight
#   full.safetensors : input_ids, labels, loss, grad.<HF weight name> for every weight
#   meta.json        : versions, seeds, base model, LoRA config, router margins.
#
# Bases: stories260K (real weights, ../shared/data/models/stories260K-hf) and the tiny qwen2, deepseek (V1),
# deepseek_v2 and deepseek_v3 checkpoints of tests/fixtures/models. transformers 5.x fuses routed experts into
# mlp.experts.gate_up_proj [E, 2I, H] / down_proj [E, H, I]; PEFT 0.21 adapts those through target_parameters
# (ParamWrapper). A per-expert LoRA pair on gate_proj and up_proj (rank r, alpha a) equals one fused gate_up
# LoRA of rank 2r, alpha 2a with A_e = [A_gate; A_up] and B_e = diag(B_gate, B_up) (PEFT's own v4 -> v5
# conversion, training.md §14.2), so the script builds the fused tensors from per-expert values and reads
# the per-expert gradients back out of the fused ones (off-diagonal blocks are ignored). Listing
# "gate_proj"/"up_proj"/"down_proj" in target_modules would make PEFT 0.21 move them to target_parameters and
# silently drop the shared experts and dense MLPs, so non-expert modules are targeted by a regex instead.
#
#   /opt/pyref/bin/python tests/scripts/make_train_fixtures.py [--only NAME]

import argparse
import json
import os
import platform
import sys

import peft
import peft.utils.transformers_weight_conversion
import safetensors
import torch
import torch.nn.functional as F
import transformers
from peft import LoraConfig, get_peft_model
from safetensors.torch import save_file
from transformers import AutoModelForCausalLM

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import reference_deepseek_moe as dsmoe  # noqa: E402

OUT = os.path.join(ROOT, "tests", "fixtures", "train")
DATA = os.environ.get("DSW_DATA_DIR", os.path.normpath(os.path.join(ROOT, "..", "shared", "data")))
VERSIONS = {"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__,
            "safetensors": safetensors.__version__, "python": platform.python_version()}
R, ALPHA = 4, 8.0
B, S = 2, 12
MARGIN = 1e-4

torch.set_num_threads(1)
# PEFT 0.21 rewrites v4-style targets for transformers-5 MoE models: every module name ending in gate_proj /
# up_proj / down_proj (the dense MLPs and shared experts too) moves to the fused experts' target_parameters,
# so those Linears silently lose their adapters. The fixtures state their targets exactly, so that rewrite
# is switched off here.
peft.utils.transformers_weight_conversion.convert_peft_config_for_transformers = lambda *args, **kwargs: None
transformers.utils.logging.set_verbosity_error()
transformers.utils.logging.disable_progress_bar()

SPECS = {
    "stories260k": dict(base="data:models/stories260K-hf", seed=11),
    "qwen2": dict(base="fixtures:qwen2_gqa_bias", seed=12),
    "deepseek": dict(base="fixtures:deepseek_moe_v1", seed=13),
    "deepseek_v2": dict(base="fixtures:deepseek_v2_lite_style", seed=14),
    "deepseek_v3": dict(base="fixtures:deepseek_v3_noaux", seed=15),
}

NON_EXPERT = (r".*\.self_attn\.(q_proj|k_proj|v_proj|o_proj|q_a_proj|q_b_proj|kv_a_proj_with_mqa|kv_b_proj)"
              r"|.*\.mlp\.(gate_proj|up_proj|down_proj)|.*\.mlp\.shared_experts\.(gate_proj|up_proj|down_proj)")


def base_path(spec):
    kind, rel = spec.split(":", 1)
    return os.path.join(DATA, rel) if kind == "data" else os.path.join(ROOT, "tests", "fixtures", "models", rel)


def load_model(path):
    with open(os.path.join(path, "config.json")) as f:
        mt = json.load(f)["model_type"]
    if mt == "deepseek":
        return dsmoe.load(path), mt
    m = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, attn_implementation="eager",
                                             experts_implementation="eager")
    return m, mt


def causal_loss(model, mt, ids, labels):
    """Mean cross-entropy over the shifted targets of all rows (HF ForCausalLMLoss, reduction mean)."""
    if mt == "deepseek":
        logits = torch.stack([model(ids[b])[0] for b in range(ids.shape[0])])
    else:
        logits = model(input_ids=ids).logits
    shift = labels[:, 1:].reshape(-1)
    return F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]).float(), shift, ignore_index=-100)


def router_margins(model, mt, ids):
    """Smallest gap between the K-th and (K+1)-th selection score over all tokens and MoE layers."""
    cfg = model.config
    if not getattr(cfg, "n_routed_experts", None):
        return None
    inputs = []
    hooks = []
    for layer in model.model.layers:
        gate = getattr(layer.mlp, "gate", None)
        if gate is not None and not isinstance(gate, torch.nn.Linear):  # the router module, not a dense MLP's gate
            hooks.append(gate.register_forward_hook(lambda mod, inp, out: inputs.append((mod, inp[0].detach()))))
    with torch.no_grad():
        if mt == "deepseek":
            for b in range(ids.shape[0]):
                model(ids[b])
        else:
            model(input_ids=ids)
    for h in hooks:
        h.remove()
    k = cfg.num_experts_per_tok
    worst = float("inf")
    for mod, x in inputs:
        x = x.reshape(-1, x.shape[-1]).float()
        logits = x @ mod.weight.float().t()
        if mt == "deepseek_v3":
            s = logits.sigmoid() + mod.e_score_correction_bias
            E, G = s.shape[1], mod.num_group
            gs = s.view(-1, G, E // G).topk(2, dim=-1)[0].sum(-1)
            keep = torch.zeros_like(gs).scatter_(1, torch.topk(gs, mod.topk_group, dim=-1)[1], 1)
            s = s.masked_fill(~keep.unsqueeze(-1).expand(-1, G, E // G).reshape(-1, E).bool(), float("-inf"))
        else:
            s = logits.softmax(-1)
        top = s.topk(k + 1, dim=-1)[0]
        worst = min(worst, float((top[:, k - 1] - top[:, k]).min().detach()))
    return worst


def make_batch(seed, vocab, model, mt):
    for attempt in range(50):
        g = torch.Generator().manual_seed(seed * 100 + attempt)
        ids = torch.randint(0, vocab, (B, S), generator=g)
        m = router_margins(model, mt, ids)
        if m is None or m >= MARGIN:
            labels = ids.clone()
            labels[0, :4] = -100   # a masked prompt
            labels[1, :2] = -100
            labels[1, 9] = -100    # a masked position inside the response
            return ids, labels, m, seed * 100 + attempt
    raise RuntimeError("no batch without router near-ties")


def expert_layout(model):
    """(layer index, experts module) for every fused-experts module."""
    out = []
    for i, layer in enumerate(model.model.layers):
        ex = getattr(layer.mlp, "experts", None)
        if ex is not None and hasattr(ex, "gate_up_proj"):
            out.append((i, ex))
    return out


def lora_fixture(name, spec):
    path = base_path(spec["base"])
    model, mt = load_model(path)
    torch.manual_seed(spec["seed"])
    ids, labels, margin, batch_seed = make_batch(spec["seed"], model.config.vocab_size, model, mt)
    fused = expert_layout(model) if mt != "deepseek" else []
    E = model.config.n_routed_experts if fused else 0
    if mt == "deepseek":
        targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
        cfg = LoraConfig(r=R, lora_alpha=ALPHA, lora_dropout=0.0, target_modules=targets, init_lora_weights=False)
    elif fused:
        cfg = LoraConfig(r=R, lora_alpha=ALPHA, lora_dropout=0.0, target_modules=NON_EXPERT,
                         target_parameters=["mlp.experts.gate_up_proj", "mlp.experts.down_proj"],
                         rank_pattern={"gate_up_proj": 2 * R}, alpha_pattern={"gate_up_proj": 2 * ALPHA},
                         init_lora_weights=False)
    else:
        cfg = LoraConfig(r=R, lora_alpha=ALPHA, lora_dropout=0.0, target_modules=NON_EXPERT, init_lora_weights=False)
    pm = get_peft_model(model, cfg)
    # Per-expert initial values, written into the fused tensors (A: expert slowest; B: expert fastest).
    gen = torch.Generator().manual_seed(spec["seed"] + 7)
    per_expert = {}
    with torch.no_grad():
        for li, ex in fused:
            H, I2 = ex.gate_up_proj.shape[2], ex.gate_up_proj.shape[1]
            I = I2 // 2
            gu_a = gu_b = dn_a = dn_b = None
            for n, p in pm.named_parameters():
                pre = f"model.layers.{li}.mlp.experts."
                if pre in n and "lora_A" in n:
                    if ".base_layer." in n:
                        gu_a = p
                    else:
                        dn_a = p
                if pre in n and "lora_B" in n:
                    if ".base_layer." in n:
                        gu_b = p
                    else:
                        dn_b = p
            assert gu_a.shape == (E * 2 * R, H) and gu_b.shape == (I2, E * 2 * R), (gu_a.shape, gu_b.shape)
            assert dn_a.shape == (E * R, I) and dn_b.shape == (H, E * R), (dn_a.shape, dn_b.shape)
            gu_a.zero_(), gu_b.zero_(), dn_a.zero_(), dn_b.zero_()
            for e in range(E):
                ag = (torch.rand(R, H, generator=gen) * 2 - 1) / H ** 0.5
                au = (torch.rand(R, H, generator=gen) * 2 - 1) / H ** 0.5
                ad = (torch.rand(R, I, generator=gen) * 2 - 1) / I ** 0.5
                bg = (torch.rand(I, R, generator=gen) * 2 - 1) / R ** 0.5
                bu = (torch.rand(I, R, generator=gen) * 2 - 1) / R ** 0.5
                bd = (torch.rand(H, R, generator=gen) * 2 - 1) / R ** 0.5
                gu_a[e * 2 * R: e * 2 * R + R] = ag
                gu_a[e * 2 * R + R: (e + 1) * 2 * R] = au
                for j in range(R):
                    gu_b[:I, j * E + e] = bg[:, j]
                    gu_b[I:, (R + j) * E + e] = bu[:, j]
                    dn_b[:, j * E + e] = bd[:, j]
                dn_a[e * R:(e + 1) * R] = ad
                pre = f"base_model.model.model.layers.{li}.mlp.experts.{e}."
                per_expert[pre + "gate_proj"] = (ag, bg)
                per_expert[pre + "up_proj"] = (au, bu)
                per_expert[pre + "down_proj"] = (ad, bd)
            per_expert[("fused", li)] = (gu_a, gu_b, dn_a, dn_b, I)
    pm.train()
    loss = causal_loss(pm, mt, ids, labels)
    loss.backward()

    out = {"input_ids": ids.to(torch.int32), "labels": labels.to(torch.int32), "loss": loss.detach().reshape(1)}
    n_modules = 0
    for n, p in pm.named_parameters():
        if "lora_" not in n or ".mlp.experts." in n and fused:
            continue
        key = n.replace(".default", "")
        out[key] = p.detach().clone()
        # An expert no token reached gets no gradient at all (grad None): its fixture gradient is zero.
        out["grad." + key] = p.grad.detach().clone() if p.grad is not None else torch.zeros_like(p)
        n_modules += 1
    for li, ex in fused:
        gu_a, gu_b, dn_a, dn_b, I = per_expert[("fused", li)]
        for e in range(E):
            pre = f"base_model.model.model.layers.{li}.mlp.experts.{e}."
            ga, gb = gu_a.grad, gu_b.grad
            cols_g = [j * E + e for j in range(R)]
            cols_u = [(R + j) * E + e for j in range(R)]
            grads = {
                "gate_proj": (ga[e * 2 * R: e * 2 * R + R], gb[:I, cols_g]),
                "up_proj": (ga[e * 2 * R + R:(e + 1) * 2 * R], gb[I:, cols_u]),
                "down_proj": (dn_a.grad[e * R:(e + 1) * R], dn_b.grad[:, cols_g]),
            }
            for mod, (da, db) in grads.items():
                a0, b0 = per_expert[pre + mod]
                out[pre + mod + ".lora_A.weight"] = a0.contiguous()
                out[pre + mod + ".lora_B.weight"] = b0.contiguous()
                out["grad." + pre + mod + ".lora_A.weight"] = da.contiguous()
                out["grad." + pre + mod + ".lora_B.weight"] = db.contiguous()
                n_modules += 2
    return out, dict(model_type=mt, base=spec["base"], batch_seed=batch_seed, router_margin=margin,
                     lora=dict(r=R, alpha=ALPHA, dropout=0.0, init="random non-zero A and B"),
                     lora_tensors=n_modules), ids, labels


def full_fixture(name, spec, ids, labels):
    path = base_path(spec["base"])
    model, mt = load_model(path)
    model.train()
    for p in model.parameters():
        p.requires_grad_(True)
    loss = causal_loss(model, mt, ids, labels)
    loss.backward()
    out = {"input_ids": ids.to(torch.int32), "labels": labels.to(torch.int32), "loss": loss.detach().reshape(1)}
    tied = getattr(model.config, "tie_word_embeddings", False)
    for n, p in model.named_parameters():
        if p.grad is None:
            continue
        g = p.grad.detach()
        if n.endswith("mlp.experts.gate_up_proj"):
            pre = n[: -len("gate_up_proj")]
            I = g.shape[1] // 2
            for e in range(g.shape[0]):
                out[f"grad.{pre}{e}.gate_proj.weight"] = g[e, :I].contiguous()
                out[f"grad.{pre}{e}.up_proj.weight"] = g[e, I:].contiguous()
        elif n.endswith("mlp.experts.down_proj"):
            pre = n[: -len("down_proj")]
            for e in range(g.shape[0]):
                out[f"grad.{pre}{e}.down_proj.weight"] = g[e].contiguous()
        else:
            out["grad." + n] = g.contiguous()
    return out, dict(tied=tied)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", action="append")
    args = ap.parse_args()
    for name, spec in SPECS.items():
        if args.only and name not in args.only:
            continue
        d = os.path.join(OUT, name)
        os.makedirs(d, exist_ok=True)
        lora, meta, ids, labels = lora_fixture(name, spec)
        full, meta_full = full_fixture(name, spec, ids, labels)
        md = {"versions": json.dumps(VERSIONS)}
        save_file(lora, os.path.join(d, "lora.safetensors"), metadata=md)
        save_file(full, os.path.join(d, "full.safetensors"), metadata=md)
        meta.update(versions=VERSIONS, batch=[B, S], full=meta_full,
                    loss_lora=float(lora["loss"][0]), loss_full=float(full["loss"][0]))
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump(meta, f, indent=1)
        print(f"{name}: loss {meta['loss_lora']:.6f} / {meta['loss_full']:.6f}, {meta['lora_tensors']} LoRA tensors, "
              f"{sum(1 for k in full if k.startswith('grad.'))} full grads, router margin {meta['router_margin']}")


if __name__ == "__main__":
    main()
