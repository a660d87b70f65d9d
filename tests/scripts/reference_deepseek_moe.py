# Needs: pip install torch transformers safetensors   (not run by CI; its outputs are committed fixtures)
#
# A compact PyTorch reference for model_type "deepseek" (DeepSeek-MoE 16B), which transformers has no
# native class for: the Hub checkpoint runs DeepSeek's own remote code (modeling_deepseek.py). This module
# is our own re-implementation of that published model code, written for fixture generation:
#   - Llama attention: q/k/v/o projections (bias iff attention_bias), rotate_half RoPE on the full head
#     (default or linear scaling), GQA by contiguous repeat, scaling head_dim^-0.5, eager fp32 softmax.
#   - Layer ℓ is MoE iff n_routed_experts is set, ℓ >= first_k_dense_replace and ℓ % moe_layer_freq == 0;
#     otherwise a dense SwiGLU MLP of width intermediate_size.
#   - MoE gate: logits = x · gate.weightᵀ and softmax in the model dtype (no fp32 upcast, unlike V2/V3),
#     greedy top-k, weights renormalised only if k > 1 and norm_topk_prob (Σ + 1e-20); no routed scaling.
#   - Routed experts are combined like the reference's moe_infer (tokens sorted by expert, each expert's
#     output times its weight, summed per token into a zero buffer of the model dtype), then the shared
#     experts (one fused SwiGLU MLP of width n_shared_experts * moe_intermediate_size) are added.
# Checked against: mindspore-lab/mindnlp mindnlp/transformers/models/deepseek/modeling_deepseek.py (a port
# of DeepSeek's Hub modeling_deepseek.py, MoEGate / DeepseekMoE.moe_infer / DeepseekDecoderLayer) and
# vllm-project/vllm vllm/model_executor/models/deepseek.py (layer rule, shared-expert width, renormalize
# = norm_topk_prob), plus docs/reference/architectures.md §3.
#
# Tensor names are the Hub checkpoint's (model.layers.L.mlp.gate.weight, mlp.experts.E.gate_proj.weight,
# mlp.shared_experts.*), so a state dict of this module is a loadable "deepseek" checkpoint.

import json
import os

import torch
import torch.nn.functional as F
from torch import nn


class DeepseekMoEConfig:
    """Plain attribute bag over config.json with the remote code's defaults."""

    DEFAULTS = {
        "vocab_size": 102400,
        "hidden_size": 4096,
        "intermediate_size": 11008,
        "moe_intermediate_size": 1407,
        "num_hidden_layers": 30,
        "num_attention_heads": 32,
        "num_key_value_heads": None,
        "n_shared_experts": None,
        "n_routed_experts": None,
        "num_experts_per_tok": None,
        "moe_layer_freq": 1,
        "first_k_dense_replace": 0,
        "norm_topk_prob": False,
        "scoring_func": "softmax",
        "aux_loss_alpha": 0.001,
        "seq_aux": True,
        "hidden_act": "silu",
        "max_position_embeddings": 2048,
        "initializer_range": 0.02,
        "rms_norm_eps": 1e-6,
        "use_cache": True,
        "pad_token_id": None,
        "bos_token_id": 100000,
        "eos_token_id": 100001,
        "pretraining_tp": 1,
        "tie_word_embeddings": False,
        "rope_theta": 10000.0,
        "rope_scaling": None,
        "attention_bias": False,
        "attention_dropout": 0.0,
    }

    def __init__(self, **kwargs):
        values = dict(self.DEFAULTS)
        values.update(kwargs)
        if values["num_key_value_heads"] is None:
            values["num_key_value_heads"] = values["num_attention_heads"]
        for k, v in values.items():
            setattr(self, k, v)
        self._keys = list(values.keys())

    def to_dict(self):
        return {k: getattr(self, k) for k in self._keys}


class RMSNorm(nn.Module):
    def __init__(self, n, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(n))
        self.eps = eps

    def forward(self, x):
        dtype = x.dtype
        h = x.to(torch.float32)
        h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * h.to(dtype)


def rope_inv_freq(cfg, dim):
    inv_freq = 1.0 / (cfg.rope_theta ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
    rs = cfg.rope_scaling
    if rs:
        kind = rs.get("type", rs.get("rope_type"))
        if kind == "linear":
            # The remote code divides positions by the factor; dividing inv_freq is the same product.
            inv_freq = inv_freq / float(rs["factor"])
        else:
            raise ValueError(f"rope_scaling type {kind!r} is not implemented in this reference")
    return inv_freq


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


class Attention(nn.Module):
    def __init__(self, cfg, layer_idx):
        super().__init__()
        self.layer_idx = layer_idx
        self.n_heads = cfg.num_attention_heads
        self.n_kv = cfg.num_key_value_heads
        self.head_dim = cfg.hidden_size // cfg.num_attention_heads
        b = cfg.attention_bias
        self.q_proj = nn.Linear(cfg.hidden_size, self.n_heads * self.head_dim, bias=b)
        self.k_proj = nn.Linear(cfg.hidden_size, self.n_kv * self.head_dim, bias=b)
        self.v_proj = nn.Linear(cfg.hidden_size, self.n_kv * self.head_dim, bias=b)
        self.o_proj = nn.Linear(self.n_heads * self.head_dim, cfg.hidden_size, bias=b)
        self.scaling = self.head_dim ** -0.5

    def forward(self, x, cos, sin, cache):
        # x: [T, H]; cos/sin: [T, head_dim] for the absolute positions of these T tokens.
        T = x.shape[0]
        q = self.q_proj(x).view(T, self.n_heads, self.head_dim).transpose(0, 1)
        k = self.k_proj(x).view(T, self.n_kv, self.head_dim).transpose(0, 1)
        v = self.v_proj(x).view(T, self.n_kv, self.head_dim).transpose(0, 1)
        c, s = cos.to(x.dtype)[None], sin.to(x.dtype)[None]
        q = q * c + rotate_half(q) * s
        k = k * c + rotate_half(k) * s
        if cache is not None:
            if self.layer_idx in cache:
                pk, pv = cache[self.layer_idx]
                k = torch.cat([pk, k], dim=1)
                v = torch.cat([pv, v], dim=1)
            cache[self.layer_idx] = (k, v)
        rep = self.n_heads // self.n_kv
        if rep > 1:
            k = k.repeat_interleave(rep, dim=0)
            v = v.repeat_interleave(rep, dim=0)
        S = k.shape[1]
        past = S - T
        scores = torch.matmul(q, k.transpose(1, 2)) * self.scaling
        # Causal: query i (absolute position past+i) sees keys 0..past+i.
        mask = torch.full((T, S), float("-inf"), dtype=scores.dtype).triu(past + 1)
        probs = F.softmax(scores + mask, dim=-1, dtype=torch.float32).to(q.dtype)
        out = torch.matmul(probs, v).transpose(0, 1).reshape(T, self.n_heads * self.head_dim)
        return self.o_proj(out), probs


class MLP(nn.Module):
    def __init__(self, hidden, inter):
        super().__init__()
        self.gate_proj = nn.Linear(hidden, inter, bias=False)
        self.up_proj = nn.Linear(hidden, inter, bias=False)
        self.down_proj = nn.Linear(inter, hidden, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class MoEGate(nn.Module):
    """Returns (topk_idx [T,k], topk_weight [T,k], scores [T,E]) as the V1 reference computes them."""

    def __init__(self, cfg):
        super().__init__()
        if cfg.scoring_func != "softmax":
            raise ValueError(f"scoring_func {cfg.scoring_func!r} is not supported by DeepSeek-MoE")
        self.top_k = cfg.num_experts_per_tok
        self.norm_topk_prob = cfg.norm_topk_prob
        self.weight = nn.Parameter(torch.empty(cfg.n_routed_experts, cfg.hidden_size))

    def forward(self, x):
        logits = F.linear(x, self.weight)          # model dtype, no upcast
        scores = logits.softmax(dim=-1)             # model dtype
        w, idx = torch.topk(scores, k=self.top_k, dim=-1, sorted=False)
        if self.top_k > 1 and self.norm_topk_prob:
            w = w / (w.sum(dim=-1, keepdim=True) + 1e-20)
        return idx, w, scores


class MoE(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.experts = nn.ModuleList(
            [MLP(cfg.hidden_size, cfg.moe_intermediate_size) for _ in range(cfg.n_routed_experts)])
        self.gate = MoEGate(cfg)
        self.shared_experts = None
        if cfg.n_shared_experts is not None:
            self.shared_experts = MLP(cfg.hidden_size, cfg.moe_intermediate_size * cfg.n_shared_experts)

    def forward(self, x):
        idx, w, _ = self.gate(x)
        k = idx.shape[1]
        flat_idx = idx.reshape(-1)
        flat_w = w.reshape(-1, 1)
        out = torch.zeros_like(x)
        order = flat_idx.argsort(stable=True)
        ends = flat_idx.bincount(minlength=len(self.experts)).cumsum(0).tolist()
        start = 0
        for e, end in enumerate(ends):
            if end > start:
                slots = order[start:end]
                tok = slots // k
                y = self.experts[e](x[tok]) * flat_w[slots]
                out.index_add_(0, tok, y.to(out.dtype))
            start = end
        if self.shared_experts is not None:
            out = out + self.shared_experts(x)
        return out


def is_moe_layer(cfg, layer_idx):
    return (cfg.n_routed_experts is not None and layer_idx >= cfg.first_k_dense_replace
            and layer_idx % cfg.moe_layer_freq == 0)


class DecoderLayer(nn.Module):
    def __init__(self, cfg, layer_idx):
        super().__init__()
        self.self_attn = Attention(cfg, layer_idx)
        self.mlp = MoE(cfg) if is_moe_layer(cfg, layer_idx) else MLP(cfg.hidden_size, cfg.intermediate_size)
        self.input_layernorm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)
        self.post_attention_layernorm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)

    def forward(self, h, cos, sin, cache):
        a, probs = self.self_attn(self.input_layernorm(h), cos, sin, cache)
        h = h + a
        h = h + self.mlp(self.post_attention_layernorm(h))
        return h, probs


class Backbone(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.embed_tokens = nn.Embedding(cfg.vocab_size, cfg.hidden_size)
        self.layers = nn.ModuleList([DecoderLayer(cfg, i) for i in range(cfg.num_hidden_layers)])
        self.norm = RMSNorm(cfg.hidden_size, cfg.rms_norm_eps)


class DeepseekMoEForCausalLM(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.config = cfg
        self.model = Backbone(cfg)
        self.lm_head = nn.Linear(cfg.hidden_size, cfg.vocab_size, bias=False)
        if cfg.tie_word_embeddings:
            self.lm_head.weight = self.model.embed_tokens.weight
        head_dim = cfg.hidden_size // cfg.num_attention_heads
        self.register_buffer("inv_freq", rope_inv_freq(cfg, head_dim), persistent=False)

    def forward(self, input_ids, cache=None):
        """input_ids: 1-D LongTensor [T]. cache: a dict (layer -> (k, v)) that is extended in place, or None.
        Returns (logits [T, V], list of per-layer attention probs [nH, T, S])."""
        past = 0
        if cache is not None and 0 in cache:
            past = cache[0][0].shape[1]
        T = input_ids.shape[0]
        pos = torch.arange(past, past + T, dtype=torch.float32)
        freqs = pos[:, None] * self.inv_freq[None, :]
        emb = torch.cat([freqs, freqs], dim=-1)
        cos, sin = emb.cos(), emb.sin()
        h = self.model.embed_tokens(input_ids)
        probs = []
        for layer in self.model.layers:
            h, p = layer(h, cos, sin, cache)
            probs.append(p)
        h = self.model.norm(h)
        return self.lm_head(h), probs

    def checkpoint_state_dict(self):
        sd = {k: v for k, v in self.state_dict().items()}
        if self.config.tie_word_embeddings:
            sd.pop("lm_head.weight", None)
        return sd


def load(path, dtype=torch.float32):
    """Builds the model from <path>/config.json and <path>/model.safetensors (strict names)."""
    from safetensors.torch import load_file

    with open(os.path.join(path, "config.json")) as f:
        raw = json.load(f)
    if raw.get("model_type") != "deepseek":
        raise ValueError(f"{path}: model_type is {raw.get('model_type')!r}, expected 'deepseek'")
    keep = {k: v for k, v in raw.items() if k in DeepseekMoEConfig.DEFAULTS}
    cfg = DeepseekMoEConfig(**keep)
    model = DeepseekMoEForCausalLM(cfg)
    sd = load_file(os.path.join(path, "model.safetensors"))
    if cfg.tie_word_embeddings and "lm_head.weight" not in sd:
        sd["lm_head.weight"] = sd["model.embed_tokens.weight"]
    missing, unexpected = model.load_state_dict(sd, strict=False)
    if missing or unexpected:
        raise ValueError(f"{path}: missing {missing}, unexpected {unexpected}")
    return model.to(dtype).eval()


__all__ = ["DeepseekMoEConfig", "DeepseekMoEForCausalLM", "is_moe_layer", "load"]
