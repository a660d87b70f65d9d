#!/usr/bin/env python3
# Needs: pip install torch==2.15.0 transformers==5.23.0
# A DeepSeek-V3-shaped model of about 10M parameters (random weights, fp32) for the full fine-tuning
# speed comparison in docs/performance.md: MLA with q LoRA, noaux_tc sigmoid router, 16 experts in
# 4 groups, 4 per token, one shared expert, first layer dense, vocabulary 8192.
#   make_v3_10m.py OUT_DIR
import sys

import torch
from transformers import DeepseekV3Config, DeepseekV3ForCausalLM

cfg = DeepseekV3Config(vocab_size=8192, hidden_size=256, intermediate_size=512, moe_intermediate_size=128,
                       num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=4, q_lora_rank=128,
                       kv_lora_rank=64, qk_nope_head_dim=32, qk_rope_head_dim=16, v_head_dim=32, n_routed_experts=16,
                       n_shared_experts=1, num_experts_per_tok=4, n_group=4, topk_group=2, first_k_dense_replace=1,
                       norm_topk_prob=True, routed_scaling_factor=2.5, max_position_embeddings=4096,
                       tie_word_embeddings=False, bos_token_id=0, eos_token_id=1)
torch.manual_seed(0)
m = DeepseekV3ForCausalLM(cfg).float()
print(sum(p.numel() for p in m.parameters()), "parameters")
m.save_pretrained(sys.argv[1])
