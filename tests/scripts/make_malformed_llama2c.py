#!/usr/bin/env python3
"""Writes the malformed llama2.c corpus (tests/data/malformed/llama2c/) and llama2c.tsv.

Stdlib only. Checkpoints (kind llama2c) go through open_llama2c; tokenizer.bin files (kind
llama2c_tokenizer) go through load_tokenizer, which reads a lone .bin tokenizer to its end.
    python3 tests/scripts/make_malformed_llama2c.py
"""
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "malformed")
OUT = os.path.join(ROOT, "llama2c")

# A tiny valid legacy model: dim 8, hidden 12, 2 layers, 2 heads, 1 KV head, vocab 5, seq 4.
DIM, HIDDEN, LAYERS, HEADS, KV_HEADS, VOCAB, SEQ = 8, 12, 2, 2, 1, 5, 4


def header_v0(dim=DIM, hidden=HIDDEN, layers=LAYERS, heads=HEADS, kv=KV_HEADS, vocab=VOCAB, seq=SEQ):
    return struct.pack("<7i", dim, hidden, layers, heads, kv, vocab, seq)


def weights_v0(shared=True):
    hs = DIM // HEADS
    kv_dim = KV_HEADS * hs
    n = (VOCAB * DIM + LAYERS * DIM + LAYERS * DIM * DIM * 2 + LAYERS * kv_dim * DIM * 2 + LAYERS * DIM
         + LAYERS * HIDDEN * DIM * 3 + DIM + SEQ * hs)
    if not shared:
        n += VOCAB * DIM
    return struct.pack("<%df" % n, *[0.01 * (i % 97) for i in range(n)])


def header_v1(version=1, shared=1, dims=(DIM, HIDDEN, LAYERS, HEADS, KV_HEADS, VOCAB, SEQ)):
    h = struct.pack("<Ii7iB", 0x616B3432, version, *dims, shared)
    return h + b"\0" * (256 - len(h))


def tokenizer(max_len, entries):
    out = struct.pack("<i", max_len)
    for score, length, data in entries:
        out += struct.pack("<fi", score, length) + data
    return out


CASES = []


def case(name, kind, data, code, text):
    CASES.append((name, kind, data, code, text))


VALID = header_v0() + weights_v0()
case("truncated_header.bin", "llama2c", header_v0()[:10], "invalid_input", "truncated: a llama2.c header needs 28 bytes")
case("negative_dim.bin", "llama2c", header_v0(dim=-64) + weights_v0(), "invalid_input", "dim -64 must be positive")
case("negative_n_layers.bin", "llama2c", header_v0(layers=-5) + weights_v0(), "invalid_input", "n_layers -5 must be positive")
case("zero_seq_len.bin", "llama2c", header_v0(seq=0) + weights_v0(), "invalid_input", "seq_len 0 must be positive")
case("heads_not_dividing_dim.bin", "llama2c", header_v0(heads=3) + weights_v0(), "invalid_input", "n_heads 3 does not divide dim 8")
case("kv_heads_not_dividing_heads.bin", "llama2c", header_v0(dim=48, heads=8, kv=3) + weights_v0(), "invalid_input",
     "n_kv_heads 3 does not divide n_heads 8")
case("vocab_int32_min.bin", "llama2c", header_v0(vocab=-2**31) + weights_v0(), "invalid_input", "vocab_size -2147483648")
case("dim_implausible.bin", "llama2c", header_v0(dim=2**30, heads=2**20) + weights_v0(), "invalid_input", "implausibly large")
case("huge_sizes_petabytes.bin", "llama2c",
     header_v0(dim=65536, hidden=2**20, layers=1024, heads=64, kv=64, vocab=-8_000_000, seq=10_000_000) + b"\0" * 4096,
     "invalid_input", "2097152000028) but the file has 4124 bytes")
case("truncated_weights.bin", "llama2c", VALID[:2000], "invalid_input", "truncated: w1")
case("missing_classifier.bin", "llama2c", header_v0(vocab=-VOCAB) + weights_v0(shared=True), "invalid_input",
     "truncated: wcls needs bytes")
case("trailing_garbage.bin", "llama2c", VALID + b"garbage!", "invalid_input", "8 extra bytes after the last tensor")
case("unflagged_classifier.bin", "llama2c", header_v0() + weights_v0(shared=False), "invalid_input",
     "an unshared classifier is flagged by a negative vocab_size")
case("v2_unsupported.bin", "llama2c", header_v1(version=2) + b"\0" * 1024, "unsupported", "llama2.c version 2")
case("v1_unknown_version.bin", "llama2c", header_v1(version=9) + b"\0" * 1024, "invalid_input", "unknown llama2.c checkpoint version 9")
case("v1_truncated_header.bin", "llama2c", header_v1()[:100], "invalid_input", "the llama2.c v1 header needs 256 bytes")
case("v1_bad_shared_flag.bin", "llama2c", header_v1(shared=7) + b"\0" * 1024, "invalid_input", "shared_classifier flag 7")

case("tokenizer_negative_length.bin", "llama2c_tokenizer", tokenizer(8, [(0.0, 5, b"<unk>"), (0.0, -4, b"")]),
     "invalid_input", "token 1 has a negative length -4")
case("tokenizer_length_beyond_eof.bin", "llama2c_tokenizer", tokenizer(1000, [(0.0, 5, b"<unk>"), (0.0, 900, b"abc")]),
     "invalid_input", "token 1 is 900 bytes long but only 3 bytes remain")
case("tokenizer_huge_max_token_length.bin", "llama2c_tokenizer", tokenizer(2**31 - 1, [(0.0, 5, b"<unk>")]),
     "invalid_input", "max_token_length 2147483647 is outside")
case("tokenizer_length_over_max.bin", "llama2c_tokenizer", tokenizer(3, [(0.0, 5, b"<unk>")]),
     "invalid_input", "token 0 is 5 bytes long, over max_token_length 3")
case("tokenizer_nan_score.bin", "llama2c_tokenizer", tokenizer(8, [(float("nan"), 5, b"<unk>")]),
     "invalid_input", "token 0 has a non-finite score")
case("tokenizer_truncated_entry.bin", "llama2c_tokenizer", tokenizer(8, [(0.0, 5, b"<unk>")]) + b"\0\0\0",
     "invalid_input", "truncated: token 1")


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    lines = ["# Malformed llama2.c checkpoints and tokenizer.bin files (tests/scripts/make_malformed_llama2c.py). No semicolons or square brackets: CMake list handling breaks on them."]
    for name, kind, data, code, text in CASES:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        lines.append("\t".join(["llama2c/" + name, kind, code, text]))
    with open(os.path.join(ROOT, "llama2c.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d cases" % len(CASES))


if __name__ == "__main__":
    main()
