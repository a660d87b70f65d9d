#!/usr/bin/env python3
# Needs: pip install torch==2.15.0 transformers==5.23.0 peft==0.21.2 safetensors==0.8.0
#
# The files other tools read: a LoRA adapter written by `dsw-cli finetune` loads with pip PEFT onto the
# transformers model and gives dsw's logits (`dsw-cli logits --adapter`); `dsw-cli merge` writes a model
# folder that transformers loads with those same logits, and so does dsw. Models: stories260K (real
# weights) and a tiny random deepseek_v3 (MLA, noaux_tc router, shared + 16 routed experts) made by
# `dsw-cli make-model`, whose routed-expert adapters are written in transformers v5's fused layout
# (`--fused-experts`) because transformers 5 fuses routed experts.
#
#   check_peft_interop.py DSW_CLI DATA_DIR WORK_DIR
# Exit 0 = pass, 1 = fail, 77 = skipped (no torch / transformers / peft, or no data folder).

import os
import shutil
import subprocess
import sys
import warnings

try:
    import peft
    import peft.utils.transformers_weight_conversion as conv
    import torch
    import transformers
    from peft import PeftModel
    from safetensors.torch import load_file
    from transformers import AutoModelForCausalLM
except ImportError as e:  # visible skip
    print(f"SKIP: {e} (pip install torch==2.15.0 transformers==5.23.0 peft==0.21.2)")
    sys.exit(77)

TOL = 1e-4
transformers.utils.logging.set_verbosity_error()
torch.set_num_threads(2)


def run(*cmd):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        raise SystemExit(f"FAIL: {' '.join(map(str, cmd))} exited {r.returncode}")
    return r.stdout


def rel(a, b):
    return float((a - b).abs().max() / b.abs().max())


def load_hf(path):
    return AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32, attn_implementation="eager").eval()


def check(name, cli, model, data, work, ids, fused):
    out = os.path.join(work, name)
    shutil.rmtree(out, ignore_errors=True)
    extra = ["--fused-experts"] if fused else []
    print(run(cli, "finetune", model, "--data", data, "--format", "prompt-response", "--max-examples", "64", "--seq-len", "256",
              "--out", out, "--steps", "3", "--batch", "2", "--lr", "2e-2", "--targets", "all-linear", "--rank", "4",
              "--alpha", "8", "--threads", "2", "--no-store", *extra).splitlines()[0])
    adapter = os.path.join(out, "adapter")
    ids_s = " ".join(map(str, ids))
    run(cli, "logits", model, "--ids", ids_s, "--adapter", adapter, "--out", os.path.join(out, "ours.safetensors"))
    ours = load_file(os.path.join(out, "ours.safetensors"))["logits"]
    failures = 0

    # pip PEFT reads the adapter; every LoRA tensor of the file must land in the model.
    base = load_hf(model)
    conv.convert_peft_config_for_transformers = lambda *a, **k: None  # targets are stated exactly (see make_train_fixtures.py)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = PeftModel.from_pretrained(base, adapter).eval()
    bad = [str(w.message) for w in caught if "missing" in str(w.message).lower() or "unexpected" in str(w.message).lower()]
    n_file = len(load_file(os.path.join(adapter, "adapter_model.safetensors")))
    n_model = sum(1 for n, _ in m.named_parameters() if "lora_" in n)
    with torch.no_grad():
        ref = m(torch.tensor([ids])).logits[0]
        base_logits = load_hf(model)(torch.tensor([ids])).logits[0]
    d = rel(ours, ref)
    moved = rel(ref, base_logits)
    ok = d <= TOL and not bad and n_file == n_model and moved > 1e-3
    failures += not ok
    print(f"{'PASS' if ok else 'FAIL'} {name}: PEFT logits vs dsw {d:.2e} (adapter moves logits by {moved:.2e}); "
          f"{n_model} LoRA tensors in the model, {n_file} in the file{'; ' + '; '.join(bad) if bad else ''}")

    # Merge: transformers and dsw load the merged folder and give the adapter's logits.
    merged = os.path.join(out, "merged")
    run(cli, "merge", model, adapter, merged)
    with torch.no_grad():
        hf_merged = load_hf(merged)(torch.tensor([ids])).logits[0]
    run(cli, "logits", merged, "--ids", ids_s, "--out", os.path.join(out, "merged.safetensors"))
    dsw_merged = load_file(os.path.join(out, "merged.safetensors"))["logits"]
    d1, d2 = rel(hf_merged, ref), rel(dsw_merged, ours)
    ok = d1 <= TOL and d2 <= TOL
    failures += not ok
    print(f"{'PASS' if ok else 'FAIL'} {name}: merged folder in transformers vs PEFT {d1:.2e}, in dsw vs adapter {d2:.2e}")
    return failures


def main():
    if len(sys.argv) != 4:
        raise SystemExit("usage: check_peft_interop.py DSW_CLI DATA_DIR WORK_DIR")
    cli, data_dir, work = sys.argv[1:]
    stories = os.path.join(data_dir, "models", "stories260K-hf")
    gsm8k = os.path.join(data_dir, "eval", "gsm8k", "train.jsonl")
    if not os.path.isdir(stories) or not os.path.exists(gsm8k):
        print(f"SKIP: {data_dir} has no stories260K-hf / gsm8k")
        sys.exit(77)
    os.makedirs(work, exist_ok=True)
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, peft {peft.__version__}")
    ids = [1, 403, 261, 263, 1018 % 512, 77, 13, 401, 29, 5, 88, 300]
    failures = check("stories260k", cli, stories, gsm8k, work, ids, False)
    v3 = os.path.join(work, "v3tiny")
    if not os.path.isdir(v3):
        run(cli, "make-model", "--arch", "deepseek_v3", "--preset", "tiny", "--random", "--dtype", "f32", "--tokenizer",
            os.path.join(stories, "tokenizer.model"), v3)
    failures += check("deepseek_v3_tiny_fused", cli, v3, gsm8k, work, ids, True)
    print(f"{2 * 2 - failures} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
