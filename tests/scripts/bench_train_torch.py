#!/usr/bin/env python3
# Needs: pip install torch==2.15.0 transformers==5.23.0 peft==0.21.2
#
# The PyTorch + PEFT side of docs/performance.md's training figures: the same step as
# tests/bench/train_step_rate.cpp (random token rows, causal-LM loss over the shifted labels, backward,
# clip_grad_norm_(1.0), torch.optim.AdamW) in fp32 on the CPU with a fixed thread count, LoRA on every
# Linear of the decoder layers (r, alpha = 2r) or full fine-tuning. Prints one JSON line like the C++ tool.
#
#   bench_train_torch.py MODEL lora|full RANK SEQ BATCH STEPS THREADS [ckpt]
import json
import resource
import sys
import time

import torch
from transformers import AutoModelForCausalLM
from transformers.utils import logging


def main():
    model_path, mode = sys.argv[1], sys.argv[2]
    rank, S, B, steps, threads = (int(v) for v in sys.argv[3:8])
    ckpt = len(sys.argv) > 8 and sys.argv[8] == "ckpt"
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    logging.set_verbosity_error()
    model = AutoModelForCausalLM.from_pretrained(model_path, dtype=torch.float32, attn_implementation="eager")
    if mode == "lora":
        import peft.utils.transformers_weight_conversion as conv
        from peft import LoraConfig, get_peft_model
        conv.convert_peft_config_for_transformers = lambda *a, **k: None
        target = (r".*\.self_attn\.(q_proj|k_proj|v_proj|o_proj|q_a_proj|q_b_proj|kv_a_proj_with_mqa|kv_b_proj)"
                  r"|.*\.mlp\.(gate_proj|up_proj|down_proj)|.*\.mlp\.shared_experts\.(gate_proj|up_proj|down_proj)")
        model = get_peft_model(model, LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.0, target_modules=target))
    if ckpt:
        model.gradient_checkpointing_enable()
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.0)
    V = model.config.vocab_size
    g = torch.Generator().manual_seed(1)
    times, cpu_times = [], []
    for k in range(steps + 1):
        ids = torch.randint(0, V, (B, S), generator=g)
        t0, c0 = time.perf_counter(), time.process_time()
        opt.zero_grad(set_to_none=True)
        out = model(input_ids=ids, labels=ids)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        s = time.perf_counter() - t0
        if k > 0:
            times.append(s)
            cpu_times.append(time.process_time() - c0)
        print(f"step {k}: {s:.3f} s, loss {out.loss.item():.4f}", file=sys.stderr)
    times.sort()
    med = times[len(times) // 2]
    cpu_times.sort()
    cpu_med = cpu_times[len(cpu_times) // 2]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"engine": "torch+peft" if mode == "lora" else "torch", "mode": mode, "step_s": round(med, 4), "cpu_s": round(cpu_med, 4),
                      "tokens_per_s": round(B * S / med, 1), "tokens_per_cpu_s": round(B * S / cpu_med, 1), "peak_rss_mib": round(rss, 1),
                      "trainable": sum(p.numel() for p in params), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
