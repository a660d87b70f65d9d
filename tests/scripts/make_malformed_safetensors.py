#!/usr/bin/env python3
"""Writes the malformed safetensors corpus: tests/data/malformed/safetensors/ and its manifest
tests/data/malformed/safetensors.tsv (reliability.md cases 1-9 and 23).

Standard library only. Run from anywhere; it replaces the folder and the manifest:
    python3 tests/scripts/make_malformed_safetensors.py
Each case is one file (kind `safetensors`) or one folder holding a model.safetensors.index.json
and its shards (kind `safetensors_index`). The expected message substrings follow the wording of
engine/src/formats/safetensors_header.cpp and safetensors_index.cpp.
"""
import json
import os
import shutil
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MALFORMED = os.path.join(ROOT, "tests", "data", "malformed")
OUT = os.path.join(MALFORMED, "safetensors")
MANIFEST = os.path.join(MALFORMED, "safetensors.tsv")

cases = []  # (relative path, kind, code, substring)


def st_bytes(header, data=b"", pad=True):
    """8-byte N, the header (str or bytes) padded with spaces to 8 bytes, then data."""
    h = header.encode() if isinstance(header, str) else header
    if pad:
        h += b" " * ((-(8 + len(h))) % 8)
    return struct.pack("<Q", len(h)) + h + data


def entry(dtype, shape, begin, end):
    return {"dtype": dtype, "shape": shape, "data_offsets": [begin, end]}


def valid_file(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, bytes); data laid out in list order."""
    header, data = {}, b""
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape, raw in tensors:
        header[name] = entry(dtype, shape, len(data), len(data) + len(raw))
        data += raw
    return st_bytes(json.dumps(header, separators=(",", ":")), data)


def write(rel, content):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content)


def case(name, content, substring, code="invalid_input"):
    write(name, content)
    cases.append(("safetensors/" + name, "safetensors", code, substring))


def one(name, dtype, shape, offsets, data_len):
    """A header with a single tensor, written as raw text so any value can be expressed."""
    return st_bytes('{"%s":{"dtype":"%s","shape":%s,"data_offsets":%s}}' % (name, dtype, shape, offsets),
                    b"\0" * data_len)


F32_4 = struct.pack("<4f", 1.0, 2.0, 3.0, 4.0)
SHARD1 = "model-00001-of-00002.safetensors"
SHARD2 = "model-00002-of-00002.safetensors"
A = ("a", "F32", [4], F32_4)
B = ("b", "F32", [1], F32_4[:4])

def two(a, b, data_len):
    return st_bytes('{"a":{"dtype":"F32","shape":[1],"data_offsets":%s},"b":{"dtype":"F32","shape":[1],"data_offsets":%s}}'
                    % (a, b), b"\0" * data_len)


def many_entries(n):
    # Three-character names from 90 printable ASCII characters (no quote or backslash); zero-size
    # U8 tensors keep each entry at about 53 bytes, so 100,000 of them fit in about 5 MB.
    alphabet = [chr(c) for c in range(0x23, 0x7f) if chr(c) not in '\\']
    parts = []
    for i in range(n):
        name = alphabet[i // (90 * 90) % 90] + alphabet[i // 90 % 90] + alphabet[i % 90]
        parts.append('"%s":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}' % name)
    # The last tensor holds one byte but begins at 1: a gap the reader finds only after sorting.
    parts.append('"last":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}')
    return st_bytes("{" + ",".join(parts) + "}", b"\0\0")


def index_case(folder, weight_map, substring, shards=None, code="invalid_input", raw=None):
    """A folder with model.safetensors.index.json and the given shards {file name: tensors}."""
    for fname, tensors in (shards or {}).items():
        write(os.path.join(folder, fname), valid_file(tensors))
    text = raw if raw is not None else json.dumps({"metadata": {"total_size": 20}, "weight_map": weight_map}).encode()
    write(os.path.join(folder, "model.safetensors.index.json"), text)
    cases.append(("safetensors/%s/model.safetensors.index.json" % folder, "safetensors_index", code, substring))


def write_cases():
    # ---- 1, 2: file and header length ---------------------------------------------------------------
    case("empty.safetensors", b"", "file is 0 bytes, too short")
    case("tiny_5_bytes.safetensors", b"\x10\0\0\0\0", "file is 5 bytes, too short for the 8-byte header length")
    case("header_len_over_cap.safetensors", struct.pack("<Q", 100_000_001) + b"{}",
         "header length 100000001 is above the 100000000-byte limit")
    case("header_len_past_eof.safetensors", struct.pack("<Q", 4096) + b'{"a":1}',
         "header length 4096 runs past the end of the 15-byte file")
    case("header_len_2pow64_minus1.safetensors", struct.pack("<Q", 2**64 - 1) + b"{}",
         "header length 18446744073709551615 is above")
    case("header_len_wraps_on_plus_8.safetensors", struct.pack("<Q", 2**64 - 8) + b"{}" + b"\0" * 6,
         "header length 18446744073709551608 is above")
    case("header_len_zero.safetensors", struct.pack("<Q", 0), "header does not start with")
    case("header_not_object.safetensors", st_bytes("[]"), "header does not start with")

    # ---- 3: not UTF-8, not JSON, wrong value types ----------------------------------------------------
    case("invalid_utf8_name.safetensors",
         st_bytes(b'{"w\xff\xfe":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', b"\0"), "header is not valid JSON")
    case("invalid_utf8_overlong.safetensors",
         st_bytes(b'{"w\xc0\xaf":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', b"\0"), "header is not valid JSON")
    case("invalid_json_truncated.safetensors", st_bytes('{"w":{"dtype":"F32","shape":[4],'), "header is not valid JSON")
    case("invalid_json_trailing_garbage.safetensors",
         st_bytes('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}} x', F32_4[:4]), "header is not valid JSON")
    case("nul_hides_garbage.safetensors",
         st_bytes(b'{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}\0garbage', F32_4[:4]),
         "after the end of the JSON value")
    case("shape_is_string.safetensors", one("w", "F32", '"x"', "[0,4]", 4),
         "tensor 'w': shape must be an array of integers, got string")
    case("shape_holds_float.safetensors", one("w", "F32", "[1.5]", "[0,4]", 4), "shape holds 1.5")
    case("entry_not_object.safetensors", st_bytes('{"w":[0,4]}'), "tensor 'w': entry must be an object, got array")
    case("dtype_not_string.safetensors", st_bytes('{"w":{"dtype":4,"shape":[1],"data_offsets":[0,4]}}', F32_4[:4]),
         "dtype must be a string, got integer")
    case("offsets_three_values.safetensors", one("w", "F32", "[1]", "[0,4,8]", 4),
         "data_offsets must be an array of two non-negative integers, it holds more")
    case("offsets_strings.safetensors", one("w", "F32", "[1]", '["0","4"]', 4),
         "data_offsets must be an array of two non-negative integers, got string")
    case("offsets_negative.safetensors", one("w", "F32", "[1]", "[-4,0]", 4), "negative offset -4")
    case("missing_data_offsets.safetensors", st_bytes('{"w":{"dtype":"F32","shape":[1]}}', F32_4[:4]),
         "tensor 'w': has no 'data_offsets' field")
    case("unknown_field.safetensors",
         st_bytes('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"offset":0}}', F32_4[:4]),
         "unknown field 'offset'")
    case("metadata_value_not_string.safetensors", st_bytes('{"__metadata__":{"format":1}}'),
         "__metadata__ value for 'format' must be a string, got integer")
    case("metadata_not_object.safetensors", st_bytes('{"__metadata__":["pt"]}'), "__metadata__ must be an object, got array")
    case("empty_tensor_name.safetensors", one("", "U8", "[1]", "[0,1]", 1), "a tensor has an empty name")

    # ---- 4: duplicate keys ------------------------------------------------------------------------------
    e = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}'
    case("duplicate_tensor_key.safetensors", st_bytes('{"w":%s,"w":%s}' % (e, e), F32_4[:4]),
         "tensor 'w' appears twice (duplicate JSON key)")
    case("duplicate_field.safetensors",
         st_bytes('{"w":{"dtype":"F32","shape":[1],"shape":[2],"data_offsets":[0,4]}}', F32_4[:4]),
         "field 'shape' appears twice")
    case("duplicate_metadata_key.safetensors", st_bytes('{"__metadata__":{"format":"pt","format":"np"}}'),
         "__metadata__ key 'format' appears twice")

    # ---- 5: offsets overlapping, aliasing, gapped, unsorted, end < begin ----------------------------------
    case("offsets_overlap.safetensors", two("[0,4]", "[2,6]", 6),
         "tensor 'b': data_offsets [2, 6] overlap the previous tensor 'a', which ends at 4")
    case("offsets_alias.safetensors", two("[0,4]", "[0,4]", 4), "overlap the previous tensor")
    case("offsets_gap.safetensors", two("[0,4]", "[8,12]", 12),
         "tensor 'b': data_offsets [8, 12] leave a gap: the previous tensor 'a' ends at 4")
    case("offsets_first_not_zero.safetensors", two("[4,8]", "[8,12]", 12), "data_offsets [4, 8] do not begin at 0")
    case("offsets_unsorted_with_gap.safetensors", two("[12,16]", "[0,4]", 16),
         "tensor 'a': data_offsets [12, 16] leave a gap")
    case("offsets_end_before_begin.safetensors", two("[0,4]", "[8,4]", 8), "data_offsets [8, 4] end before they begin")

    # ---- 6: overflow, misaligned sub-byte ------------------------------------------------------------
    case("shape_product_overflows_u64.safetensors", one("w", "U8", "[4294967296,4294967296]", "[0,1]", 1),
         "has more elements than 64-bit arithmetic can count")
    case("shape_2_by_int64_max.safetensors", one("w", "U8", "[2,9223372036854775807]", "[0,1]", 1),
         "more than 2^63 - 1")
    case("bits_overflow_u64.safetensors", one("w", "F64", "[4611686018427387904]", "[0,8]", 8),
         "needs more bits than 64-bit arithmetic can count")
    case("dim_2pow64.safetensors", one("w", "U8", "[18446744073709551616]", "[0,1]", 1),
         "shape holds 18446744073709551616")
    case("dim_negative.safetensors", one("w", "F32", "[-1]", "[0,4]", 4), "negative dimension -1")
    case("f4_not_whole_bytes.safetensors", one("w", "F4", "[3]", "[0,2]", 2), "is 12 bits, not a whole number of bytes")

    # ---- 7: size mismatch, unknown dtype ----------------------------------------------------------------
    case("shape_dtype_mismatch.safetensors", one("model.norm.weight", "F32", "[4]", "[0,10]", 10),
         "tensor 'model.norm.weight': data_offsets [0, 10] hold 10 bytes, but shape [4] of F32 needs 16")
    case("unknown_dtype.safetensors", one("w", "F7", "[1]", "[0,1]", 1), "tensor 'w': unknown dtype 'F7'")
    case("lowercase_dtype.safetensors", one("w", "f32", "[1]", "[0,4]", 4), "unknown dtype 'f32'")

    # ---- 8: trailing bytes (polyglot), data too short, tiny file declaring petabytes ---------------------
    case("trailing_bytes.safetensors", valid_file([("w", "F32", [4], F32_4)]) + b"<html>polyglot</html>",
         "21 trailing bytes after the last tensor")
    case("data_too_short.safetensors", valid_file([("w", "F32", [4], F32_4)])[:-3],
         "the tensors need 16 bytes of data, but only 13 bytes follow the header")
    case("tiny_declares_petabytes.safetensors", one("w", "U8", "[1125899906842624]", "[0,1125899906842624]", 16),
         "the tensors need 1125899906842624 bytes of data, but only 16 bytes follow the header")

    # ---- 9: 10^5 entries inside the cap: must be refused fast, after reading all of them -------------------
    case("many_entries_100k_bad_last_offset.safetensors", many_entries(100_000),
         "tensor 'last': data_offsets [1, 2] leave a gap")

    # ---- 23: sharded index ---------------------------------------------------------------------------

    # A valid file the escaping cases point at, so they are refused for leaving the folder and not
    # because the target is missing.
    write("outside.safetensors", valid_file([("a", "F32", [4], F32_4)]))

    index_case("index_dotdot_shard", {"a": "../outside.safetensors"},
               "shard name '../outside.safetensors' has a '..' component")
    index_case("index_dotdot_inner", {"a": "sub/../../outside.safetensors"}, "has a '..' component")
    index_case("index_absolute_shard", {"a": "/etc/passwd"}, "shard name '/etc/passwd' is an absolute path")
    index_case("index_backslash_shard", {"a": "..\\outside.safetensors"}, "contains a backslash")
    index_case("index_drive_letter_shard", {"a": "C:outside.safetensors"}, "contains ':'")
    # A committed symlink inside the model folder pointing to ../outside.safetensors (= the file above).
    index_case("index_symlink_escape", {"a": SHARD1}, "shard 'model-00001-of-00002.safetensors' resolves to")
    os.symlink("../outside.safetensors", os.path.join(OUT, "index_symlink_escape", SHARD1))
    index_case("index_shard_missing", {"a": SHARD1, "b": SHARD2},
               "shard 'model-00002-of-00002.safetensors' is listed in weight_map but missing",
               shards={SHARD1: [A]}, code="io")
    index_case("index_tensor_in_two_shards", {"a": SHARD1, "b": SHARD2},
               "tensor 'a' is in two shards, 'model-00001-of-00002.safetensors' and 'model-00002-of-00002.safetensors'",
               shards={SHARD1: [A], SHARD2: [B, A]})
    index_case("index_tensor_missing_from_shard", {"a": SHARD1, "b": SHARD1, "c": SHARD2},
               "tensor 'b' is listed in weight_map under shard 'model-00001-of-00002.safetensors', but no shard holds it",
               shards={SHARD1: [A], SHARD2: [("c", "F32", [1], F32_4[:4])]})
    index_case("index_tensor_in_other_shard", {"a": SHARD1, "b": SHARD1, "c": SHARD2},
               "tensor 'b' is listed in weight_map under shard 'model-00001-of-00002.safetensors', "
               "but it is stored in shard 'model-00002-of-00002.safetensors'",
               shards={SHARD1: [A], SHARD2: [B, ("c", "F32", [1], F32_4[:4])]})
    index_case("index_weight_map_not_object", None, "weight_map must be an object",
               raw=b'{"weight_map":["model-00001-of-00002.safetensors"]}')
    index_case("index_weight_map_value_not_string", None, "weight_map entry 'a' must be a shard file name string",
               raw=b'{"weight_map":{"a":1}}')
    index_case("index_no_weight_map", None, "the index has no weight_map", raw=b'{"metadata":{"total_size":1}}')
    index_case("index_duplicate_key", None, "duplicate key 'a'",
               raw=b'{"weight_map":{"a":"x.safetensors","a":"y.safetensors"}}')
    index_case("index_invalid_utf8", None, "invalid JSON", raw=b'{"weight_map":{"a\xff":"x.safetensors"}}')
    index_case("index_total_size_string", None, "metadata.total_size must be a non-negative integer",
               raw=b'{"metadata":{"total_size":"20"},"weight_map":{"a":"x.safetensors"}}')
    index_case("index_bad_shard", {"a": SHARD1},
               "model-00001-of-00002.safetensors: 4 trailing bytes after the last tensor",
               shards={SHARD1: [A]})
    with open(os.path.join(OUT, "index_bad_shard", SHARD1), "ab") as f:
        f.write(b"MZ\0\0")


def write_manifest():
    lines = ["# Malformed safetensors files and sharded indexes (reliability.md cases 1-9, 23).",
             "# Written by tests/scripts/make_malformed_safetensors.py (do not edit by hand).",
             "# path<TAB>kind<TAB>expected status code<TAB>message substring"]
    assert not any(";" in l for l in lines)  # CMake reads the manifest as a ';'-separated list
    for rel, kind, code, text in cases:
        # The CMake manifest reader splits on tabs into a list: no ';', quotes or backslashes.
        assert not any(c in text for c in '\t;"\\'), text
        lines.append("\t".join((rel, kind, code, text)))
    with open(MANIFEST, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    write_cases()
    write_manifest()
    print("wrote %d cases to %s" % (len(cases), os.path.relpath(OUT, ROOT)))


if __name__ == "__main__":
    main()
