#!/usr/bin/env python3
"""Writes the malformed tokenizer corpus (tests/data/malformed/tokenizer/) and its manifest
tokenizer.tsv (loader kind `tokenizer`, i.e. load_tokenizer()).

Stdlib only. Covers reliability.md cases 8, 14 and 25 for tokenizer files: tokenizer.json with
broken merges, vocabularies with out-of-range, duplicate or absurdly sparse ids, unsupported
pipeline parts, a catastrophically backtracking split regex (refused by the load-time self test),
invalid JSON / UTF-8, a tokenizer.model that is not a protobuf, and GGUF vocabularies with
mistyped arrays. It also writes the seed corpus of the tokenizer.json fuzz target (tests/fuzz/corpus/tokenizer_json/):
small valid files exercising each supported pipeline part. Run from anywhere:
    python3 tests/scripts/make_malformed_tokenizer.py
"""
import json
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "malformed")
OUT = os.path.join(ROOT, "tokenizer")
SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus", "tokenizer_json")

CASES = []  # (file, code, substring)


def base(merges=None):
    vocab = {"a": 0, "b": 1, "c": 2, "\u0120": 3, "ab": 4, "bc": 5, "<s>": 6}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": 6, "content": "<s>", "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": ["a b", "b c"] if merges is None else merges},
    }


def write(name, data, code, substring):
    path = os.path.join(OUT, name)
    if isinstance(data, dict):
        data = json.dumps(data, ensure_ascii=False).encode("utf-8")
    elif isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    CASES.append(("tokenizer/" + name, code, substring))


# --- GGUF helpers (a vocabulary-only GGUF v3: no tensors) -------------------------------------
U8, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 = range(13)


def gstr(s):
    s = s.encode() if isinstance(s, str) else s
    return struct.pack("<Q", len(s)) + s


def kv_str(key, value):
    return gstr(key) + struct.pack("<I", STRING) + gstr(value)


def kv_array(key, elem_type, items):
    out = gstr(key) + struct.pack("<I", ARRAY) + struct.pack("<IQ", elem_type, len(items))
    for it in items:
        if elem_type == STRING:
            out += gstr(it)
        elif elem_type == I8:
            out += struct.pack("<b", it)
        elif elem_type == F32:
            out += struct.pack("<f", it)
        elif elem_type == I32:
            out += struct.pack("<i", it)
    return out


def gguf(kvs):
    body = b"GGUF" + struct.pack("<IQQ", 3, 0, len(kvs)) + b"".join(kvs)
    return body + b"\0" * (-len(body) % 32)


def write_seeds():
    os.makedirs(SEEDS, exist_ok=True)
    seeds = {"byte_level_gpt2.json": base()}
    t = base([["a", "b"], ["b", "c"]])
    t["normalizer"] = {"type": "Sequence", "normalizers": [{"type": "NFC"}]}
    t["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": "\\p{N}{1,3}"}, "behavior": "Isolated", "invert": False},
        {"type": "Split", "pattern": {"Regex": "[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\s+(?!\\S)|\\s+"}, "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}]}
    seeds["nfc_split_arrays.json"] = t
    t = base()
    t["post_processor"] = {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                           "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [6], "tokens": ["<s>"]}}}
    t["added_tokens"].append({"id": 4, "content": "ab", "single_word": True, "lstrip": True, "rstrip": True,
                              "normalized": True, "special": False})
    seeds["template_added_flags.json"] = t
    t = base()
    t["model"]["ignore_merges"] = True
    t["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Digits", "individual_digits": True},
        {"type": "Split", "pattern": {"String": "-"}, "behavior": "MergedWithNext", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}]}
    seeds["digits_string_split.json"] = t
    for name, doc in seeds.items():
        with open(os.path.join(SEEDS, name), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)


def main():
    write_seeds()
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))

    t = base()
    del t["model"]["merges"]
    write("missing_merges.json", t, "invalid_input", "missing 'merges'")
    write("merge_three_parts.json", base(["a b c"]), "invalid_input", "must be two tokens separated by one space")
    write("merge_one_part.json", base(["abc"]), "invalid_input", "must be two tokens separated by one space")
    write("merge_result_not_in_vocab.json", base(["c a"]), "invalid_input", "the merged token 'ca' is not in the vocabulary")
    write("merge_part_not_in_vocab.json", base(["a z"]), "invalid_input", "'z' is not in the vocabulary")
    write("merge_array_of_three.json", base([["a", "b", "c"]]), "invalid_input", "exactly two strings")
    write("merge_number.json", base([7]), "invalid_input", "a merge must be a string or a two-string array")
    t = base()
    t["model"]["merges"] = "a b"
    write("merges_not_array.json", t, "invalid_input", "'merges' must be an array")

    t = base()
    t["model"]["vocab"]["zz"] = 2147483647
    write("vocab_id_out_of_range.json", t, "invalid_input", "is outside 0..")
    t = base()
    t["model"]["vocab"]["zz"] = -5
    write("vocab_id_negative.json", t, "invalid_input", "is outside 0..")
    t = base()
    t["model"]["vocab"]["zz"] = 1
    write("vocab_duplicate_id.json", t, "invalid_input", "share id 1")
    t = base()
    t["model"]["vocab"]["zz"] = 3999999
    write("vocab_sparse_huge_id.json", t, "invalid_input", "ids must be dense")
    t = base()
    t["model"]["vocab"]["zz"] = "7"
    write("vocab_id_string.json", t, "invalid_input", "must be an integer id")
    t = base()
    t["added_tokens"][0]["id"] = 99999999
    write("added_token_id_out_of_range.json", t, "invalid_input", "is outside 0..")
    t = base()
    t["model"]["vocab"] = ["a", "b"]
    write("vocab_not_object.json", t, "invalid_input", "missing 'vocab' object")

    t = base()
    t["model"]["type"] = "WordPiece"
    write("unknown_model_type.json", t, "unsupported", "model type 'WordPiece' is not supported")
    t = base()
    t["normalizer"] = {"type": "Lowercase"}
    write("unknown_normalizer.json", t, "unsupported", "normalizer type 'Lowercase' is not supported")
    t = base()
    t["pre_tokenizer"] = {"type": "Metaspace", "replacement": "\u2581"}
    write("unknown_pre_tokenizer.json", t, "unsupported", "pre-tokenizer type 'Metaspace' is not supported")
    t = base()
    t["decoder"] = {"type": "WordPiece"}
    write("unknown_decoder.json", t, "unsupported", "decoder type 'WordPiece' is not supported")

    # A nested quantifier: exponential backtracking on "aaaa...a!" -- refused by the self test.
    t = base()
    t["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": "(a+)+$"}, "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}
    write("redos_nested_quantifier.json", t, "invalid_input", "backtracks catastrophically")
    t = base()
    t["pre_tokenizer"] = {"type": "Split", "pattern": {"Regex": "(\\w+\\s?)+$"}, "behavior": "Isolated", "invert": False}
    write("redos_word_space.json", t, "invalid_input", "backtracks catastrophically")
    t = base()
    t["pre_tokenizer"] = {"type": "Split", "pattern": {"Regex": "(unclosed"}, "behavior": "Isolated", "invert": False}
    write("regex_does_not_compile.json", t, "invalid_input", "does not compile")
    t = base()
    t["pre_tokenizer"] = {"type": "Split", "pattern": {"Regex": "a"}, "behavior": "Sideways", "invert": False}
    write("unknown_split_behavior.json", t, "invalid_input", "unknown split behavior 'Sideways'")

    text = json.dumps(base()).encode()
    write("truncated.json", text[: len(text) // 2], "invalid_input", "invalid JSON")
    write("invalid_utf8.json", text.replace(b'"version": "1.0"', b'"version": "1.\xff\xfe"'), "invalid_input", "invalid JSON")
    write("duplicate_key.json", text.replace(b'"version": "1.0"', b'"version": "1.0", "version": "2.0"'),
          "invalid_input", "duplicate key 'version'")
    write("deep_nesting.json", text[:-1] + b', "x": ' + b"[" * 200 + b"]" * 200 + b"}", "invalid_input",
          "nesting deeper than 64 levels")
    write("top_level_array.json", "[1, 2, 3]", "invalid_input", "the top level must be an object")
    write("empty.json", "", "invalid_input", "invalid JSON")

    write("not_a_protobuf.model", bytes(range(256)) * 4, "invalid_input", "not a SentencePiece model")
    write("empty.model", b"", "invalid_input", "not a SentencePiece model")

    # GGUF vocabularies: the container is valid, the tokenizer arrays are not (reliability.md case 14).
    toks = ["<unk>", "<s>", "</s>", "a"]
    write("gguf_scores_int8.gguf", gguf([kv_str("tokenizer.ggml.model", "llama"), kv_array("tokenizer.ggml.tokens", STRING, toks),
                                          kv_array("tokenizer.ggml.scores", I8, [0, 0, 0, 1])]),
          "invalid_input", "must be an array of float32")
    write("gguf_scores_short.gguf", gguf([kv_str("tokenizer.ggml.model", "llama"), kv_array("tokenizer.ggml.tokens", STRING, toks),
                                           kv_array("tokenizer.ggml.scores", F32, [0.0, 0.0])]),
          "invalid_input", "2 entries for 4 tokens")
    write("gguf_tokens_not_strings.gguf", gguf([kv_str("tokenizer.ggml.model", "gpt2"), kv_array("tokenizer.ggml.tokens", I32, [1, 2]),
                                                kv_array("tokenizer.ggml.merges", STRING, [])]),
          "invalid_input", "must be an array of strings")
    write("gguf_missing_merges.gguf", gguf([kv_str("tokenizer.ggml.model", "gpt2"), kv_array("tokenizer.ggml.tokens", STRING, ["a", "b"])]),
          "invalid_input", "missing 'tokenizer.ggml.merges'")
    write("gguf_merge_not_in_vocab.gguf", gguf([kv_str("tokenizer.ggml.model", "gpt2"), kv_array("tokenizer.ggml.tokens", STRING, ["a", "b"]),
                                                kv_array("tokenizer.ggml.merges", STRING, ["a b"])]),
          "invalid_input", "the merged token 'ab' is not in the vocabulary")
    write("gguf_unknown_model.gguf", gguf([kv_str("tokenizer.ggml.model", "bert"), kv_array("tokenizer.ggml.tokens", STRING, ["a"])]),
          "unsupported", "tokenizer model 'bert' is not supported")
    write("gguf_no_vocabulary.gguf", gguf([kv_str("general.architecture", "llama")]), "invalid_input", "no tokenizer.ggml.model")

    lines = ["# Malformed tokenizer files (tests/scripts/make_malformed_tokenizer.py), loaded with load_tokenizer.",
             "# No semicolons or square brackets in this file: CMake list handling breaks on them."]
    for path, code, sub in CASES:
        assert ";" not in sub and "[" not in sub and "]" not in sub and "\t" not in sub, sub
        lines.append(f"{path}\ttokenizer\t{code}\t{sub}")
    with open(os.path.join(ROOT, "tokenizer.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(CASES)} cases")


if __name__ == "__main__":
    main()
