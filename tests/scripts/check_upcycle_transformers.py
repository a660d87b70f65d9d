#!/usr/bin/env python3
# Needs: pip install torch==2.15.0 transformers==5.23.0 safetensors==0.8.0
#
# `dsw-cli convert --target-arch moe` writes checkpoints other tools load with the dense parent's
# function. For a random llama and a random qwen2 parent (`dsw-cli make-model`), three layouts:
#   whole    8 experts, top-2, V3 sigmoid/noaux_tc router (every expert a copy of the MLP)
#   fine     4 parts of the MLP, 2 shared, 8 routed experts in 4 groups, top-4, first layer dense
#   softmax  DeepSeek-MoE 16B's softmax/greedy router, 4 experts, top-3
# The folder is model_type "deepseek" (DeepSeek-MoE), which transformers has no native class for:
#   - sigmoid routers load with transformers' Glm4MoeForCausalLM (the same DeepSeek-V3 MoE block:
#     sigmoid scores, e_score_correction_bias, group-limited top-k, normalised and scaled weights,
#     shared experts of n_shared_experts · moe_intermediate_size, first_k_dense_replace) given a
#     config with full rotary (partial_rotary_factor 1), no q/k norm, and the parent's attention bias;
#   - the softmax router loads with tests/scripts/reference_deepseek_moe.py (DeepSeek's remote code
#     re-implemented), since DeepSeek-MoE 16B itself runs remote code.
# Each must give the dense parent's transformers logits (step 0 equality) and dsw's logits for the
# folder (`dsw-cli logits`).
#
#   check_upcycle_transformers.py DSW_CLI DATA_DIR WORK_DIR      (DATA_DIR unused; same calling
#                                                                 convention as the other checks)
# Exit 0 = pass, 1 = fail, 77 = skipped (no torch / transformers).
import json
import os
import shutil
import subprocess
import sys
import warnings

try:
    import torch
    import transformers
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM, Glm4MoeConfig, Glm4MoeForCausalLM
except ImportError as e:  # visible skip
    print(f"SKIP: {e} (pip install torch==2.15.0 transformers==5.23.0)")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_deepseek_moe  # noqa: E402

TOL = 2e-5
transformers.utils.logging.set_verbosity_error()
warnings.filterwarnings("ignore")
torch.set_num_threads(2)
IDS = [1, 72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100, 33, 10, 87, 104, 121, 300, 411]

LAYOUTS = {
    "whole": ["--experts", "8", "--top-k", "2", "--router-std", "0.5"],
    "fine": ["--experts", "8", "--top-k", "4", "--segments", "4", "--shared-experts", "2", "--dense-layers", "1",
             "--router-std", "0.3"],
    "softmax": ["--router", "softmax", "--experts", "4", "--top-k", "3", "--router-std", "0.5"],
}


def run(*cmd):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        raise SystemExit(f"FAIL: {' '.join(map(str, cmd))} exited {r.returncode}")
    return r.stdout


def rel(a, b):
    return float((a - b).abs().max() / b.abs().max())


def glm4_moe(path):
    cfg = json.load(open(os.path.join(path, "config.json")))
    c = Glm4MoeConfig(
        vocab_size=cfg["vocab_size"], hidden_size=cfg["hidden_size"], intermediate_size=cfg["intermediate_size"],
        moe_intermediate_size=cfg["moe_intermediate_size"], num_hidden_layers=cfg["num_hidden_layers"],
        num_attention_heads=cfg["num_attention_heads"], num_key_value_heads=cfg["num_key_value_heads"],
        head_dim=cfg.get("head_dim", cfg["hidden_size"] // cfg["num_attention_heads"]),
        n_routed_experts=cfg["n_routed_experts"], n_shared_experts=cfg["n_shared_experts"],
        num_experts_per_tok=cfg["num_experts_per_tok"], n_group=cfg["n_group"], topk_group=cfg["topk_group"],
        norm_topk_prob=cfg["norm_topk_prob"], routed_scaling_factor=cfg["routed_scaling_factor"],
        first_k_dense_replace=cfg["first_k_dense_replace"], rms_norm_eps=cfg["rms_norm_eps"],
        max_position_embeddings=cfg["max_position_embeddings"], attention_bias=cfg["attention_bias"], use_qk_norm=False,
        tie_word_embeddings=cfg["tie_word_embeddings"],
        partial_rotary_factor=1.0,
        rope_parameters={"rope_type": "default", "rope_theta": cfg["rope_theta"], "partial_rotary_factor": 1.0})
    if c.rope_parameters.get("partial_rotary_factor", 1.0) != 1.0:
        raise SystemExit("FAIL: Glm4MoeConfig kept a partial rotary factor")
    model = Glm4MoeForCausalLM(c).eval()
    sd = load_file(os.path.join(path, "model.safetensors"))
    sd = {k: v.float() for k, v in sd.items() if not k.endswith("self_attn.o_proj.bias")}  # qwen2 parents: zero
    # transformers 5 fuses routed experts: gate_up_proj [E, 2I, H], down_proj [E, H, I].
    for l in range(c.num_hidden_layers):
        p = f"model.layers.{l}.mlp.experts."
        if f"{p}0.gate_proj.weight" not in sd:
            continue
        E = c.n_routed_experts
        gate = [sd.pop(f"{p}{e}.gate_proj.weight") for e in range(E)]
        up = [sd.pop(f"{p}{e}.up_proj.weight") for e in range(E)]
        down = [sd.pop(f"{p}{e}.down_proj.weight") for e in range(E)]
        sd[p + "gate_up_proj"] = torch.stack([torch.cat([g, u], 0) for g, u in zip(gate, up)])
        sd[p + "down_proj"] = torch.stack(down)
    if cfg["n_shared_experts"] == 0:  # Glm4Moe always builds shared experts: zero weights add nothing
        for k, v in model.state_dict().items():
            if ".shared_experts." in k:
                sd[k] = torch.zeros_like(v)
    missing, unexpected = model.load_state_dict(sd, strict=False)
    if missing or unexpected:
        raise SystemExit(f"FAIL: Glm4Moe state dict: missing {missing[:4]}, unexpected {unexpected[:4]}")
    return model


def reference_load(path, work):
    # DeepSeek's remote code builds shared experts unless n_shared_experts is null (0 would make
    # zero-width ones with no tensors to load): the same folder with null, as its configs say "none".
    cfg = json.load(open(os.path.join(path, "config.json")))
    if cfg.get("n_shared_experts") == 0:
        alias = os.path.join(work, os.path.basename(path) + "-null-shared")
        os.makedirs(alias, exist_ok=True)
        cfg["n_shared_experts"] = None
        json.dump(cfg, open(os.path.join(alias, "config.json"), "w"))
        if not os.path.exists(os.path.join(alias, "model.safetensors")):
            os.symlink(os.path.abspath(os.path.join(path, "model.safetensors")), os.path.join(alias, "model.safetensors"))
        path = alias
    return reference_deepseek_moe.load(path)


def logits_of(model):
    with torch.no_grad():
        return model(torch.tensor([IDS])).logits[0].float()


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    cli, _data, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failed = 0
    for arch in ("llama", "qwen2"):
        dense = os.path.join(work, f"{arch}-dense")
        run(cli, "make-model", "--arch", arch, "--preset", "tiny", "--random", "--seed", "5", "--dtype", "f32", dense)
        want = logits_of(AutoModelForCausalLM.from_pretrained(dense, dtype=torch.float32, attn_implementation="eager").eval())
        for name, opts in LAYOUTS.items():
            out = os.path.join(work, f"{arch}-{name}")
            run(cli, "convert", dense, out, "--target-arch", "moe", *opts)
            if name == "softmax":
                with torch.no_grad():  # the reference takes 1-D ids and returns (logits, attention)
                    got = reference_load(out, work)(torch.tensor(IDS))[0].float()
                how = "reference_deepseek_moe"
            else:
                got = logits_of(glm4_moe(out))
                how = "transformers Glm4MoeForCausalLM"
            run(cli, "logits", out, "--ids", " ".join(map(str, IDS)), "--out", out + ".logits.safetensors", "--threads", "2")
            dsw = load_file(out + ".logits.safetensors")["logits"].float()
            d_dense, d_dsw = rel(got, want), rel(dsw, got)
            ok = d_dense < TOL and d_dsw < TOL
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {arch} {name:8s} ({how}): vs dense parent {d_dense:.2e}, dsw vs it {d_dsw:.2e}")
    if failed:
        print(f"FAIL: {failed} layout(s)")
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
