#!/usr/bin/env python3
# Needs: pip install torch==2.15.0 transformers==5.23.0 optimum==2.3.0 gptqmodel==7.7.0
#
# The GPTQ-layout folders written by `dsw-cli quantize --format safetensors` load in transformers
# (its GPTQ integration: optimum + gptqmodel, CPU kernels) and give the engine's logits on the same
# tokens. Models: a small random llama whose every Linear fits the layout (made by
# `dsw-cli make-model --config`), quantised 4-bit g32, 4-bit per channel, 8-bit g128 and 4-bit GPTQ
# g32 (calibrated on the TinyStories excerpt); and stories260K (real weights), whose 172-wide MLP
# Linears do not fit and stay float (config.json then names the modules in the layout).
#
# Per folder, on one token sequence:
#  - formula: transformers on the GPTQ folder against transformers on the same weights dequantised
#    by the layout's formula (w = scales[g_idx] · (q − (qzeros + 1)), written out here) as a float
#    model: the loader read every tensor as the formula says (within its kernels' fp16/bf16
#    arithmetic; a code off by one step, a wrong zero or bit order is a difference of order 1);
#  - engine: `dsw-cli logits` on the folder against transformers on it. The engine multiplies Q4_0 /
#    Q8_0 weights with int8 activations (as llama.cpp does), transformers with float activations,
#    so this is within the activation rounding, and the engine on the dequantised float model is
#    compared too (the float paths agree to ~1e-5).
#
#   check_gptq_transformers.py DSW_CLI DATA_DIR WORK_DIR
# Exit 0 = pass, 1 = fail, 77 = skipped (no torch / transformers / optimum / gptqmodel, or no data).

import json
import os
import shutil
import subprocess
import sys
import warnings

try:
    import torch
    import transformers
    import optimum  # noqa: F401  (transformers' GPTQ integration)
    import gptqmodel  # noqa: F401  (its CPU kernels)
    from safetensors.torch import load_file, save_file
    from transformers import AutoModelForCausalLM
except ImportError as e:  # visible skip
    print(f"SKIP: {e} (pip install torch==2.15.0 transformers==5.23.0 optimum==2.3.0 gptqmodel==7.7.0)")
    sys.exit(77)

EXACT_TOL = 1e-2   # relative to max |logit|: the same weights; gptqmodel's CPU kernels compute in
                   # reduced precision (measured 2.6e-4 .. 4.8e-3); a wrong bit order or zero is O(1)
ENGINE_TOL = 3e-2  # int8 activations (engine) against float ones (transformers)
FLOAT_TOL = 1e-4   # the engine's float path against transformers'
transformers.utils.logging.set_verbosity_error()
warnings.filterwarnings("ignore")
torch.set_num_threads(2)

LLAMA = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 128, "intermediate_size": 256,
    "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 32, "vocab_size": 512,
    "max_position_embeddings": 512, "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "bos_token_id": 1, "eos_token_id": 2,
    "tie_word_embeddings": False, "torch_dtype": "float32", "hidden_act": "silu",
}


def run(*cmd):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        raise SystemExit(f"FAIL: {' '.join(map(str, cmd))} exited {r.returncode}")
    return r.stdout


def rel(a, b):
    return float((a - b).abs().max() / b.abs().max())


def unpack(words, bits, axis_len, along_rows):
    # int32 words -> codes; LSB first; packed along dim 0 (qweight) or dim 1 (qzeros).
    per = 32 // bits
    w = words.to(torch.int64) & 0xFFFFFFFF
    shifts = torch.arange(per, dtype=torch.int64) * bits
    if along_rows:  # [in/per, out] -> [in, out]
        codes = (w.unsqueeze(1) >> shifts.view(1, per, 1)) & ((1 << bits) - 1)
        return codes.reshape(-1, w.shape[1])[:axis_len]
    codes = (w.unsqueeze(2) >> shifts.view(1, 1, per)) & ((1 << bits) - 1)
    return codes.reshape(w.shape[0], -1)[:, :axis_len]


def dequantised_folder(folder, out):
    # The same model as a float checkpoint: every GPTQ Linear by the v1 formula (quantization.md §2.4).
    cfg = json.load(open(os.path.join(folder, "config.json")))
    bits = cfg["quantization_config"]["bits"]
    t = load_file(os.path.join(folder, "model.safetensors"))
    dense = {}
    for name, v in t.items():
        if name.endswith(".qweight"):
            p = name[: -len(".qweight")]
            g_idx = t[p + ".g_idx"].long()
            q = unpack(v, bits, g_idx.numel(), True)  # [in, out]
            z = unpack(t[p + ".qzeros"], bits, v.shape[1], False) + 1  # v1 stores z - 1
            s = t[p + ".scales"].float()
            dense[p + ".weight"] = (s[g_idx] * (q - z[g_idx]).float()).t().contiguous()
        elif not name.endswith((".qzeros", ".scales", ".g_idx")):
            dense[name] = v.float()
    os.makedirs(out, exist_ok=True)
    save_file(dense, os.path.join(out, "model.safetensors"), metadata={"format": "pt"})
    del cfg["quantization_config"]
    cfg["torch_dtype"] = "float32"
    json.dump(cfg, open(os.path.join(out, "config.json"), "w"), indent=2)


def hf_logits(path, ids):
    m = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, device_map="cpu").eval()
    with torch.no_grad():
        return m(torch.tensor([ids])).logits[0].float(), m


def dsw_logits(cli, path, ids, work, tag):
    out = os.path.join(work, tag + "-logits.safetensors")
    run(cli, "logits", path, "--ids", " ".join(map(str, ids)), "--out", out, "--threads", "2")
    return load_file(out)["logits"].float()


def check(cli, work, name, folder, ids, failures):
    cfg = json.load(open(os.path.join(folder, "config.json")))["quantization_config"]
    dense = folder + "-dequantised"
    shutil.rmtree(dense, ignore_errors=True)
    dequantised_folder(folder, dense)
    tf_q, model = hf_logits(folder, ids)
    kinds = sorted({type(m).__name__ for m in model.modules() if hasattr(m, "qweight")})
    n_quant = sum(1 for m in model.modules() if hasattr(m, "qweight"))
    tf_f, _ = hf_logits(dense, ids)
    e_q = dsw_logits(cli, folder, ids, work, name)
    e_f = dsw_logits(cli, dense, ids, work, name + "-f32")
    exact, engine, floats = rel(tf_q, tf_f), rel(e_q, tf_q), rel(e_f, tf_f)
    top1 = float((e_q.argmax(-1) == tf_q.argmax(-1)).float().mean())
    ok = exact <= EXACT_TOL and engine <= ENGINE_TOL and floats <= FLOAT_TOL and n_quant > 0
    print(f"{'ok  ' if ok else 'FAIL'} {name}: bits {cfg['bits']} group {cfg['group_size']}, {n_quant} GPTQ Linears "
          f"({', '.join(kinds)}); transformers GPTQ vs formula {exact:.2e}, engine vs transformers {engine:.2e} "
          f"(top-1 {top1:.1%}), float paths {floats:.2e}")
    if not ok:
        failures.append(name)


def main():
    if len(sys.argv) != 4:
        print(__doc__ or "usage: check_gptq_transformers.py DSW_CLI DATA_DIR WORK_DIR")
        return 2
    cli, data, work = sys.argv[1:]
    stories = os.path.join(data, "models", "stories260K-hf")
    text = os.path.join(data, "eval", "tinystories", "TinyStories-valid.first22stories.txt")
    if not os.path.isdir(stories) or not os.path.isfile(text):
        print(f"SKIP: no stories260K-hf or TinyStories excerpt under {data}")
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, optimum "
          f"{__import__('importlib.metadata').metadata.version('optimum')}, gptqmodel "
          f"{__import__('importlib.metadata').metadata.version('gptqmodel')}")
    cfg_path = os.path.join(work, "llama-config.json")
    json.dump(LLAMA, open(cfg_path, "w"))
    llama = os.path.join(work, "llama-128")
    run(cli, "make-model", "--config", cfg_path, "--random", "--seed", "5", "--tokenizer",
        os.path.join(stories, "tokenizer.model"), llama)
    ids = [1] + [int(x) for x in torch.randint(3, 500, (47,), generator=torch.Generator().manual_seed(3))]
    failures = []
    jobs = [
        ("llama-q4-g32", llama, ["--bits", "4", "--group", "32"]),
        ("llama-q4-channel", llama, ["--bits", "4", "--group", "0"]),
        ("llama-q8-g128", llama, ["--bits", "8", "--group", "128"]),
        ("llama-q4-gptq-g32", llama, ["--bits", "4", "--group", "32", "--method", "gptq", "--calib", text,
                                      "--calib-samples", "8", "--calib-length", "64"]),
        ("stories260K-q4-g32", stories, ["--bits", "4", "--group", "32"]),
    ]
    for name, model, args in jobs:
        out = os.path.join(work, name)
        run(cli, "quantize", model, out, "--format", "safetensors", "--threads", "2", *args)
        check(cli, work, name, out, ids, failures)
    if failures:
        print(f"FAIL: {', '.join(failures)}")
        return 1
    print(f"{len(jobs)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
