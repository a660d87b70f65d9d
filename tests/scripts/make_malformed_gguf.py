#!/usr/bin/env python3
"""Writes the malformed GGUF corpus (tests/data/malformed/gguf/) and its manifest gguf.tsv.

Stdlib only. Each case covers one class of reliability.md cases 10-22; the manifest gives the
status code and a message substring the reader must answer with. Run from anywhere:
    python3 tests/scripts/make_malformed_gguf.py
"""
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "malformed")
OUT = os.path.join(ROOT, "gguf")

U8, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 = range(13)


def u32(v):
    return struct.pack("<I", v)


def u64(v):
    return struct.pack("<Q", v)


def gstr(s):
    if isinstance(s, str):
        s = s.encode()
    return u64(len(s)) + s


def header(n_tensors, n_kv, version=3, magic=b"GGUF"):
    return magic + u32(version) + u64(n_tensors) + u64(n_kv)


def kv_str(key, value):
    return gstr(key) + u32(STRING) + gstr(value)


def kv_u32(key, value):
    return gstr(key) + u32(U32) + u32(value)


def tensor_info(name, ne, ggml_type, offset):
    out = gstr(name) + u32(len(ne))
    for d in ne:
        out += u64(d)
    return out + u32(ggml_type) + u64(offset)


def pad(b, align=32):
    return b + b"\0" * (-len(b) % align)


ARCH = kv_str("general.architecture", "llama")


def one_tensor(ne, ggml_type, offset=0, name="blk.0.attn_q.weight", data=64):
    """A file with one KV and one tensor info, padded, followed by `data` zero bytes."""
    return pad(header(1, 1) + ARCH + tensor_info(name, ne, ggml_type, offset)) + b"\0" * data


def one_kv(body, n_kv=1):
    return header(0, n_kv) + body


CASES = []


def case(name, data, code, text):
    CASES.append((name, data, code, text))


# --- case 10: magic and version --------------------------------------------------------------
case("bad_magic.gguf", header(0, 1, magic=b"GGUG") + ARCH, "invalid_input", "bad magic")
case("version_0.gguf", header(0, 1, version=0) + ARCH, "invalid_input", "unsupported GGUF version 0")
case("version_1.gguf", header(0, 1, version=1) + ARCH, "unsupported", "GGUF version 1 is not supported")
case("version_4_future.gguf", header(0, 1, version=4) + ARCH, "invalid_input", "unsupported GGUF version 4")
case("version_byteswapped.gguf", header(0, 1, version=0x03000000) + ARCH, "unsupported", "byte-swapped")
case("truncated_header.gguf", header(0, 1)[:18], "invalid_input", "truncated: metadata entry count")
# --- case 11: counts -------------------------------------------------------------------------
case("n_tensors_max.gguf", header(2**64 - 1, 1) + ARCH, "invalid_input", "18446744073709551615 tensors, over the limit")
case("n_kv_max.gguf", header(0, 2**64 - 1) + ARCH, "invalid_input", "18446744073709551615 metadata entries, over the limit")
case("n_kv_huge.gguf", header(0, 999_999) + ARCH, "invalid_input", "999999 metadata entries but only")
case("n_tensors_huge.gguf", header(999_999, 1) + ARCH, "invalid_input", "999999 tensors but only")
# --- case 12: keys and strings ---------------------------------------------------------------
case("key_length_huge.gguf", one_kv(u64(2**63) + b"general.architecture" + u32(STRING) + gstr("x")),
     "invalid_input", "over the limit of 1073741824")
case("key_length_past_eof.gguf", one_kv(u64(100_000) + b"general.architecture" + u32(STRING) + gstr("x")),
     "invalid_input", "bytes remain in the file")
case("key_empty.gguf", one_kv(kv_str("", "llama")), "invalid_input", "has an empty key")
case("key_duplicate.gguf", one_kv(ARCH + ARCH, 2), "invalid_input", "metadata key 'general.architecture' appears twice")
case("key_invalid_utf8.gguf", one_kv(kv_str(b"general.\xff\xfe", "llama")), "invalid_input", "is not valid UTF-8")
case("string_value_past_eof.gguf", one_kv(gstr("general.name") + u32(STRING) + u64(100_000) + b"abc"),
     "invalid_input", "bytes long but only")
case("truncated_value.gguf", one_kv(gstr("llama.block_count") + u32(U64) + b"\x01\x00"),
     "invalid_input", "truncated: metadata key 'llama.block_count' value")
# --- case 13: type tags and arrays -----------------------------------------------------------
case("kv_type_13.gguf", one_kv(gstr("general.name") + u32(13) + u64(0)), "invalid_input", "invalid value type 13")
case("kv_type_ffffffff.gguf", one_kv(gstr("general.name") + u32(0xFFFFFFFF) + u64(0)),
     "invalid_input", "invalid value type 4294967295")
case("array_elem_type_bad.gguf", one_kv(gstr("tokenizer.ggml.tokens") + u32(ARRAY) + u32(200) + u64(1) + u64(0)),
     "invalid_input", "invalid array element type 200")
deep = gstr("x") + u32(ARRAY)
for _ in range(5):
    deep += u32(ARRAY) + u64(1)
deep += u32(U8) + u64(1) + b"\x01"
case("array_too_deep.gguf", one_kv(deep), "invalid_input", "arrays nested 5 deep, over the limit of 4")
case("array_count_overflow.gguf", one_kv(gstr("tokenizer.ggml.scores") + u32(ARRAY) + u32(U64) + u64(2**61) + u64(0)),
     "invalid_input", "array of 2305843009213693952 uint64 values does not fit")
case("array_strings_count_huge.gguf", one_kv(gstr("tokenizer.ggml.tokens") + u32(ARRAY) + u32(STRING) + u64(2**62) + gstr("a")),
     "invalid_input", "strings does not fit")
case("array_arrays_count_huge.gguf", one_kv(gstr("x") + u32(ARRAY) + u32(ARRAY) + u64(2**63) + u32(U8) + u64(0)),
     "invalid_input", "arrays does not fit")
case("bool_value_7.gguf", one_kv(gstr("tokenizer.ggml.add_bos_token") + u32(BOOL) + b"\x07"),
     "invalid_input", "bool value 7 is neither 0 nor 1")
# --- case 15: alignment ----------------------------------------------------------------------
case("alignment_0.gguf", one_kv(kv_u32("general.alignment", 0)), "invalid_input", "general.alignment 0 is not a power of two")
case("alignment_3.gguf", one_kv(kv_u32("general.alignment", 3)), "invalid_input", "general.alignment 3 is not a power of two")
case("alignment_int32.gguf", one_kv(gstr("general.alignment") + u32(I32) + struct.pack("<i", 32)),
     "invalid_input", "general.alignment has type int32, expected uint32")
case("alignment_2pow31.gguf", one_kv(kv_u32("general.alignment", 2**31)), "invalid_input", "implausibly large")
# --- case 16: tensor names -------------------------------------------------------------------
case("tensor_name_64_bytes.gguf", one_tensor([16], 0, name="n" * 64), "invalid_input", "ggml allows at most 63")
dup = pad(header(2, 1) + ARCH + tensor_info("output.weight", [8], 0, 0) + tensor_info("output.weight", [8], 0, 32)) + b"\0" * 64
case("tensor_name_duplicate.gguf", dup, "invalid_input", "tensor name 'output.weight' appears twice")
# --- case 17/18: dims ------------------------------------------------------------------------
case("tensor_n_dims_5.gguf", one_tensor([1, 1, 1, 1, 1], 0), "invalid_input", "n_dims 5 is outside 1..4")
case("tensor_dim_0.gguf", one_tensor([16, 0], 0), "invalid_input", "dim 1 is 0")
case("tensor_dim_negative.gguf", one_tensor([2**64 - 16], 0), "invalid_input", "dim 0 is negative (-16)")
case("tensor_dims_product_overflow.gguf", one_tensor([2**63 - 1, 2, 1, 1], 0), "invalid_input", "element count overflows int64")
# --- case 19: types --------------------------------------------------------------------------
case("tensor_type_retired_4.gguf", one_tensor([32], 4), "invalid_input", "ggml type 4 is a retired type")
case("tensor_type_99.gguf", one_tensor([32], 99), "invalid_input", "ggml type 99 is out of range")
case("tensor_type_negative.gguf", one_tensor([32], 0xFFFFFFFE), "invalid_input", "is out of range")
case("tensor_q8_0_ne0_not_block.gguf", one_tensor([48, 2], 8), "invalid_input", "48 is not a multiple of the Q8_0 block size 32")
# --- case 20: byte sizes ---------------------------------------------------------------------
case("tensor_size_overflow_f64.gguf", one_tensor([2**62], 28), "invalid_input", "byte size overflows")
case("tensor_size_huge_q4_k.gguf", one_tensor([2**40, 2**22], 12), "invalid_input", "lies beyond the end of the file")
# --- case 21: offsets ------------------------------------------------------------------------
case("tensor_offset_unexpected.gguf", one_tensor([16], 0, offset=32, data=128), "invalid_input", "has offset 32, expected 0")
two = pad(header(2, 1) + ARCH + tensor_info("a.weight", [8], 0, 0) + tensor_info("b.weight", [8], 0, 64))
case("tensor_offset_gap.gguf", two + b"\0" * 128, "invalid_input", "tensor 'b.weight' has offset 64, expected 32")
two_ok = pad(header(2, 1) + ARCH + tensor_info("a.weight", [8], 0, 0) + tensor_info("b.weight", [64], 0, 32))
case("tensor_offset_beyond_eof.gguf", two_ok + b"\0" * 200, "invalid_input", "448) lies beyond the end of the file (360 bytes)")
# --- case 22: tiny file declaring petabytes ----------------------------------------------------
peta = header(3, 1) + ARCH
off = 0
for i, ne in enumerate([[2**25, 2**25], [2**26, 2**24], [4096]]):
    peta += tensor_info("blk.%d.ffn_up.weight" % i, ne, 0, off)
    off += (ne[0] * (ne[1] if len(ne) > 1 else 1) * 4 + 31) // 32 * 32
peta = pad(peta) + b"\0" * 512
case("tiny_declares_petabytes.gguf", peta, "invalid_input", "lies beyond the end of the file")


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    lines = ["# Malformed GGUF files (tests/scripts/make_malformed_gguf.py), reliability.md cases 10-22. No semicolons or square brackets in this file: CMake list handling breaks on them.",
             "# A tokenizer.ggml.scores array stored as INT8 is a well-formed GGUF: the tokenizer refuses it, not this reader."]
    for name, data, code, text in CASES:
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        lines.append("\t".join(["gguf/" + name, "gguf", code, text]))
    with open(os.path.join(ROOT, "gguf.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d cases" % len(CASES))


if __name__ == "__main__":
    main()
