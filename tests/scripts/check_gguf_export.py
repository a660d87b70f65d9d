#!/usr/bin/env python3
"""Checks a GGUF file written by `dsw-cli export-gguf` with the reference `gguf` package reader.

Needs the `gguf` Python package (`pip install gguf`; it is in /opt/pyref). CI does not run this
script; docs/gguf-export.md records its output on exported files.

    /opt/pyref/bin/python tests/scripts/check_gguf_export.py OUT.gguf [--type q8_0] [--config config.json]

Checks, against what llama.cpp's loader needs for `llama` and `qwen2` (formats.md §2.6, §2.8):
  - general.architecture, general.file_type (matches --type), general.quantization_version when
    a tensor is quantised, and every <arch>.* hyper-parameter with the value type llama.cpp reads;
  - the tensor set: exactly the names the architecture uses (biases, output.weight, rope_freqs
    optional), GGUF dims = reversed PyTorch shapes derived from the hyper-parameters, 1-D tensors
    F32, 2-D tensors of the requested type or F16 where Q8_0 rows are not whole 32-blocks;
  - the vocabulary: tokenizer.ggml.model, tokens/token_type/scores/merges arrays of the right type
    and length (tokens == vocab_size == token_embd rows), BOS/EOS ids in range;
  - with --config, the hyper-parameters against the Hugging Face config.json.
Exit status 0 when everything holds, 1 otherwise.
"""
import argparse
import json
import sys

import numpy as np
from gguf import GGMLQuantizationType as Q
from gguf import GGUFReader, GGUFValueType as V

FILE_TYPES = {"f32": 0, "f16": 1, "q8_0": 7, "bf16": 32}
TENSOR_TYPES = {"f32": Q.F32, "f16": Q.F16, "bf16": Q.BF16, "q8_0": Q.Q8_0}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def field(r, key):
    f = r.fields.get(key)
    return None if f is None else f


def value(r, key):
    f = field(r, key)
    return None if f is None else f.contents()


def check_kv(r, key, vtype, required=True):
    f = field(r, key)
    if f is None:
        check(not required, f"missing metadata key {key}")
        return None
    check(f.types[0] == vtype, f"{key}: type {f.types[0].name}, llama.cpp reads {vtype.name}")
    return f.contents()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gguf")
    ap.add_argument("--type", choices=sorted(FILE_TYPES), help="the --type the file was exported with")
    ap.add_argument("--config", help="Hugging Face config.json of the source model")
    a = ap.parse_args()

    r = GGUFReader(a.gguf)
    arch = value(r, "general.architecture")
    check(arch in ("llama", "qwen2"), f"general.architecture is {arch!r}")
    p = f"{arch}."
    hp = {}
    for key in ("context_length", "embedding_length", "block_count", "feed_forward_length", "attention.head_count",
                "attention.head_count_kv", "rope.dimension_count"):
        hp[key] = check_kv(r, p + key, V.UINT32)
    hp["vocab_size"] = check_kv(r, p + "vocab_size", V.UINT32, required=False)
    hp["eps"] = check_kv(r, p + "attention.layer_norm_rms_epsilon", V.FLOAT32)
    hp["rope_base"] = check_kv(r, p + "rope.freq_base", V.FLOAT32)
    key_len = check_kv(r, p + "attention.key_length", V.UINT32, required=False)
    val_len = check_kv(r, p + "attention.value_length", V.UINT32, required=False)
    scaling = check_kv(r, p + "rope.scaling.type", V.STRING, required=False)
    if scaling is not None:
        check(scaling == "linear", f"rope.scaling.type {scaling!r}")
        check_kv(r, p + "rope.scaling.factor", V.FLOAT32)
    n_embd, n_layer, n_ff = hp["embedding_length"], hp["block_count"], hp["feed_forward_length"]
    n_head, n_kv = hp["attention.head_count"], hp["attention.head_count_kv"]
    head_dim = key_len if key_len is not None else n_embd // n_head
    check(val_len in (None, head_dim), "attention.value_length differs from key_length")
    check(hp["rope.dimension_count"] == head_dim, "rope.dimension_count is not the head size")

    file_type = check_kv(r, "general.file_type", V.UINT32)
    if a.type:
        check(file_type == FILE_TYPES[a.type], f"general.file_type {file_type}, expected {FILE_TYPES[a.type]} for {a.type}")

    # Tensors.
    tensors = {t.name: t for t in r.tensors}
    emb = tensors.get("token_embd.weight")
    check(emb is not None, "no token_embd.weight")
    n_vocab = int(emb.shape[1]) if emb is not None else 0
    if hp["vocab_size"] is not None:
        check(hp["vocab_size"] == n_vocab, f"{arch}.vocab_size {hp['vocab_size']} != token_embd rows {n_vocab}")
    q_out, kv_out = n_head * head_dim, n_kv * head_dim
    expected = {"token_embd.weight": [n_embd, n_vocab], "output_norm.weight": [n_embd]}
    optional = {"output.weight": [n_embd, n_vocab], "rope_freqs.weight": [head_dim // 2]}
    for i in range(n_layer):
        b = f"blk.{i}."
        expected.update({
            b + "attn_norm.weight": [n_embd], b + "ffn_norm.weight": [n_embd],
            b + "attn_q.weight": [n_embd, q_out], b + "attn_k.weight": [n_embd, kv_out],
            b + "attn_v.weight": [n_embd, kv_out], b + "attn_output.weight": [q_out, n_embd],
            b + "ffn_gate.weight": [n_embd, n_ff], b + "ffn_up.weight": [n_embd, n_ff], b + "ffn_down.weight": [n_ff, n_embd],
        })
        qkv_bias = {b + "attn_q.bias": [q_out], b + "attn_k.bias": [kv_out], b + "attn_v.bias": [kv_out]}
        (expected if arch == "qwen2" else optional).update(qkv_bias)
        optional.update({b + "attn_output.bias": [n_embd], b + "ffn_gate.bias": [n_ff], b + "ffn_up.bias": [n_ff],
                         b + "ffn_down.bias": [n_embd]})
    if arch != "llama":
        optional.pop("rope_freqs.weight")
    for name in expected:
        check(name in tensors, f"missing tensor {name}")
    quantised, fallbacks, counts = False, [], {}
    for name, t in tensors.items():
        shape = expected.get(name, optional.get(name))
        if not check(shape is not None, f"unexpected tensor {name}"):
            continue
        check([int(d) for d in t.shape] == shape, f"{name}: dims {[int(d) for d in t.shape]}, expected {shape}")
        counts[t.tensor_type.name] = counts.get(t.tensor_type.name, 0) + 1
        quantised |= t.tensor_type == Q.Q8_0
        if len(shape) == 1:
            check(t.tensor_type == Q.F32, f"{name}: 1-D tensor of type {t.tensor_type.name}, expected F32")
        elif a.type:
            want = TENSOR_TYPES[a.type]
            if want == Q.Q8_0 and shape[0] % 32:
                want = Q.F16
                fallbacks.append(name)
            check(t.tensor_type == want, f"{name}: type {t.tensor_type.name}, expected {want.name}")
        check(np.all(np.isfinite(np.asarray(t.data, dtype=np.float32))) if t.tensor_type in (Q.F32, Q.F16) else True,
              f"{name}: non-finite values")
    qv = check_kv(r, "general.quantization_version", V.UINT32, required=quantised)
    check(qv in (None, 2), f"general.quantization_version {qv}")
    if "rope_freqs.weight" in tensors:
        f = np.asarray(tensors["rope_freqs.weight"].data)
        check(np.all(f >= 1.0), "rope_freqs.weight factors below 1")

    # Vocabulary.
    model = check_kv(r, "tokenizer.ggml.model", V.STRING)
    vocab = "none"
    if model in ("llama", "gpt2"):
        tf = field(r, "tokenizer.ggml.tokens")
        if check(tf is not None and tf.types == [V.ARRAY, V.STRING], "tokenizer.ggml.tokens is not a string array"):
            n_tok = len(tf.data)
            check(n_tok == n_vocab, f"{n_tok} tokens for {n_vocab} embedding rows")
            types = field(r, "tokenizer.ggml.token_type")
            check(types is not None and types.types == [V.ARRAY, V.INT32] and len(types.data) == n_tok,
                  "tokenizer.ggml.token_type must be an int32 array, one per token")
            if types is not None:
                tt = types.contents()
                check(all(1 <= x <= 6 for x in tt), "token types outside 1..6")
            check_kv(r, "tokenizer.ggml.pre", V.STRING, required=False)
            if model == "llama":
                sc = field(r, "tokenizer.ggml.scores")
                check(sc is not None and sc.types == [V.ARRAY, V.FLOAT32] and len(sc.data) == n_tok,
                      "tokenizer.ggml.scores must be a float32 array, one per token")
            else:
                mg = field(r, "tokenizer.ggml.merges")
                check(mg is not None and mg.types == [V.ARRAY, V.STRING] and len(mg.data) > 0,
                      "tokenizer.ggml.merges must be a non-empty string array")
                if mg is not None:
                    check(all(len(m.split(" ")) >= 2 for m in mg.contents()[:1000]), "merges not of the form 'A B'")
            for key in ("bos_token_id", "eos_token_id", "unknown_token_id", "padding_token_id"):
                v = check_kv(r, "tokenizer.ggml." + key, V.UINT32, required=False)
                if v is not None:
                    check(0 <= v < n_tok, f"tokenizer.ggml.{key} {v} outside the vocabulary")
            for key in ("add_bos_token", "add_eos_token"):
                check_kv(r, "tokenizer.ggml." + key, V.BOOL, required=False)
            check_kv(r, "tokenizer.chat_template", V.STRING, required=False)
            vocab = f"{model} ({n_tok} tokens, pre {value(r, 'tokenizer.ggml.pre')!r})"
    else:
        check(model == "no_vocab", f"tokenizer.ggml.model {model!r}")

    if a.config:
        with open(a.config) as f:
            c = json.load(f)
        rp = c.get("rope_parameters") or c.get("rope_scaling") or {}
        pairs = [("hidden_size", n_embd), ("num_hidden_layers", n_layer), ("intermediate_size", n_ff),
                 ("num_attention_heads", n_head), ("num_key_value_heads", n_kv), ("vocab_size", n_vocab),
                 ("max_position_embeddings", hp["context_length"])]
        for k, v in pairs:
            if k in c:
                check(c[k] == v, f"config.json {k} {c[k]} != GGUF {v}")
        theta = c.get("rope_theta", rp.get("rope_theta", 10000.0))
        check(abs(theta - hp["rope_base"]) <= 1e-6 * theta, f"rope_theta {theta} != rope.freq_base {hp['rope_base']}")
        check(abs(c.get("rms_norm_eps", 1e-6) - hp["eps"]) <= 1e-6 * c.get("rms_norm_eps", 1e-6), "rms_norm_eps differs")
        check(("output.weight" not in tensors) == bool(c.get("tie_word_embeddings", False)), "tied head mismatch")
        check(("rope_freqs.weight" in tensors) == (rp.get("rope_type", rp.get("type")) == "llama3"), "rope_freqs vs llama3 scaling")

    print(f"{a.gguf}: GGUF v{value(r, 'GGUF.version')}, {arch}, {n_layer} layers, embd {n_embd}, ff {n_ff}, heads {n_head}/{n_kv}, "
          f"head {head_dim}, vocab {n_vocab}, file_type {file_type}")
    print(f"  {len(tensors)} tensors: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) +
          (f"; F16 fallbacks: {', '.join(fallbacks)}" if fallbacks else ""))
    print(f"  vocabulary: {vocab}")
    for f in failures:
        print("  FAIL:", f)
    print("  OK" if not failures else f"  {len(failures)} problem(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
