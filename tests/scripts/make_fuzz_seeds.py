#!/usr/bin/env python3
"""Writes the small valid seed files of the GGUF and llama2.c fuzz targets (tests/fuzz/corpus/).

Stdlib only; reuses the writers of the malformed-corpus scripts.
    python3 tests/scripts/make_fuzz_seeds.py
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_malformed_gguf as g  # noqa: E402
import make_malformed_llama2c as l  # noqa: E402

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus")


def write(folder, name, data):
    os.makedirs(os.path.join(CORPUS, folder), exist_ok=True)
    with open(os.path.join(CORPUS, folder, name), "wb") as f:
        f.write(data)


def str_array(key, items):
    out = g.gstr(key) + g.u32(g.ARRAY) + g.u32(g.STRING) + g.u64(len(items))
    for s in items:
        out += g.gstr(s)
    return out


def gguf_seeds():
    tokens = ["<unk>", "<s>", "</s>", "a", "b", "ab", "\u0120the"]
    vocab = g.header(0, 7) + g.kv_str("general.architecture", "llama") + g.kv_str("tokenizer.ggml.model", "gpt2")
    vocab += str_array("tokenizer.ggml.tokens", tokens)
    vocab += g.gstr("tokenizer.ggml.token_type") + g.u32(g.ARRAY) + g.u32(g.I32) + g.u64(len(tokens))
    vocab += b"".join(struct.pack("<i", t) for t in [2, 3, 3, 1, 1, 1, 1])
    vocab += str_array("tokenizer.ggml.merges", ["a b"])
    vocab += g.kv_u32("tokenizer.ggml.bos_token_id", 1)
    vocab += g.gstr("tokenizer.ggml.add_bos_token") + g.u32(g.BOOL) + b"\x01"
    write("gguf", "vocab.gguf", vocab)

    scalars = g.header(0, 8, version=2)
    scalars += g.gstr("u8") + g.u32(g.U8) + b"\x07"
    scalars += g.gstr("i16") + g.u32(g.I16) + struct.pack("<h", -3)
    scalars += g.gstr("f32") + g.u32(g.F32) + struct.pack("<f", 1e-5)
    scalars += g.gstr("u64") + g.u32(g.U64) + g.u64(2**40)
    scalars += g.gstr("i64") + g.u32(g.I64) + struct.pack("<q", -9)
    scalars += g.gstr("f64") + g.u32(g.F64) + struct.pack("<d", 10000.0)
    nested = g.gstr("nested") + g.u32(g.ARRAY) + g.u32(g.ARRAY) + g.u64(2)
    nested += g.u32(g.STRING) + g.u64(2) + g.gstr("x") + g.gstr("yy")
    nested += g.u32(g.ARRAY) + g.u64(1) + g.u32(g.U16) + g.u64(2) + struct.pack("<HH", 1, 2)
    scalars += nested + str_array("s", ["one", "two"])
    write("gguf", "types_nested_v2.gguf", scalars)

    infos = [("token_embd.weight", [64, 2], 8, 2 * 2 * 34), ("blk.0.attn_norm.weight", [8], 0, 32),
             ("blk.0.ffn_up.weight", [4, 2], 30, 16), ("blk.0.q5", [32], 6, 22)]
    t = g.header(len(infos), 2) + g.kv_u32("general.alignment", 64) + g.kv_str("general.architecture", "llama")
    off = 0
    for name, ne, ty, nbytes in infos:
        t += g.tensor_info(name, ne, ty, off)
        off += (nbytes + 63) // 64 * 64
    t = g.pad(t, 64)
    for _, _, _, nbytes in infos:
        t += g.pad(bytes(range(nbytes % 256)) + b"\x01" * (nbytes - nbytes % 256), 64)
    write("gguf", "tensors_align64.gguf", t)


def llama2c_seeds():
    write("llama2c", "tiny_v0_shared.bin", l.header_v0() + l.weights_v0())
    write("llama2c", "tiny_v0_unshared.bin", l.header_v0(vocab=-l.VOCAB) + l.weights_v0(shared=False))
    v1 = l.weights_v0()
    hs = l.DIM // l.HEADS
    v1 = v1[: len(v1) - 4 * l.SEQ * hs]  # v1 has no RoPE tables
    write("llama2c", "tiny_v1.bin", l.header_v1() + v1)
    # Tokenizer seeds: the first byte selects the vocab size (0xFF: read to the end).
    tok = l.tokenizer(6, [(0.0, 5, b"<unk>"), (0.0, 5, b"\n<s>\n"), (-1.5, 4, b" the"), (-2.0, 6, b"<0x0A>")])
    write("llama2c_tokenizer", "four_tokens_to_end.bin", b"\xff" + tok)
    write("llama2c_tokenizer", "four_tokens_counted.bin", b"\x04" + tok)


def text_seeds():
    """Normalizer and pre-tokenizer seeds: combining-mark runs, whitespace runs, the real split
    patterns (first line) with text that exercises their alternatives (the rest)."""
    for name, text in [("marks", "e\u0301\u0316\u0301\u0334a\u05b0\u0315"), ("hangul", "\u1100\u1161\u11a8\uac00"),
                       ("mixed", "caf\u00e9 cafe\u0301 \u212b A\u030a"), ("invalid", b"a\xcc\xff\xcc\x81".decode("latin-1"))]:
        write("normalizer", name + ".txt", text.encode("utf-8") if name != "invalid" else b"a\xcc\xff\xcc\x81")
    text = "Hello, world! 12345 caf\u00e9  \n\n  \t x\u0301 \u4e00\u4e8c 'll aaaa!!!"
    for name, pattern in [("gpt2", r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"),
                          ("qwen2", r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"),
                          ("digits", r"\p{N}{1,3}"), ("line_end", r"\s+$"), ("letters", r"\s?\p{L}+"), ("any", r".")]:
        write("pre_tokenizer", name + ".txt", (pattern + "\n" + text).encode("utf-8"))


if __name__ == "__main__":
    gguf_seeds()
    llama2c_seeds()
    text_seeds()
