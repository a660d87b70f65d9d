#!/usr/bin/env python3
# Needs: pip install torch transformers safetensors   (not run by CI; its outputs are committed fixtures)
#
# Generates the tiny reference checkpoints under tests/fixtures/models/<name>/ that the engine's logits
# tests load: config.json + model.safetensors (what transformers' save_pretrained writes, fp32 unless said
# otherwise), reference.safetensors (input ids, full-sequence logits, token-by-token KV-cache logits,
# eager attention probabilities, MoE routing dumps) and meta.json (versions, seeds, switches, checks).
# Every reference is computed on CPU in fp32 with attn_implementation="eager" from the files as saved
# (the checkpoint is reloaded before the reference runs). See tests/fixtures/models/README.md.
#
#   /opt/pyref/bin/python tests/scripts/make_model_fixtures.py            # all fixtures
#   /opt/pyref/bin/python tests/scripts/make_model_fixtures.py --only qwen2_tied

import argparse
import json
import math
import os
import platform
import shutil
import sys

import safetensors
import torch
import torch.nn.functional as F
import transformers
from safetensors.torch import load_file, save_file
from transformers import (AutoModelForCausalLM, DeepseekV2Config, DeepseekV2ForCausalLM, DeepseekV3Config,
                          DeepseekV3ForCausalLM, LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import reference_deepseek_moe as dsmoe  # noqa: E402

DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "fixtures", "models"))
DECODE_TOL = 1e-5
FP8_MAX = 448.0

VERSIONS = {
    "torch": torch.__version__,
    "transformers": transformers.__version__,
    "safetensors": safetensors.__version__,
    "python": platform.python_version(),
}

torch.set_num_threads(1)  # fixed reduction order: reruns reproduce the files bit for bit
transformers.utils.logging.disable_progress_bar()

# --------------------------------------------------------------------------------------------------
# Fixture specifications
# --------------------------------------------------------------------------------------------------

COMMON = dict(bos_token_id=0, eos_token_id=1, rms_norm_eps=1e-6)

YARN_V2 = {"rope_type": "yarn", "factor": 40.0, "original_max_position_embeddings": 64, "beta_fast": 32.0,
           "beta_slow": 1.0, "mscale": 0.707, "mscale_all_dim": 0.707, "rope_theta": 10000.0}
YARN_V3 = dict(YARN_V2, mscale=1.0, mscale_all_dim=1.0)

MLA = dict(hidden_size=48, intermediate_size=96, moe_intermediate_size=16, num_hidden_layers=3,
           num_attention_heads=4, num_key_value_heads=4, kv_lora_rank=32, qk_nope_head_dim=16,
           qk_rope_head_dim=8, v_head_dim=16, first_k_dense_replace=1, moe_layer_freq=1,
           max_position_embeddings=2560, attention_bias=False, tie_word_embeddings=False, **COMMON)

V3_ROUTER = dict(n_routed_experts=16, n_shared_experts=1, num_experts_per_tok=4, n_group=4, topk_group=2,
                 topk_method="noaux_tc", scoring_func="sigmoid", norm_topk_prob=True, routed_scaling_factor=2.5)

SPECS = {
    "llama_mha_untied": dict(
        family="llama", seed=101, T=16, T_b=21,
        config=dict(vocab_size=192, hidden_size=48, intermediate_size=96, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=2048,
                    rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
                    tie_word_embeddings=False, **COMMON),
        covers="plain Llama MHA (nKV = nH), default RoPE theta 1e4, untied lm_head; second sequence."),
    "llama_gqa_tied": dict(
        family="llama", seed=102, T=13,
        config=dict(vocab_size=160, hidden_size=48, intermediate_size=80, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=2, head_dim=16, max_position_embeddings=2048,
                    rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
                    tie_word_embeddings=True, **COMMON),
        covers="GQA 4/2, explicit head_dim 16 != hidden/heads (12), tie_word_embeddings (no lm_head.weight)."),
    "llama_rope_linear": dict(
        family="llama", seed=103, T=20,
        config=dict(vocab_size=256, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=16384,
                    rope_parameters={"rope_type": "linear", "factor": 4.0, "rope_theta": 100000.0},
                    tie_word_embeddings=False, **COMMON),
        covers="deepseek-coder style linear RoPE scaling (factor 4, theta 1e5)."),
    "llama_rope_llama3": dict(
        family="llama", seed=104, T=24,
        config=dict(vocab_size=256, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                    rope_parameters={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                     "high_freq_factor": 4.0, "original_max_position_embeddings": 64,
                                     "rope_theta": 500000.0},
                    tie_word_embeddings=False, bos_token_id=0, eos_token_id=1, rms_norm_eps=1e-5),
        covers="R1-Distill-Llama style llama3 RoPE (theta 5e5, factor 8, low 1, high 4, original 64 so that "
               "frequencies are kept, smoothed and divided), GQA 4/2, rms_norm_eps 1e-5."),
    "llama_attention_bias": dict(
        family="llama", seed=105, T=12,
        config=dict(vocab_size=192, hidden_size=48, intermediate_size=96, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=2048,
                    rope_parameters={"rope_type": "default", "rope_theta": 10000.0}, attention_bias=True,
                    tie_word_embeddings=False, **COMMON),
        covers="attention_bias true: random biases on q, k, v and o_proj."),
    "qwen2_gqa_bias": dict(
        family="qwen2", seed=106, T=18, T_b=14,
        config=dict(vocab_size=224, hidden_size=48, intermediate_size=96, num_hidden_layers=2,
                    num_attention_heads=6, num_key_value_heads=2, max_position_embeddings=4096,
                    rope_parameters={"rope_type": "default", "rope_theta": 1000000.0},
                    use_sliding_window=False, max_window_layers=2, tie_word_embeddings=False, **COMMON),
        covers="Qwen2: q/k/v biases (random), no o bias, GQA 6/2 (head_dim 8), theta 1e6; second sequence."),
    "qwen2_tied": dict(
        family="qwen2", seed=107, T=15,
        config=dict(vocab_size=128, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=4096,
                    rope_parameters={"rope_type": "default", "rope_theta": 10000.0},
                    use_sliding_window=False, max_window_layers=2, tie_word_embeddings=True, **COMMON),
        covers="Qwen2 with tied embeddings (Qwen2.5-1.5B style)."),
    "deepseek_v2_lite_style": dict(
        family="deepseek_v2", seed=108, T=17, T_b=23,
        config=dict(vocab_size=192, q_lora_rank=None, n_routed_experts=8, n_shared_experts=2,
                    num_experts_per_tok=2, topk_method="greedy", n_group=1, topk_group=1, norm_topk_prob=False,
                    routed_scaling_factor=1.0, scoring_func="softmax", aux_loss_alpha=0.001, seq_aux=True,
                    rope_parameters=YARN_V2, **MLA),
        covers="V2-Lite: MLA without q LoRA (q_proj), YaRN factor 40 with original 64 and mscale = "
               "mscale_all_dim = 0.707, greedy softmax router 2 of 8, 2 shared experts, first layer dense; "
               "second sequence."),
    "deepseek_v2_qlora_group": dict(
        family="deepseek_v2", seed=109, T=19,
        config=dict(vocab_size=160, q_lora_rank=24, n_routed_experts=16, n_shared_experts=2,
                    num_experts_per_tok=4, topk_method="group_limited_greedy", n_group=4, topk_group=2,
                    norm_topk_prob=False, routed_scaling_factor=16.0, scoring_func="softmax",
                    aux_loss_alpha=0.001, seq_aux=True, rope_parameters=YARN_V2, **MLA),
        covers="V2 (236B) style: q LoRA (q_a_proj/q_a_layernorm/q_b_proj), group_limited_greedy (4 groups, "
               "keep 2, max-in-group, masked to 0.0), 4 of 16 experts, routed_scaling_factor 16."),
    "deepseek_v3_noaux": dict(
        family="deepseek_v3", seed=110, T=22, T_b=15,
        config=dict(vocab_size=192, q_lora_rank=24, num_nextn_predict_layers=1, rope_parameters=YARN_V3,
                    rope_interleave=True, **V3_ROUTER, **MLA),
        covers="V3: q LoRA, interleaved MLA RoPE, YaRN mscale 1.0, noaux_tc sigmoid router with a random "
               "(partly negative) e_score_correction_bias, 4 groups keep 2, 4 of 16 experts, norm_topk_prob, "
               "routed_scaling_factor 2.5, one shared expert; an MTP layer model.layers.3.* is present in "
               "the safetensors (num_nextn_predict_layers 1) and must be skipped; second sequence."),
    "deepseek_v3_fp8": dict(
        family="deepseek_v3_fp8", seed=111, T=16,
        config=dict(vocab_size=160, q_lora_rank=24, num_nextn_predict_layers=0, rope_parameters=YARN_V3,
                    rope_interleave=True, **V3_ROUTER, **MLA),
        block=(16, 16),
        covers="V3 with block-FP8 weights (F8_E4M3 + weight_scale_inv F32, weight_block_size [16, 16], "
               "ragged edge blocks); deepseek_v3_fp8_dequant is its BF16 twin. Both carry the same reference."),
    "deepseek_moe_v1": dict(
        family="deepseek", seed=112, T=14, T_b=20,
        config=dict(vocab_size=192, hidden_size=48, intermediate_size=96, moe_intermediate_size=16,
                    num_hidden_layers=5, num_attention_heads=4, num_key_value_heads=4, n_routed_experts=8,
                    n_shared_experts=2, num_experts_per_tok=3, first_k_dense_replace=1, moe_layer_freq=2,
                    norm_topk_prob=False, scoring_func="softmax", aux_loss_alpha=0.001, seq_aux=True,
                    max_position_embeddings=4096, rope_theta=10000.0, rope_scaling=None, attention_bias=False,
                    tie_word_embeddings=False, pretraining_tp=1, hidden_act="silu", initializer_range=0.02,
                    use_cache=True, **COMMON),
        covers="DeepSeek-MoE 16B (model_type deepseek, remote-code model): Llama MHA, softmax gate in the "
               "model dtype, greedy 3 of 8, norm_topk_prob false, 2 shared experts fused (width 2*16); "
               "moe_layer_freq 2 with first_k_dense_replace 1 so layers 2 and 4 are MoE and 0, 1, 3 dense; "
               "second sequence."),
}
ALIASES = {"deepseek_v3_fp8_dequant": "deepseek_v3_fp8"}

# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def gen(seed):
    g = torch.Generator().manual_seed(seed)
    return g


def randomize_(model, g, embed_std=0.5, gain=0.8, router_gain=1.5, norm_noise=0.1, bias_std=0.1):
    """Overwrites every parameter with seeded non-trivial values: norms ~1 with noise, biases random,
    Linear/expert weights N(0, gain²/fan_in), router N(0, router_gain²/H), embeddings N(0, embed_std²)."""
    seen = set()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if id(p) in seen:
                continue
            seen.add(id(p))
            z = torch.randn(p.shape, generator=g, dtype=torch.float32)
            if p.dim() == 1 and "norm" in name:
                v = 1.0 + norm_noise * z
            elif name.endswith(".bias"):
                v = bias_std * z
            elif "embed_tokens" in name:
                v = embed_std * z
            elif name.endswith("mlp.gate.weight"):
                v = z * (router_gain / math.sqrt(p.shape[-1]))
            elif p.dim() in (2, 3):
                v = z * (gain / math.sqrt(p.shape[-1]))
            else:
                raise ValueError(f"randomize_: no rule for parameter {name} {tuple(p.shape)}")
            p.copy_(v.to(p.dtype))


def input_ids(seed, T, V):
    return torch.randint(0, V, (T,), generator=gen(seed), dtype=torch.int64)


def check_logits(name, logits):
    if not torch.isfinite(logits).all():
        raise RuntimeError(f"{name}: non-finite logits")
    std = float(logits.std())
    if std <= 0.1:
        raise RuntimeError(f"{name}: logits std {std} is too small")
    return std


def check_probs(name, probs):
    """probs [nH, T, T] for a full causal forward: rows sum to 1, zero above the diagonal."""
    if not torch.isfinite(probs).all():
        raise RuntimeError(f"{name}: non-finite attention probs")
    row_err = float((probs.sum(-1) - 1.0).abs().max())
    if row_err > 1e-5:
        raise RuntimeError(f"{name}: attention rows do not sum to 1 (max err {row_err})")
    T = probs.shape[-1]
    upper = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
    if float(probs[:, upper].abs().max()) != 0.0:
        raise RuntimeError(f"{name}: attention probs above the diagonal are not zero")
    return row_err


def sort_by_expert(idx, w):
    order = idx.argsort(dim=-1)
    return idx.gather(-1, order), w.gather(-1, order)


def tensor_table(tensors):
    return {k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape)} for k, v in tensors.items()}


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, sort_keys=False)
        f.write("\n")


def folder_size(path):
    return sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))


def reset_dir(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(path)


def tidy_hf_save(path):
    # save_pretrained also writes generation_config.json; the fixtures keep only the files the engine reads.
    gc = os.path.join(path, "generation_config.json")
    if os.path.exists(gc):
        os.remove(gc)


def checkpoint_keys(path):
    from safetensors import safe_open
    with safe_open(os.path.join(path, "model.safetensors"), "pt") as f:
        return list(f.keys())


def hf_load(path):
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, attn_implementation="eager",
                                                 experts_implementation="eager")
    return model.eval()


def hf_forward_logits(model, ids):
    with torch.no_grad():
        return model(input_ids=ids[None], use_cache=False).logits[0].float()


def hf_reference(model, ids, ids_b, moe_layers):
    """Full forward with attentions and router hooks, token-by-token decode with the KV cache, and the
    optional second sequence. Returns (tensors dict, captured router calls {layer: (x, out)}, attention list)."""
    captured = {}

    def make_hook(layer):
        def hook(mod, inputs, output):
            captured[layer] = (inputs[0].detach().reshape(-1, inputs[0].shape[-1]).clone(), output)
        return hook

    hooks = [model.model.layers[L].mlp.gate.register_forward_hook(make_hook(L)) for L in moe_layers]
    with torch.no_grad():
        out = model(input_ids=ids[None], use_cache=False, output_attentions=True)
    for h in hooks:
        h.remove()
    logits = out.logits[0].float().contiguous()
    attns = [a[0].float().contiguous() for a in out.attentions]

    rows = []
    cache = None
    with torch.no_grad():
        for t in range(ids.shape[0]):
            o = model(input_ids=ids[None, t:t + 1], past_key_values=cache, use_cache=True)
            cache = o.past_key_values
            rows.append(o.logits[0, -1].float())
    logits_decode = torch.stack(rows).contiguous()

    tensors = {"input_ids": ids.to(torch.int32), "logits": logits, "logits_decode": logits_decode}
    if ids_b is not None:
        tensors["input_ids_b"] = ids_b.to(torch.int32)
        tensors["logits_b"] = hf_forward_logits(model, ids_b).contiguous()
    L_last = len(attns) - 1
    tensors["attn_probs_layer0"] = attns[0]
    tensors[f"attn_probs_layer{L_last}"] = attns[L_last]
    return tensors, captured, attns


def common_checks(name, tensors, attns):
    stats = {}
    stats["logits_std"] = check_logits(name, tensors["logits"])
    diff = float((tensors["logits_decode"] - tensors["logits"]).abs().max())
    if not diff <= DECODE_TOL:
        raise RuntimeError(f"{name}: KV-cache decode differs from the full forward by {diff}")
    stats["decode_max_abs_diff"] = diff
    if "logits_b" in tensors:
        check_logits(name + " (b)", tensors["logits_b"])
    stats["attn_row_sum_max_err"] = max(check_probs(f"{name} layer {i}", a) for i, a in enumerate(attns))
    return stats


# --------------------------------------------------------------------------------------------------
# Independent router re-derivations (DeepSeek's own semantics) used to cross-check the HF dumps
# --------------------------------------------------------------------------------------------------


def route_v2_remote(x, weight, cfg, use_groups=True):
    """DeepSeek-V2 remote-code MoEGate: fp32 softmax, greedy or group_limited_greedy (group score = max,
    other groups' scores set to 0.0), then norm_topk_prob ? renormalise : × routed_scaling_factor."""
    scores = F.linear(x.float(), weight.float()).softmax(dim=-1, dtype=torch.float32)
    E, k = scores.shape[-1], cfg["num_experts_per_tok"]
    sel = scores
    if cfg["topk_method"] == "group_limited_greedy" and use_groups:
        ng = cfg["n_group"]
        group_scores = scores.view(-1, ng, E // ng).max(dim=-1).values
        group_idx = torch.topk(group_scores, k=cfg["topk_group"], dim=-1, sorted=False)[1]
        gmask = torch.zeros_like(group_scores).scatter_(1, group_idx, 1)
        smask = gmask.unsqueeze(-1).expand(-1, ng, E // ng).reshape(-1, E)
        sel = scores.masked_fill(~smask.bool(), 0.0)
    w, idx = torch.topk(sel, k=k, dim=-1, sorted=False)
    if k > 1 and cfg["norm_topk_prob"]:
        w = w / (w.sum(dim=-1, keepdim=True) + 1e-20)
    else:
        w = w * cfg["routed_scaling_factor"]
    return sort_by_expert(idx, w)


def route_v3(x, weight, bias, cfg, mask_value):
    """noaux_tc: sigmoid scores, biased choice scores, group score = sum of top-2, keep topk_group groups
    (others set to mask_value), top-k on biased scores, weights from unbiased scores, renormalise, scale."""
    s = F.linear(x.float(), weight.float()).sigmoid()
    E, k, ng = s.shape[-1], cfg["num_experts_per_tok"], cfg["n_group"]
    choice = s + bias
    group_scores = choice.view(-1, ng, E // ng).topk(2, dim=-1)[0].sum(dim=-1)
    group_idx = torch.topk(group_scores, k=cfg["topk_group"], dim=-1, sorted=False)[1]
    gmask = torch.zeros_like(group_scores).scatter_(1, group_idx, 1)
    smask = gmask.unsqueeze(-1).expand(-1, ng, E // ng).reshape(-1, E)
    choice = choice.masked_fill(~smask.bool(), mask_value)
    idx = torch.topk(choice, k=k, dim=-1, sorted=False)[1]
    w = s.gather(1, idx)
    if cfg["norm_topk_prob"]:
        w = w / (w.sum(dim=-1, keepdim=True) + 1e-20)
    w = w * cfg["routed_scaling_factor"]
    return sort_by_expert(idx, w)


@torch.no_grad()
def router_dumps(name, family, model, captured, cfg, tensors, stats):
    """Adds router_idx/weight/scores per MoE layer from the hooked HF router outputs and checks them against
    DeepSeek's own routing rules computed independently from the hooked input."""
    for L in sorted(captured):
        x, (router_logits, topk_w, topk_idx) = captured[L]
        idx, w = sort_by_expert(topk_idx, topk_w.float())
        if family == "deepseek_v2":
            scores = router_logits.float().softmax(dim=-1)
        else:
            scores = router_logits.float().sigmoid()
        tensors[f"router_idx_layer{L}"] = idx.to(torch.int32).contiguous()
        tensors[f"router_weight_layer{L}"] = w.contiguous()
        tensors[f"router_scores_layer{L}"] = scores.contiguous()
        distinct = int(idx.unique().numel())
        if distinct < 2:
            raise RuntimeError(f"{name} layer {L}: the router picked only {distinct} distinct expert(s)")
        gate = model.model.layers[L].mlp.gate
        if family == "deepseek_v2":
            ref_idx, ref_w = route_v2_remote(x, gate.weight, cfg)
            greedy_idx, _ = route_v2_remote(x, gate.weight, cfg, use_groups=False)
            extra = {"tokens_where_groups_change_selection": int((greedy_idx != ref_idx).any(-1).sum())}
        else:
            bias = gate.e_score_correction_bias.float()
            ref_idx, ref_w = route_v3(x, gate.weight, bias, cfg, float("-inf"))
            zero_idx, _ = route_v3(x, gate.weight, bias, cfg, 0.0)
            hf_inf_equal = torch.equal(ref_idx, idx)
            extra = {"tokens_where_zero_mask_would_differ": int((zero_idx != idx).any(-1).sum()),
                     "matches_minus_inf_mask": bool(hf_inf_equal),
                     "matches_zero_mask": bool(torch.equal(zero_idx, idx))}
        if not torch.equal(ref_idx, idx):
            raise RuntimeError(f"{name} layer {L}: HF routing differs from the independent re-derivation")
        wdiff = float((ref_w - w).abs().max())
        if wdiff > 1e-6:
            raise RuntimeError(f"{name} layer {L}: HF routing weights differ by {wdiff}")
        stats.setdefault("router", {})[f"layer{L}"] = dict(distinct_experts=distinct,
                                                           independent_weight_max_abs_diff=wdiff, **extra)


# --------------------------------------------------------------------------------------------------
# RoPE checks (that the scaling really bends the frequencies at this size)
# --------------------------------------------------------------------------------------------------


def default_inv_freq(theta, dim):
    return 1.0 / (theta ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))


def rope_report(model, rope, dim):
    inv = model.model.rotary_emb.inv_freq.float()
    base = default_inv_freq(rope["rope_theta"], dim)
    ratio = (inv / base).tolist()
    kind = rope["rope_type"]
    out = {"rope_type": kind, "rotary_dim": dim, "inv_freq": inv.tolist(), "ratio_to_unscaled": ratio,
           "attention_scaling_cos_sin": float(model.model.rotary_emb.attention_scaling)}
    if kind in ("llama3", "yarn"):
        f = rope["factor"]
        kept = [i for i, r in enumerate(ratio) if abs(r - 1.0) < 1e-6]
        divided = [i for i, r in enumerate(ratio) if abs(r - 1.0 / f) < 1e-6]
        blended = [i for i in range(len(ratio)) if i not in kept and i not in divided]
        out.update(kept=kept, divided_by_factor=divided, blended=blended)
        if not (kept and divided and blended):
            raise RuntimeError(f"{kind} rope does not bend the frequencies: {out}")
    elif kind == "linear":
        if max(abs(r - 1.0 / rope["factor"]) for r in ratio) > 1e-6:
            raise RuntimeError(f"linear rope: unexpected ratios {ratio}")
    return out


def mla_scale_report(model, cfg):
    rope = cfg["rope_parameters"]
    qk = cfg["qk_nope_head_dim"] + cfg["qk_rope_head_dim"]
    m = 0.1 * rope["mscale_all_dim"] * math.log(rope["factor"]) + 1.0
    actual = float(model.model.layers[0].self_attn.scaling)
    with_m2 = qk ** -0.5 * m * m
    without = qk ** -0.5
    includes = abs(actual - with_m2) < 1e-9
    if not includes and abs(actual - without) > 1e-9:
        raise RuntimeError(f"unexpected MLA softmax scale {actual}")
    return {"softmax_scale": actual, "q_head_dim_pow_minus_half": without, "mscale_all_dim_m": m,
            "softmax_scale_includes_mscale_squared": includes}


# --------------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------------

HF_CLASSES = {
    "llama": (LlamaConfig, LlamaForCausalLM),
    "qwen2": (Qwen2Config, Qwen2ForCausalLM),
    "deepseek_v2": (DeepseekV2Config, DeepseekV2ForCausalLM),
    "deepseek_v3": (DeepseekV3Config, DeepseekV3ForCausalLM),
    "deepseek_v3_fp8": (DeepseekV3Config, DeepseekV3ForCausalLM),
}


def build_hf_model(spec):
    cfg_cls, model_cls = HF_CLASSES[spec["family"]]
    torch.manual_seed(spec["seed"])
    config = cfg_cls(**spec["config"], attn_implementation="eager", experts_implementation="eager")
    model = model_cls(config).to(torch.float32).eval()
    g = gen(spec["seed"])
    randomize_(model, g)
    if spec["family"].startswith("deepseek_v3"):
        # Random, partly negative correction bias so that biased choice scores can go below zero and the
        # 0.0-versus-−inf group mask matters.
        with torch.no_grad():
            for layer in model.model.layers:
                if hasattr(layer.mlp, "gate"):
                    b = layer.mlp.gate.e_score_correction_bias
                    b.copy_(torch.randn(b.shape, generator=g) * 0.25 - 0.6)
    return model, g


BIAS_NOTE = ("e_score_correction_bias ~ N(-0.6, 0.25^2) per expert (F32), so biased choice scores go below "
             "zero and the group mask value matters (see checks.router.*.tokens_where_zero_mask_would_differ).")


def moe_layers_of(spec):
    c = spec["config"]
    if "n_routed_experts" not in c:
        return []
    return [L for L in range(c["num_hidden_layers"]) if L >= c["first_k_dense_replace"]]


def base_meta(name, spec, reference):
    return {
        "fixture": name,
        "covers": spec["covers"],
        "reference": reference,
        "versions": VERSIONS,
        "seed": spec["seed"],
        "input_ids_seed": spec["seed"] * 1000 + 1,
        "input_ids_b_seed": spec["seed"] * 1000 + 2 if spec.get("T_b") else None,
        "compute": "CPU, float32, attn_implementation=eager, experts_implementation=eager, model.eval(), "
                   "torch.no_grad(); logits_decode = one token per call with use_cache=True/past_key_values",
        "decode_tolerance": DECODE_TOL,
    }


def make_inputs(spec):
    V = spec["config"]["vocab_size"]
    ids = input_ids(spec["seed"] * 1000 + 1, spec["T"], V)
    ids_b = input_ids(spec["seed"] * 1000 + 2, spec["T_b"], V) if spec.get("T_b") else None
    return ids, ids_b


def finish(out_dir, name, tensors, meta):
    save_file(tensors, os.path.join(out_dir, "reference.safetensors"), metadata={"format": "pt"})
    meta["reference_tensors"] = tensor_table(tensors)
    write_json(os.path.join(out_dir, "meta.json"), meta)


def add_mtp_layer(path, config, g):
    """DeepSeek-V3 checkpoints carry the multi-token-prediction module as model.layers.<num_hidden_layers>.*;
    transformers 5.23 has no MTP module (and its save_pretrained writes none), so plausible tensors are added
    here by hand, shaped as architectures.md §5.2: a full MoE decoder layer plus embed_tokens, enorm, hnorm,
    eh_proj [H, 2H], shared_head.norm and shared_head.head."""
    sd = load_file(os.path.join(path, "model.safetensors"))
    L = config["num_hidden_layers"]
    src = f"model.layers.{L - 1}."
    dst = f"model.layers.{L}."
    H, V = config["hidden_size"], config["vocab_size"]
    new = {}
    for k, v in sd.items():
        if k.startswith(src):
            new[dst + k[len(src):]] = v
    new[dst + "embed_tokens.weight"] = torch.empty(V, H)
    new[dst + "enorm.weight"] = torch.empty(H)
    new[dst + "hnorm.weight"] = torch.empty(H)
    new[dst + "eh_proj.weight"] = torch.empty(H, 2 * H)
    new[dst + "shared_head.norm.weight"] = torch.empty(H)
    new[dst + "shared_head.head.weight"] = torch.empty(V, H)
    for k in sorted(new):
        shape = new[k].shape
        z = torch.randn(shape, generator=g)
        if len(shape) == 1 and "norm" in k:
            new[k] = 1.0 + 0.1 * z
        elif k.endswith("e_score_correction_bias"):
            new[k] = 0.3 * z
        elif len(shape) == 2:
            new[k] = z * (0.8 / math.sqrt(shape[1]))
        else:
            raise ValueError(k)
    sd.update(new)
    save_file(sd, os.path.join(path, "model.safetensors"), metadata={"format": "pt"})
    return sorted(new)


def make_hf(name, spec, out_root):
    out_dir = os.path.join(out_root, name)
    reset_dir(out_dir)
    family = spec["family"]
    model, g = build_hf_model(spec)
    ids, ids_b = make_inputs(spec)
    in_memory = hf_forward_logits(model, ids)

    model.save_pretrained(out_dir)
    tidy_hf_save(out_dir)
    meta = base_meta(name, spec, f"transformers.{type(model).__name__}")
    notes = []
    keys = checkpoint_keys(out_dir)
    tied = spec["config"].get("tie_word_embeddings", False)
    meta["lm_head_weight_in_checkpoint"] = "lm_head.weight" in keys
    if tied and "lm_head.weight" in keys:
        raise RuntimeError(f"{name}: tied model but save_pretrained wrote lm_head.weight")
    if not tied and "lm_head.weight" not in keys:
        raise RuntimeError(f"{name}: untied model without lm_head.weight")
    if tied:
        notes.append("tie_word_embeddings true: save_pretrained omits lm_head.weight; logits use "
                     "model.embed_tokens.weight.")
    if any(".experts.gate_up_proj" in k for k in keys):
        raise RuntimeError(f"{name}: fused expert tensors on disk")
    if family == "deepseek_v3":
        notes.append(BIAS_NOTE)
    if spec["config"].get("topk_method") == "group_limited_greedy":
        notes.append("4 of 16 experts (not 2 of 8 as in the lite fixture): with k <= topk_group the group limit "
                     "can never change a greedy choice, so k = 4 > topk_group = 2 makes it bite.")
    if spec["config"].get("num_nextn_predict_layers", 0) > 0:
        meta["mtp_tensors_added"] = add_mtp_layer(out_dir, spec["config"], g)
        notes.append(f"model.layers.{spec['config']['num_hidden_layers']}.* is an MTP module added by hand "
                     "(transformers 5.23 neither builds nor saves one); loaders must skip layers >= "
                     "num_hidden_layers. transformers ignores them on load (unexpected keys).")

    model = hf_load(out_dir)
    reload_diff = float((hf_forward_logits(model, ids) - in_memory).abs().max())
    if reload_diff > 1e-6:
        raise RuntimeError(f"{name}: reloaded checkpoint differs from the in-memory model by {reload_diff}")

    tensors, captured, attns = hf_reference(model, ids, ids_b, moe_layers_of(spec))
    stats = common_checks(name, tensors, attns)
    stats["reload_max_abs_diff"] = reload_diff
    if captured:
        router_dumps(name, family.replace("_fp8", ""), model, captured, spec["config"], tensors, stats)
    switches = {}
    cfg = spec["config"]
    rope = cfg["rope_parameters"]
    if family in ("llama", "qwen2"):
        dim = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
        stats["rope"] = rope_report(model, rope, dim)
    else:
        stats["rope"] = rope_report(model, rope, cfg["qk_rope_head_dim"])
        switches["mla"] = mla_scale_report(model, cfg)
        if family == "deepseek_v2":
            switches["mla"]["rope_pairing"] = ("interleaved pairs (x[2j], x[2j+1]) as complex numbers "
                                               "(apply_rotary_emb with view_as_complex, fp32)")
            switches["moe"] = {"topk_method": cfg["topk_method"], "group_score": "max of the group",
                               "masked_group_value": 0.0,
                               "weights": "selected softmax scores × routed_scaling_factor (norm_topk_prob "
                                          "is ignored by transformers' DeepseekV2TopkRouter)",
                               "group_limited_greedy_handling": "native transformers 5.23 branch used "
                                                                "unpatched (its router sets self.num_experts)"}
        else:
            switches["mla"]["rope_pairing"] = ("interleaved pairs (rope_interleave true: "
                                               "apply_rotary_pos_emb_interleave on even/odd slices)")
            switches["moe"] = {"topk_method": "noaux_tc", "group_score": "sum of the top-2 biased scores",
                               "masked_group_value": "-inf (transformers 5.23 DeepseekV3TopkRouter "
                                                     "masked_fill(..., float('-inf')))",
                               "weights": "unbiased sigmoid scores of the chosen experts / (sum + 1e-20) × "
                                          "routed_scaling_factor"}
    meta["switches"] = switches
    meta["checks"] = stats
    meta["notes"] = notes
    finish(out_dir, name, tensors, meta)
    return [out_dir]


# ---- FP8 -----------------------------------------------------------------------------------------


def is_fp8_weight(name):
    """Linear weights of the transformer layers; not embeddings, lm_head, norms or the router gate."""
    return (name.startswith("model.layers.") and name.endswith(".weight") and "norm" not in name
            and not name.endswith("mlp.gate.weight"))


def round_up_4bit_significand(x):
    # Scale = amax/448 rounded UP to 4 significant bits: keeps w/scale <= 448 and makes fp8 × scale exact in
    # bfloat16 (4 + 4 significant bits <= 8), so the BF16 twin holds exactly the FP8 dequantised values.
    m, e = torch.frexp(x)
    m = torch.ceil(m * 16.0) / 16.0
    return torch.ldexp(m, e)


def quantize_fp8(w, block):
    out_f, in_f = w.shape
    br, bc = block
    nr, nc = -(-out_f // br), -(-in_f // bc)
    pad = torch.zeros(nr * br, nc * bc, dtype=torch.float32)
    pad[:out_f, :in_f] = w
    blocks = pad.view(nr, br, nc, bc)
    amax = blocks.abs().amax(dim=(1, 3))
    scale = round_up_4bit_significand(torch.where(amax > 0, amax / FP8_MAX, torch.ones_like(amax)))
    q = (blocks / scale[:, None, :, None]).to(torch.float8_e4m3fn)
    q = q.view(nr * br, nc * bc)[:out_f, :in_f].contiguous()
    return q, scale.to(torch.float32).contiguous()


def dequantize_fp8(q, scale_inv, block):
    br, bc = block
    s = scale_inv.repeat_interleave(br, 0).repeat_interleave(bc, 1)[: q.shape[0], : q.shape[1]]
    return q.to(torch.float32) * s


def fp8_checkpoint(sd, block):
    """From fp32 on-disk tensors: (FP8 checkpoint dict, BF16 twin dict, names of quantised weights)."""
    twin, fp8 = {}, {}
    quantized = []
    for k in sorted(sd):
        v = sd[k].float()
        if k.endswith("e_score_correction_bias"):
            twin[k] = v.contiguous()          # float32 in real V3 checkpoints too
            fp8[k] = v.contiguous()
        elif is_fp8_weight(k):
            if v.dim() != 2:
                raise RuntimeError(f"{k}: expected a 2-D Linear weight")
            q, scale_inv = quantize_fp8(v, block)
            deq = dequantize_fp8(q, scale_inv, block)
            if not torch.equal(deq.to(torch.bfloat16).float(), deq):
                raise RuntimeError(f"{k}: dequantised FP8 values are not exact in bfloat16")
            fp8[k] = q
            fp8[k + "_scale_inv"] = scale_inv
            twin[k] = deq.to(torch.bfloat16).contiguous()
            quantized.append(k)
        else:
            twin[k] = v.to(torch.bfloat16).contiguous()
            fp8[k] = twin[k]
    return fp8, twin, quantized


def dequantize_checkpoint(fp8_sd, block):
    out = {}
    for k, v in fp8_sd.items():
        if k.endswith("_scale_inv"):
            continue
        if v.dtype == torch.float8_e4m3fn:
            out[k] = dequantize_fp8(v, fp8_sd[k + "_scale_inv"], block)
        else:
            out[k] = v.float()
    return out


def logits_of_checkpoint(sd, config, ids, probe_dir):
    reset_dir(probe_dir)
    try:
        save_file(sd, os.path.join(probe_dir, "model.safetensors"), metadata={"format": "pt"})
        write_json(os.path.join(probe_dir, "config.json"), config)
        return hf_forward_logits(hf_load(probe_dir), ids)
    finally:
        shutil.rmtree(probe_dir)


def transformers_fp8_check(fp8_dir, twin_sd, config, ids, ref_logits, out_root):
    """Optional: transformers' own FP8 loader (needs accelerate; on CPU it dequantises while loading).
    Tries the fixture itself, then a probe re-quantised with 8x8 blocks (no ragged edge) to compare the
    scale_inv convention with ours. Returns a dict for meta.json; never fails the run on ImportError."""
    res = {}
    kw = dict(dtype=torch.float32, attn_implementation="eager", experts_implementation="eager")
    try:
        import accelerate
        res["accelerate"] = accelerate.__version__
        m = AutoModelForCausalLM.from_pretrained(fp8_dir, **kw).to(torch.float32).eval()
        res["fixture_max_abs_diff"] = float((hf_forward_logits(m, ids) - ref_logits).abs().max())
    except ImportError as e:
        return {"status": f"not run: {e}"}
    except Exception as e:  # noqa: BLE001 - the message is the finding
        msg = [ln for ln in str(e).splitlines() if ln.strip()]
        cause = e.__cause__ or e.__context__
        res["fixture_load_error"] = (msg[0] if msg else type(e).__name__) + (f" (cause: {cause})" if cause else "")
        block = config["quantization_config"]["weight_block_size"]
        fp8_sd = load_file(os.path.join(fp8_dir, "model.safetensors"))
        res["ragged_weights"] = sorted(k for k, v in fp8_sd.items() if v.dtype == torch.float8_e4m3fn
                                       and (v.shape[0] % block[0] or v.shape[1] % block[1]))
        res["explanation"] = ("transformers' CPU Fp8Dequantize derives the block size as shape // scale grid and "
                              "raises 'Weight shape (R, C) not divisible by scale grid (r, c)' for weights "
                              "whose last block is partial (real V3 has such weights too: kv_a_proj_with_mqa "
                              "[576, 7168] with scales [5, 56]); the 8x8 probe below has no partial blocks")
    probe_block = (8, 8)
    probe_fp8, _, _ = fp8_checkpoint({k: v.float() for k, v in twin_sd.items()}, probe_block)
    probe_dir = os.path.join(out_root, ".fp8_probe_hf")
    reset_dir(probe_dir)
    try:
        save_file(probe_fp8, os.path.join(probe_dir, "model.safetensors"), metadata={"format": "pt"})
        qc = dict(config["quantization_config"], weight_block_size=list(probe_block))
        write_json(os.path.join(probe_dir, "config.json"), dict(config, quantization_config=qc))
        m = AutoModelForCausalLM.from_pretrained(probe_dir, **kw).to(torch.float32).eval()
        hf_logits = hf_forward_logits(m, ids)
    finally:
        shutil.rmtree(probe_dir)
    ours = logits_of_checkpoint(dequantize_checkpoint(probe_fp8, probe_block),
                                {k: v for k, v in config.items() if k != "quantization_config"} | {"dtype": "float32"},
                                ids, os.path.join(out_root, ".fp8_probe_ours"))
    res["probe_8x8_transformers_vs_formula_max_abs_diff"] = float((hf_logits - ours).abs().max())
    return res


def make_fp8(name, spec, out_root):
    block = spec["block"]
    fp8_dir = os.path.join(out_root, "deepseek_v3_fp8")
    twin_dir = os.path.join(out_root, "deepseek_v3_fp8_dequant")
    reset_dir(fp8_dir)
    reset_dir(twin_dir)
    model, g = build_hf_model(spec)
    ids, ids_b = make_inputs(spec)
    model.save_pretrained(twin_dir)
    tidy_hf_save(twin_dir)
    sd = load_file(os.path.join(twin_dir, "model.safetensors"))

    fp8, twin, quantized = fp8_checkpoint(sd, block)
    save_file(twin, os.path.join(twin_dir, "model.safetensors"), metadata={"format": "pt"})
    save_file(fp8, os.path.join(fp8_dir, "model.safetensors"), metadata={"format": "pt"})

    with open(os.path.join(twin_dir, "config.json")) as f:
        config = json.load(f)
    config["dtype"] = "bfloat16"
    write_json(os.path.join(twin_dir, "config.json"), config)
    fp8_config = dict(config)
    fp8_config["quantization_config"] = {"activation_scheme": "dynamic", "fmt": "e4m3", "quant_method": "fp8",
                                         "weight_block_size": list(block)}
    write_json(os.path.join(fp8_dir, "config.json"), fp8_config)

    # Reference: the BF16 twin loaded in float32 (lossless upcast).
    model = hf_load(twin_dir)
    tensors, captured, attns = hf_reference(model, ids, ids_b, moe_layers_of(spec))
    stats = common_checks(name, tensors, attns)
    router_dumps(name, "deepseek_v3", model, captured, spec["config"], tensors, stats)

    # Cross-check 1: our own dequantisation of the FP8 file, loaded into a fresh model, gives the same logits.
    fp8_sd = load_file(os.path.join(fp8_dir, "model.safetensors"))
    own = logits_of_checkpoint(dequantize_checkpoint(fp8_sd, block), dict(config, dtype="float32"), ids,
                               os.path.join(out_root, ".fp8_probe"))
    own_diff = float((own - tensors["logits"]).abs().max())
    if own_diff != 0.0:
        raise RuntimeError(f"{name}: FP8 dequantised by formula differs from the twin by {own_diff}")
    stats["fp8_formula_vs_twin_max_abs_diff"] = own_diff

    # Cross-check 2 (optional, needs accelerate): transformers' FP8 loader.
    stats["transformers_fp8_loader"] = transformers_fp8_check(fp8_dir, twin, fp8_config, ids, tensors["logits"],
                                                              out_root)
    probe = stats["transformers_fp8_loader"].get("probe_8x8_transformers_vs_formula_max_abs_diff")
    if probe is not None and probe > 1e-5:
        raise RuntimeError(f"{name}: transformers' FP8 dequantisation convention differs from ours ({probe})")

    switches = {"mla": mla_scale_report(model, spec["config"]),
                "fp8": {"weight_block_size": list(block), "scale_tensor": "<weight name>_scale_inv, float32 "
                        "[ceil(out/16), ceil(in/16)]", "dequant": "W[i,j] = fp8[i,j] * scale_inv[i//16, j//16]",
                        "scale_rule": "scale = max|block| / 448 rounded up to 4 significant bits (so the "
                                      "dequantised values are exact in bfloat16); w_fp8 = "
                                      "to_float8_e4m3fn(w / scale) (round to nearest even)",
                        "quantized_tensors": quantized},
                "moe": {"masked_group_value": "-inf (transformers 5.23 DeepseekV3TopkRouter)"}}
    stats["rope"] = rope_report(model, spec["config"]["rope_parameters"], spec["config"]["qk_rope_head_dim"])
    for d, role in ((fp8_dir, "fp8"), (twin_dir, "dequant")):
        meta = base_meta(os.path.basename(d), spec, "transformers.DeepseekV3ForCausalLM on the BF16 twin "
                         "(deepseek_v3_fp8_dequant) loaded as float32")
        meta["role"] = role
        meta["switches"] = switches
        meta["checks"] = stats
        meta["notes"] = [
            "Both folders carry the same reference.safetensors: FP8 dequantised with weight_block_size from "
            "config.json must reproduce the BF16 twin exactly (the values are identical by construction).",
            "Non-FP8 tensors (embeddings, lm_head, norms, mlp.gate.weight) are BF16 in both folders; "
            "e_score_correction_bias stays F32, as in the released V3 checkpoints.",
            "config.json dtype is bfloat16 (the files' dtype); the reference is computed in float32.",
            BIAS_NOTE,
        ]
        finish(d, os.path.basename(d), dict(tensors), meta)
    return [fp8_dir, twin_dir]


# ---- DeepSeek-MoE (V1) ---------------------------------------------------------------------------


@torch.no_grad()
def self_check_v1_reference(spec, g):
    """Checks reference_deepseek_moe.py against transformers where the architectures coincide in fp32:
    (1) with every layer dense it is a Llama model -> LlamaForCausalLM with the same weights;
    (2) its MoE block (softmax gate, greedy, no renormalisation, fused shared experts) equals transformers'
    DeepseekV2Moe with topk_method greedy and routed_scaling_factor 1.0 (the V2 router's fp32 upcast is a
    no-op in fp32)."""
    c = dict(spec["config"], n_routed_experts=None)
    dense = dsmoe.DeepseekMoEForCausalLM(dsmoe.DeepseekMoEConfig(**c)).eval()
    randomize_(dense, g)
    llama_cfg = LlamaConfig(vocab_size=c["vocab_size"], hidden_size=c["hidden_size"],
                            intermediate_size=c["intermediate_size"], num_hidden_layers=c["num_hidden_layers"],
                            num_attention_heads=c["num_attention_heads"],
                            num_key_value_heads=c["num_key_value_heads"], rms_norm_eps=c["rms_norm_eps"],
                            max_position_embeddings=c["max_position_embeddings"],
                            rope_parameters={"rope_type": "default", "rope_theta": c["rope_theta"]},
                            tie_word_embeddings=False, attn_implementation="eager")
    llama = LlamaForCausalLM(llama_cfg).eval()
    missing, unexpected = llama.load_state_dict(dense.state_dict(), strict=False)
    if missing or unexpected:
        raise RuntimeError(f"self-check: Llama state dict mismatch {missing} {unexpected}")
    ids = torch.randint(0, c["vocab_size"], (19,), generator=g)
    d1 = float((dense(ids)[0] - llama(input_ids=ids[None]).logits[0]).abs().max())

    c = spec["config"]
    moe_ref = dsmoe.MoE(dsmoe.DeepseekMoEConfig(**c)).eval()
    randomize_(moe_ref, g)
    v2cfg = DeepseekV2Config(hidden_size=c["hidden_size"], moe_intermediate_size=c["moe_intermediate_size"],
                             n_routed_experts=c["n_routed_experts"], n_shared_experts=c["n_shared_experts"],
                             num_experts_per_tok=c["num_experts_per_tok"], topk_method="greedy",
                             routed_scaling_factor=1.0, norm_topk_prob=False, num_attention_heads=4,
                             experts_implementation="eager")
    from transformers.models.deepseek_v2.modeling_deepseek_v2 import DeepseekV2Moe
    hf_moe = DeepseekV2Moe(v2cfg).eval()
    hf_moe.gate.weight.copy_(moe_ref.gate.weight)
    for e, ex in enumerate(moe_ref.experts):
        hf_moe.experts.gate_up_proj[e].copy_(torch.cat([ex.gate_proj.weight, ex.up_proj.weight], 0))
        hf_moe.experts.down_proj[e].copy_(ex.down_proj.weight)
    for n in ("gate_proj", "up_proj", "down_proj"):
        getattr(hf_moe.shared_experts, n).weight.copy_(getattr(moe_ref.shared_experts, n).weight)
    x = torch.randn(23, c["hidden_size"], generator=g)
    d2 = float((moe_ref(x) - hf_moe(x[None])[0]).abs().max())
    if d1 > 1e-5 or d2 > 1e-5:
        raise RuntimeError(f"reference_deepseek_moe self-check failed: dense {d1}, moe {d2}")
    return {"all_dense_vs_transformers_llama_max_abs_diff": d1,
            "moe_block_vs_transformers_deepseek_v2_greedy_max_abs_diff": d2}


def make_deepseek_v1(name, spec, out_root):
    out_dir = os.path.join(out_root, name)
    reset_dir(out_dir)
    torch.manual_seed(spec["seed"])
    cfg = dsmoe.DeepseekMoEConfig(**spec["config"])
    model = dsmoe.DeepseekMoEForCausalLM(cfg).to(torch.float32).eval()
    g = gen(spec["seed"])
    randomize_(model, g)
    ids, ids_b = make_inputs(spec)
    with torch.no_grad():
        in_memory = model(ids)[0]

    config = {"architectures": ["DeepseekForCausalLM"],
              "auto_map": {"AutoConfig": "configuration_deepseek.DeepseekConfig",
                           "AutoModel": "modeling_deepseek.DeepseekModel",
                           "AutoModelForCausalLM": "modeling_deepseek.DeepseekForCausalLM"},
              "model_type": "deepseek", "torch_dtype": "float32"}
    config.update(cfg.to_dict())
    write_json(os.path.join(out_dir, "config.json"), dict(sorted(config.items())))
    save_file({k: v.contiguous() for k, v in model.checkpoint_state_dict().items()},
              os.path.join(out_dir, "model.safetensors"), metadata={"format": "pt"})

    model = dsmoe.load(out_dir)
    moe_layers = [L for L in range(cfg.num_hidden_layers) if dsmoe.is_moe_layer(cfg, L)]
    captured = {}

    def make_hook(layer):
        def hook(mod, inputs, output):
            captured[layer] = (inputs[0].detach().clone(), output)
        return hook

    hooks = [model.model.layers[L].mlp.gate.register_forward_hook(make_hook(L)) for L in moe_layers]
    with torch.no_grad():
        logits, probs = model(ids)
    for h in hooks:
        h.remove()
    reload_diff = float((logits - in_memory).abs().max())
    if reload_diff > 1e-6:
        raise RuntimeError(f"{name}: reloaded checkpoint differs by {reload_diff}")
    cache = {}
    rows = []
    with torch.no_grad():
        for t in range(ids.shape[0]):
            rows.append(model(ids[t:t + 1], cache=cache)[0][-1])
        logits_b = model(ids_b)[0]
    tensors = {"input_ids": ids.to(torch.int32), "logits": logits.contiguous(),
               "logits_decode": torch.stack(rows).contiguous(), "input_ids_b": ids_b.to(torch.int32),
               "logits_b": logits_b.contiguous()}
    L_last = cfg.num_hidden_layers - 1
    tensors["attn_probs_layer0"] = probs[0].contiguous()
    tensors[f"attn_probs_layer{L_last}"] = probs[L_last].contiguous()
    stats = common_checks(name, tensors, probs)
    stats["reload_max_abs_diff"] = reload_diff
    for L in moe_layers:
        x, (idx, w, scores) = captured[L]
        idx_s, w_s = sort_by_expert(idx, w)
        tensors[f"router_idx_layer{L}"] = idx_s.to(torch.int32).contiguous()
        tensors[f"router_weight_layer{L}"] = w_s.contiguous()
        tensors[f"router_scores_layer{L}"] = scores.contiguous()
        distinct = int(idx.unique().numel())
        if distinct < 2:
            raise RuntimeError(f"{name} layer {L}: only {distinct} distinct expert(s)")
        # Independent check: plain softmax + greedy top-k on the hooked input, no renormalisation.
        s = F.linear(x, model.model.layers[L].mlp.gate.weight).softmax(dim=-1)
        w_ref, i_ref = torch.topk(s, cfg.num_experts_per_tok, dim=-1)
        i_ref, w_ref = sort_by_expert(i_ref, w_ref)
        if not torch.equal(i_ref, idx_s) or float((w_ref - w_s).abs().max()) > 1e-7:
            raise RuntimeError(f"{name} layer {L}: routing re-derivation mismatch")
        stats.setdefault("router", {})[f"layer{L}"] = {"distinct_experts": distinct,
                                                       "weights_sum_mean": float(w_s.sum(-1).mean())}
    stats["moe_layers"] = moe_layers
    stats["reference_self_check"] = self_check_v1_reference(spec, gen(spec["seed"] + 5000))
    stats["dense_layers"] = [L for L in range(cfg.num_hidden_layers) if L not in moe_layers]
    meta = base_meta(name, spec, "tests/scripts/reference_deepseek_moe.py DeepseekMoEForCausalLM (our PyTorch "
                     "re-implementation of DeepSeek's published Hub modeling_deepseek.py; no transformers class)")
    meta["switches"] = {"moe": {"gate_dtype": "model dtype (float32 here), no upcast", "topk": "greedy",
                                "norm_topk_prob": False, "routed_scaling_factor": "none in V1",
                                "shared_experts": "one SwiGLU MLP of width n_shared_experts * "
                                                  "moe_intermediate_size",
                                "layer_rule": "MoE iff layer >= first_k_dense_replace and layer % "
                                              "moe_layer_freq == 0"}}
    meta["checks"] = stats
    meta["notes"] = ["moe_layer_freq is 2 here (1 in every released config) to exercise the layer rule.",
                     "config.json is written by the script in the Hub file's shape (auto_map included; the "
                     "remote-code files are not part of the fixture)."]
    finish(out_dir, name, tensors, meta)
    return [out_dir]


BUILDERS = {"llama": make_hf, "qwen2": make_hf, "deepseek_v2": make_hf, "deepseek_v3": make_hf,
            "deepseek_v3_fp8": make_fp8, "deepseek": make_deepseek_v1}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", action="append", metavar="NAME",
                    help="generate only this fixture (repeatable); names: " + ", ".join(
                        list(SPECS) + list(ALIASES)))
    ap.add_argument("--out", default=DEFAULT_OUT, help="output root (default: tests/fixtures/models)")
    args = ap.parse_args()
    names = list(SPECS)
    if args.only:
        names = []
        for n in args.only:
            n = ALIASES.get(n, n)
            if n not in SPECS:
                ap.error(f"unknown fixture {n!r}")
            if n not in names:
                names.append(n)
    os.makedirs(args.out, exist_ok=True)
    print(f"torch {VERSIONS['torch']}, transformers {VERSIONS['transformers']}, "
          f"safetensors {VERSIONS['safetensors']}")
    for n in names:
        spec = SPECS[n]
        with torch.no_grad():
            dirs = BUILDERS[spec["family"]](n, spec, args.out)
        for d in dirs:
            with open(os.path.join(d, "meta.json")) as f:
                checks = json.load(f)["checks"]
            line = (f"{os.path.basename(d):26s} size {folder_size(d) / 1024:7.1f} KiB  "
                    f"decode max|diff| {checks['decode_max_abs_diff']:.2e}  logits std {checks['logits_std']:.3f}  "
                    f"attn row err {checks['attn_row_sum_max_err']:.1e}")
            if "router" in checks:
                line += "  experts/layer " + ",".join(str(v["distinct_experts"]) for v in checks["router"].values())
            print(line)
    total = sum(folder_size(os.path.join(args.out, d)) for d in os.listdir(args.out)
                if os.path.isdir(os.path.join(args.out, d)))
    print(f"total {total / 1024 / 1024:.2f} MiB in {args.out}")


if __name__ == "__main__":
    main()
