#!/usr/bin/env python3
"""Writes the malformed config.json / model-folder corpus in tests/data/malformed/config/ and its
manifest tests/data/malformed/config.tsv (reliability.md class 24 and friends). Stdlib only."""
import json
import os
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "malformed")
OUT = os.path.join(ROOT, "config")

BASE = {
    "model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
    "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 256, "max_position_embeddings": 512,
    "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "tie_word_embeddings": False,
}
V3 = dict(BASE, model_type="deepseek_v3", q_lora_rank=32, kv_lora_rank=32, qk_nope_head_dim=16, qk_rope_head_dim=8,
          v_head_dim=16, n_routed_experts=8, n_shared_experts=1, num_experts_per_tok=2, moe_intermediate_size=32,
          first_k_dense_replace=1, n_group=2, topk_group=1, topk_method="noaux_tc", scoring_func="sigmoid")

cases = []  # (relative path, kind, code, substring)


def write(name, data, code, text, kind="config"):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else json.dumps(data, indent=1).encode())
    cases.append((f"config/{name}", kind, code, text))


def variant(name, code, text, base=BASE, **changes):
    cfg = dict(base)
    for k, v in changes.items():
        if v is None:
            cfg.pop(k, None)
        else:
            cfg[k] = v
    write(name, cfg, code, text)


def safetensors(tensors):
    """tensors: list of (name, shape); f32 zeros."""
    header, off, blobs = {}, 0, []
    for name, shape in tensors:
        n = 4
        for d in shape:
            n *= d
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [off, off + n]}
        off += n
        blobs.append(b"\0" * n)
    h = json.dumps(header).encode()
    h += b" " * ((8 - (len(h) + 8) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def main():
    os.makedirs(OUT, exist_ok=True)
    variant("negative_hidden.json", "invalid_input", "field 'hidden_size'", hidden_size=-64)
    variant("hidden_as_string.json", "invalid_input", "must be an integer", hidden_size="64")
    variant("absurd_vocab.json", "invalid_input", "field 'vocab_size'", vocab_size=10**12)
    variant("huge_layers.json", "invalid_input", "field 'num_hidden_layers'", num_hidden_layers=2**40)
    variant("kv_heads_not_dividing.json", "invalid_input", "field 'num_key_value_heads'", num_key_value_heads=3)
    variant("missing_model_type.json", "invalid_input", "field 'model_type' is missing", model_type=None)
    variant("unknown_model_type.json", "unsupported", "model_type 'gpt2'", model_type="gpt2")
    variant("remote_code_only.json", "unsupported", "model_type 'my_custom'", model_type="my_custom",
            auto_map={"AutoModelForCausalLM": "modeling_x.MyModel"})
    variant("odd_head_dim.json", "invalid_input", "must be even", head_dim=15)
    variant("eps_as_bool.json", "invalid_input", "field 'rms_norm_eps' must be a number", rms_norm_eps=True)
    variant("tie_as_string.json", "invalid_input", "field 'tie_word_embeddings' must be true or false", tie_word_embeddings="yes")
    variant("rope_unknown_type.json", "unsupported", "rope scaling type 'dynamic'", rope_scaling={"type": "dynamic", "factor": 2.0})
    variant("rope_not_object.json", "invalid_input", "must be an object or null", rope_scaling=[1, 2])
    variant("yarn_without_original.json", "invalid_input", "original_max_position_embeddings", rope_scaling={"type": "yarn", "factor": 40})
    variant("sliding_window_qwen2.json", "unsupported", "use_sliding_window", model_type="qwen2", use_sliding_window=True)
    variant("bitsandbytes.json", "unsupported", "quant_method 'bitsandbytes'", quantization_config={"quant_method": "bitsandbytes"})
    variant("eos_list_of_strings.json", "invalid_input", "field 'eos_token_id'", eos_token_id=["</s>"])
    variant("experts_per_token_too_many.json", "invalid_input", "field 'num_experts_per_tok'", V3, num_experts_per_tok=9)
    variant("groups_not_dividing.json", "invalid_input", "field 'n_group'", V3, n_group=3)
    variant("noaux_with_softmax.json", "unsupported", "noaux_tc needs scoring_func sigmoid", V3, scoring_func="softmax")
    variant("mla_missing_kv_lora.json", "invalid_input", "field 'kv_lora_rank' is missing", V3, kv_lora_rank=None)
    variant("odd_rope_dim.json", "invalid_input", "field 'qk_rope_head_dim' must be even", V3, qk_rope_head_dim=7)
    variant("fp8_bad_block.json", "invalid_input", "weight_block_size", V3,
            quantization_config={"quant_method": "fp8", "fmt": "e4m3", "weight_block_size": [0, 128]})
    write("not_json.json", b"{\"model_type\": \"llama\", hidden_size: 64}", "invalid_input", "invalid JSON")
    write("not_an_object.json", b"[1, 2, 3]", "invalid_input", "must be a JSON object")
    write("duplicate_key.json", b'{"model_type": "llama", "hidden_size": 64, "hidden_size": 128}', "invalid_input", "duplicate key 'hidden_size'")
    write("nul_byte.json", json.dumps(BASE).encode() + b"\0garbage", "invalid_input", "NUL byte")
    write("invalid_utf8.json", b'{"model_type": "llama\xff"}', "invalid_input", "invalid JSON")
    write("oversized.json", b'{"model_type": "llama", "pad": "' + b"x" * (5 << 20) + b'"}', "invalid_input", "larger than")

    # Model folders: a config that contradicts the tensors, and a pickle checkpoint.
    folder = os.path.join(OUT, "shape_mismatch")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(dict(BASE, num_hidden_layers=1), f)
    H, I, V, d = 64, 128, 256, 16
    tensors = [("model.embed_tokens.weight", [V, H]), ("model.norm.weight", [H]), ("lm_head.weight", [V, H]),
               ("model.layers.0.input_layernorm.weight", [H]), ("model.layers.0.post_attention_layernorm.weight", [H]),
               ("model.layers.0.self_attn.q_proj.weight", [4 * d, H + 1]),  # wrong: in_features 65
               ("model.layers.0.self_attn.k_proj.weight", [2 * d, H]), ("model.layers.0.self_attn.v_proj.weight", [2 * d, H]),
               ("model.layers.0.self_attn.o_proj.weight", [H, 4 * d]), ("model.layers.0.mlp.gate_proj.weight", [I, H]),
               ("model.layers.0.mlp.up_proj.weight", [I, H]), ("model.layers.0.mlp.down_proj.weight", [H, I])]
    with open(os.path.join(folder, "model.safetensors"), "wb") as f:
        f.write(safetensors(tensors))
    cases.append(("config/shape_mismatch", "model_tensors", "invalid_input", "'model.layers.0.self_attn.q_proj.weight' has shape [64, 65]"))

    folder = os.path.join(OUT, "pickle_checkpoint")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(BASE, f)
    with open(os.path.join(folder, "pytorch_model.bin"), "wb") as f:
        f.write(b"\x80\x02}q\x00.")  # a pickle: never loaded
    cases.append(("config/pickle_checkpoint", "model", "unsupported", "pickle"))

    with open(os.path.join(ROOT, "config.tsv"), "w") as f:
        f.write("# Malformed config.json files and model folders (written by tests/scripts/make_malformed_config.py)\n")
        for c in cases:
            f.write("\t".join(c) + "\n")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    sys.exit(main())
