#!/usr/bin/env python3
"""Writes the second-round hostile-input corpus (tests/data/malformed/hostile/) and its manifest
hostile.tsv: one or more cases for each class of docs/reliability.md "Round two".

Classes: inputs whose tokenization time would grow with the square of their size (long
combining-mark runs, Split patterns whose every attempt reads ahead; kinds `encode` and
`tokenizer`), values accepted that should be refused (GGUF metadata and llama2.c headers out of the
config ranges, weights the config does not account for, non-finite GGUF scores, special ids outside
the vocabulary), messages that named nothing (a tokenizer that does not fit its model, a checkpoint
given as a tokenizer, NUL bytes in config strings) and the results store (databases it must refuse
without writing a byte, import sources it must refuse). Expected code "ok" means the input must be
handled — within the runner's one-second and memory limits — not refused. Stdlib only:
    python3 tests/scripts/make_malformed_hostile.py
"""
import json
import os
import shutil
import sqlite3
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "malformed")
OUT = os.path.join(ROOT, "hostile")
CASES = []  # (path, kind, code, substring)


def path(*parts):
    p = os.path.join(OUT, *parts)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    return p


def write(rel, data):
    with open(path(rel), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def case(rel, kind, code, substring):
    CASES.append(("hostile/" + rel, kind, code, substring))


# --- tokenizer.json ------------------------------------------------------------------------------
def tokenizer(pre_tokenizer=None, normalizer=None, post_processor=None, extra_vocab=()):
    vocab = {"a": 0, "b": 1, "q": 2, "w": 3, "\u0120": 4, "<s>": 5, "x": 6, "y": 7}
    for i, t in enumerate(extra_vocab):
        vocab[t] = 8 + i
    if pre_tokenizer is None:
        pre_tokenizer = {"type": "ByteLevel", "add_prefix_space": False, "use_regex": True}
    return {"version": "1.0",
            "added_tokens": [{"id": 5, "content": "<s>", "special": True, "normalized": False}],
            "normalizer": normalizer, "pre_tokenizer": pre_tokenizer, "post_processor": post_processor,
            "decoder": {"type": "ByteLevel"},
            "model": {"type": "BPE", "vocab": vocab, "merges": []}}


def split(*regexes):
    steps = [{"type": "Split", "pattern": {"Regex": r}, "behavior": "Isolated", "invert": False} for r in regexes]
    steps.append({"type": "ByteLevel", "add_prefix_space": False, "use_regex": False})
    return {"type": "Sequence", "pretokenizers": steps}


def encode_case(name, tok, spec, code, substring):
    """A folder with tokenizer.json and input.spec: lines 'repeat N HEX' (HEX: UTF-8 bytes)."""
    write(f"encode/{name}/tokenizer.json", json.dumps(tok, ensure_ascii=False))
    write(f"encode/{name}/input.spec", "".join(f"repeat {n} {s.encode('utf-8').hex()}\n" for n, s in spec))
    case(f"encode/{name}", "encode", code, substring)


def tokenizer_case(name, tok, code, substring):
    write(f"tokenizer/{name}", json.dumps(tok, ensure_ascii=False))
    case(f"tokenizer/{name}", "tokenizer", code, substring)


GPT2 = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
QWEN2 = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
V3 = (r"[!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|"
      r"\s*[\r\n]+|\s+(?!\S)|\s+")


def time_cases():
    nfc = {"type": "NFC"}
    # Canonical ordering of one long run of combining marks (insertion sort: quadratic).
    encode_case("nfc_two_classes_100k", tokenizer(split(GPT2), nfc), [(1, "a"), (50000, "\u0316\u0301")], "ok", "-")
    encode_case("nfc_five_classes_60k", tokenizer(split(GPT2), nfc), [(1, "e"), (12000, "\u0301\u0334\u05b0\u0316\u0315")],
                "ok", "-")
    encode_case("nfc_descending_classes_40k", tokenizer(split(GPT2), nfc), [(1, "o"), (20000, "\u0301\u0316")], "ok", "-")
    encode_case("nfc_hangul_jamo_60k", tokenizer(split(GPT2), nfc), [(20000, "\u1100\u1161\u11a8")], "ok", "-")
    # Real patterns over their worst runs: linear, and identical to the plain search (unit tests).
    encode_case("gpt2_spaces_200k", tokenizer(split(GPT2)), [(200000, " "), (1, "a")], "ok", "-")
    encode_case("qwen2_space_tab_run_100k", tokenizer(split(QWEN2)), [(50000, " \t"), (1, "1")], "ok", "-")
    encode_case("qwen2_space_newline_100k", tokenizer(split(QWEN2)), [(50000, " \n")], "ok", "-")
    encode_case("v3_marks_and_spaces_100k", tokenizer(split(r"\p{N}{1,3}", V3)), [(25000, " \u0301!1")], "ok", "-")
    encode_case("line_end_anchor_100k", tokenizer(split(r"\s+$", GPT2)), [(100000, " "), (1, "1")], "ok", "-")
    # Split patterns whose total time is quadratic: refused at load by the 2 KB probes...
    for name, regex in [("a_star_b", r"a*b|a|\s|."), ("spaces_then_newline", r"\s*[\r\n]+|\s"),
                        ("lookahead_scan", r"(?=a*b)|a|."), ("class_run", r"[a ]*\n|\s|a|."),
                        ("digits_then_x", r"\d*x|\d|\s|."), ("pairs", r"(?:ab)*c|ab|."),
                        ("nested_repeats", r"\s*\s*x|\s|.")]:
        tokenizer_case(f"split_quadratic_{name}.json", tokenizer(split(regex)), "invalid_input",
                       "grows with the square of the input")
    # ...or, for runs the probes do not try, stopped by the look-ahead budget while encoding.
    encode_case("split_quadratic_unprobed_run", tokenizer(split(r"q*w|q|\s|.")), [(100000, "q")], "invalid_input",
                "square of the input")
    encode_case("split_quadratic_unprobed_pairs", tokenizer(split(r"(?:xy)*w|xy|\s|.")), [(50000, "xy")], "invalid_input",
                "square of the input")
    # 30,000 distinct stop ids, each listed twice, in generation_config.json: de-duplicated in
    # linear time (a linear search per id took seconds under AddressSanitizer at 10^5).
    write("stop_ids_60k/tokenizer.json", json.dumps(tokenizer(extra_vocab=[f"t{i}" for i in range(30000)]), separators=(",", ":")))
    write("stop_ids_60k/generation_config.json", json.dumps({"eos_token_id": list(range(8, 30008)) * 2}, separators=(",", ":")))
    case("stop_ids_60k", "tokenizer", "ok", "-")


# --- GGUF -----------------------------------------------------------------------------------------
U8, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 = range(13)


def gstr(s):
    s = s.encode() if isinstance(s, str) else s
    return struct.pack("<Q", len(s)) + s


def kv(key, t, value):
    fmt = {U32: "<I", I32: "<i", F32: "<f", U64: "<Q", F64: "<d", I64: "<q"}
    body = gstr(value) if t == STRING else struct.pack(fmt[t], value)
    return gstr(key) + struct.pack("<I", t) + body


def kv_array(key, elem_type, items):
    out = gstr(key) + struct.pack("<I", ARRAY) + struct.pack("<IQ", elem_type, len(items))
    for it in items:
        out += gstr(it) if elem_type == STRING else struct.pack({F32: "<f", I32: "<i"}[elem_type], it)
    return out


def gguf(kvs):
    body = b"GGUF" + struct.pack("<IQQ", 3, 0, len(kvs)) + b"".join(kvs)
    return body + b"\0" * (-len(body) % 32)


LLAMA = {"llama.embedding_length": (U32, 64), "llama.block_count": (U32, 2), "llama.feed_forward_length": (U32, 128),
         "llama.attention.head_count": (U32, 4), "llama.vocab_size": (U32, 32)}


def gguf_model_case(name, changes, substring):
    meta = dict(LLAMA)
    meta.update(changes)
    kvs = [kv("general.architecture", STRING, "llama")] + [kv(k, t, v) for k, (t, v) in meta.items() if t is not None]
    write(f"gguf/{name}", gguf(kvs))
    case(f"gguf/{name}", "model", "invalid_input", substring)


def accepted_cases():
    nan, inf = float("nan"), float("inf")
    for name, changes, substring in [
        ("context_negative.gguf", {"llama.context_length": (I32, -5)}, "'llama.context_length' is -5"),
        ("context_zero.gguf", {"llama.context_length": (U32, 0)}, "'llama.context_length' is 0"),
        ("context_2_40.gguf", {"llama.context_length": (U64, 1 << 40)}, "'llama.context_length' is 1099511627776"),
        ("context_as_float.gguf", {"llama.context_length": (F32, 4096.0)}, "must be an integer"),
        ("context_as_string.gguf", {"llama.context_length": (STRING, "4096")}, "must be an integer"),
        ("eps_nan.gguf", {"llama.attention.layer_norm_rms_epsilon": (F32, nan)}, "layer_norm_rms_epsilon' is NaN"),
        ("eps_negative.gguf", {"llama.attention.layer_norm_rms_epsilon": (F32, -1e-5)}, "layer_norm_rms_epsilon' is -"),
        ("eps_zero.gguf", {"llama.attention.layer_norm_rms_epsilon": (F32, 0.0)}, "layer_norm_rms_epsilon' is 0"),
        ("eps_inf.gguf", {"llama.attention.layer_norm_rms_epsilon": (F64, inf)}, "layer_norm_rms_epsilon' is inf"),
        ("eps_as_string.gguf", {"llama.attention.layer_norm_rms_epsilon": (STRING, "1e-5")}, "must be a number"),
        ("rope_base_zero.gguf", {"llama.rope.freq_base": (F32, 0.0)}, "'llama.rope.freq_base' is 0"),
        ("rope_base_nan.gguf", {"llama.rope.freq_base": (F32, nan)}, "'llama.rope.freq_base' is NaN"),
        ("rope_base_negative.gguf", {"llama.rope.freq_base": (F32, -10000.0)}, "'llama.rope.freq_base' is -10000"),
        ("rope_base_1e30.gguf", {"llama.rope.freq_base": (F64, 1e30)}, "'llama.rope.freq_base' is 1e+30"),
        ("kv_heads_not_dividing.gguf", {"llama.attention.head_count_kv": (U32, 3)}, "'llama.attention.head_count_kv'"),
        ("kv_heads_zero.gguf", {"llama.attention.head_count_kv": (U32, 0)}, "'llama.attention.head_count_kv' is 0"),
        ("heads_zero.gguf", {"llama.attention.head_count": (U32, 0)}, "'llama.attention.head_count' is 0"),
        ("block_count_zero.gguf", {"llama.block_count": (U32, 0)}, "'llama.block_count' is 0"),
        ("embedding_2_20.gguf", {"llama.embedding_length": (U32, 1 << 20)}, "'llama.embedding_length' is 1048576"),
        ("embedding_not_split_by_heads.gguf", {"llama.embedding_length": (U32, 66)},
         "'llama.attention.head_count' (4) must divide 'llama.embedding_length' (66)"),
        ("key_length_odd.gguf", {"llama.attention.key_length": (U32, 15)}, "'llama.attention.key_length'"),
        ("scaling_factor_nan.gguf", {"llama.rope.scaling.type": (STRING, "linear"), "llama.rope.scaling.factor": (F32, nan)},
         "'llama.rope.scaling.factor' is NaN"),
        ("vocab_size_zero.gguf", {"llama.vocab_size": (U32, 0)}, "'llama.vocab_size' is 0"),
        ("block_count_missing.gguf", {"llama.block_count": (None, 0)}, "'llama.block_count' is missing"),
    ]:
        gguf_model_case(name, changes, substring)

    # llama2.c: a header within llama2.c's own caps but over every config's (vocab 9,000,000),
    # refused from the header before the file's size is judged.
    write("llama2c/vocab_over_config_range.bin", struct.pack("<7i", 64, 128, 2, 4, 4, 9_000_000, 256) + b"\0" * 64)
    case("llama2c/vocab_over_config_range.bin", "llama2c", "invalid_input", "header field 'vocab_size' is 9000000")

    # config.json values at the edges of the same ranges.
    base = {"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
            "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 256}
    for name, changes, substring in [("rope_theta_zero.json", {"rope_theta": 0}, "field 'rope_theta' is 0"),
                                     ("eps_zero.json", {"rms_norm_eps": 0}, "field 'rms_norm_eps' is 0"),
                                     ("context_zero.json", {"max_position_embeddings": 0}, "field 'max_position_embeddings'"),
                                     ("eos_outside_vocab.json", {"eos_token_id": 256}, "field 'eos_token_id' is 256")]:
        write(f"config/{name}", json.dumps(dict(base, **changes)))
        case(f"config/{name}", "config", "invalid_input", substring)

    # Weights the config does not account for.
    H, I, V, d = 16, 32, 32, 4

    def layer(i, heads=4, kv=2):
        p = f"model.layers.{i}."
        return [(p + "input_layernorm.weight", [H]), (p + "post_attention_layernorm.weight", [H]),
                (p + "self_attn.q_proj.weight", [heads * d, H]), (p + "self_attn.k_proj.weight", [kv * d, H]),
                (p + "self_attn.v_proj.weight", [kv * d, H]), (p + "self_attn.o_proj.weight", [H, heads * d]),
                (p + "mlp.gate_proj.weight", [I, H]), (p + "mlp.up_proj.weight", [I, H]), (p + "mlp.down_proj.weight", [H, I])]

    top = [("model.embed_tokens.weight", [V, H]), ("model.norm.weight", [H]), ("lm_head.weight", [V, H])]
    cfg = dict(base, hidden_size=H, intermediate_size=I, vocab_size=V, num_hidden_layers=2)
    for name, tensors, substring in [
        ("one_layer_more", top + layer(0) + layer(1) + layer(2), "'model.layers.2.input_layernorm.weight'"),
        ("two_layers_more", top + layer(0) + layer(1) + layer(2) + layer(3), "and 13 more"),
        ("stray_tensor", top + layer(0) + layer(1) + [("model.layers.0.mlp.extra_proj.weight", [H, H])],
         "'model.layers.0.mlp.extra_proj.weight'"),
        ("stray_top_level_tensor", top + layer(0) + layer(1) + [("model.vision_tower.weight", [4])], "'model.vision_tower.weight'"),
    ]:
        write(f"weights/{name}/config.json", json.dumps(cfg))
        write(f"weights/{name}/model.safetensors", safetensors(tensors))
        case(f"weights/{name}", "model_tensors", "invalid_input", substring)

    # GGUF vocabularies with non-finite scores.
    for name, bad in [("scores_nan.gguf", float("nan")), ("scores_inf.gguf", float("inf")), ("scores_neg_inf.gguf", -float("inf"))]:
        write(f"tokenizer/{name}", gguf([kv("tokenizer.ggml.model", STRING, "llama"),
                                         kv_array("tokenizer.ggml.tokens", STRING, ["<unk>", "<s>", "</s>", "a"]),
                                         kv_array("tokenizer.ggml.scores", F32, [0.0, 0.0, bad, -1.0])]))
        case(f"tokenizer/{name}", "tokenizer", "invalid_input", "(token '</s>') is not a finite number")

    # Post-processor special ids that are no token: past the end, and in a hole of the ids.
    def template(ids):
        return {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}},
                                                         {"Sequence": {"id": "A", "type_id": 0}}],
                "special_tokens": {"<s>": {"id": "<s>", "ids": ids, "tokens": ["<s>"]}}}
    tokenizer_case("post_processor_id_past_vocab.json", tokenizer(post_processor=template([999])), "invalid_input",
                   "post_processor: the BOS id 999 is not a token")
    holey = tokenizer(post_processor=template([9]))
    holey["model"]["vocab"]["z"] = 10  # ids 0..8 and 10: 9 is a hole
    tokenizer_case("post_processor_id_in_a_hole.json", holey, "invalid_input", "the BOS id 9 is not a token")
    eos = tokenizer(post_processor={"type": "TemplateProcessing",
                                    "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                                    "special_tokens": {"</s>": {"id": "</s>", "ids": [4000], "tokens": ["</s>"]}}})
    tokenizer_case("post_processor_eos_past_vocab.json", eos, "invalid_input", "the EOS id 4000 is not a token")
    model = {"model_type": "llama", "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1,
             "num_attention_heads": 2, "num_key_value_heads": 2, "vocab_size": 8}
    write("generation_eos_past_vocab/config.json", json.dumps(model))
    write("generation_eos_past_vocab/tokenizer.json", json.dumps(tokenizer()))
    write("generation_eos_past_vocab/generation_config.json", json.dumps({"eos_token_id": [5, 77]}))
    case("generation_eos_past_vocab", "tokenizer_for_model", "invalid_input", "generation_config.json eos_token_id 77 is not a token")


def safetensors(tensors):
    header, off, blobs = {}, 0, []
    for name, shape in tensors:
        n = 4
        for x in shape:
            n *= x
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [off, off + n]}
        off += n
        blobs.append(b"\0" * n)
    h = json.dumps(header).encode()
    h += b" " * ((8 - (len(h) + 8) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)


def message_cases():
    # A tokenizer with more ids than the model's vocabulary: named, both files and both sizes.
    base = {"model_type": "llama", "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1,
            "num_attention_heads": 2, "num_key_value_heads": 2, "vocab_size": 4}
    write("mismatch/config.json", json.dumps(base))
    write("mismatch/tokenizer.json", json.dumps(tokenizer()))
    case("mismatch", "tokenizer_for_model", "invalid_input", "the tokenizer has 8 token ids but the model's vocabulary (vocab_size) has 4")
    # A llama2.c checkpoint alone in its folder, given as a tokenizer (dim 8, hidden 16, 1 layer,
    # 2 heads, vocab 4, seq 4, shared classifier).
    floats = 4 * 8 + 8 + 4 * 8 * 8 + 8 + 3 * 16 * 8 + 8 + 2 * 4 * 2
    write("lonely_checkpoint/stories.bin", struct.pack("<7i", 8, 16, 1, 2, 2, 4, 4) + b"\0" * (4 * floats))
    case("lonely_checkpoint/stories.bin", "tokenizer", "io", "is a llama2.c checkpoint, not a tokenizer, and no tokenizer was found")
    # Something that is neither a tokenizer.bin nor a checkpoint, named like neither.
    write("neither/weights.bin", struct.pack("<i", 5) + b"\x00\x00\x80\x3f" + struct.pack("<i", 265839806) + b"abc")
    case("neither/weights.bin", "tokenizer", "invalid_input", "is neither a llama2.c tokenizer")
    # Weights or a config given as a tokenizer, with no tokenizer beside them.
    write("lonely_weights/model.safetensors", safetensors([("x", [2])]))
    case("lonely_weights/model.safetensors", "tokenizer", "io", "is a safetensors checkpoint, not a tokenizer")
    write("lonely_config/config.json", json.dumps(base))
    case("lonely_config/config.json", "tokenizer", "io", "is a model's config.json, not a tokenizer")
    # NUL bytes inside config strings: the message shows what follows them.
    write("config/nul_in_model_type.json", '{"model_type": "gp\\u0000t2-after-the-nul", "hidden_size": 8}')
    case("config/nul_in_model_type.json", "config", "unsupported", "t2-after-the-nul' is not supported")
    write("config/nul_in_hidden_act.json", json.dumps(dict(base, hidden_act="si\u0000lu-after-the-nul")))
    case("config/nul_in_hidden_act.json", "config", "unsupported", "lu-after-the-nul' is not supported")
    write("config/nul_in_rope_type.json", json.dumps(dict(base, rope_scaling={"type": "dyn\u0000amic-after"})))
    case("config/nul_in_rope_type.json", "config", "unsupported", "amic-after' is not supported")


def database(rel, statements):
    p = path(rel)
    if os.path.exists(p):
        os.remove(p)
    db = sqlite3.connect(p)
    db.executescript(statements)
    db.commit()
    db.close()
    return p


def store_cases():
    newer = database("store/newer_schema.db", "CREATE TABLE jobs(id); CREATE TABLE bench_results(id); PRAGMA user_version = 99;")
    database("store/other_program.db", "CREATE TABLE people(name TEXT); INSERT INTO people VALUES('ann');")
    database("store/half_ours.db", "CREATE TABLE jobs(id); PRAGMA user_version = 2;")
    write("store/text.db", "this is a text file, not a database " * 100)
    for name, code, substring in [("newer_schema.db", "unsupported", "newer than this workbench understands"),
                                  ("other_program.db", "invalid_input", "is not a workbench database"),
                                  ("half_ours.db", "invalid_input", "is not a workbench database"),
                                  ("text.db", "invalid_input", "text.db")]:
        case(f"store/{name}", "store_open", code, substring)
        case(f"store/{name}", "store_open_read_only", code, substring)
        case(f"store/{name}", "store_import", code, substring)
    write("store/empty.db", b"")
    case("store/empty.db", "store_import", "invalid_input", "holds no workbench data")
    case("store/missing.db", "store_import", "io", "no such database file")
    # A workbench database (schema 3) whose pages after the first have broken b-tree headers.
    p = database("store/corrupt.db", "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, state TEXT NOT NULL);"
                 "CREATE TABLE bench_results (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, label TEXT);"
                 "CREATE TABLE file_hashes (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT);"
                 + "".join(f"INSERT INTO bench_results(created_at, label) VALUES('2024', '{'x' * 200}');" for _ in range(100))
                 + "PRAGMA user_version = 3;")
    size = os.path.getsize(p)
    with open(p, "r+b") as f:
        for page in range(4096, size - 16, 4096):
            f.seek(page)
            f.write(b"\x0d\xff\xff\xff\xff\xff\xff\xff")
    case("store/corrupt.db", "store_import", "invalid_input", "corrupt.db")
    write("store/rows_wrong_type.json", json.dumps([{"decode_tps": "fast"}]))
    case("store/rows_wrong_type.json", "store_import", "invalid_input", "row 0: 'decode_tps' must be a number")
    write("store/rows_unknown_field.json", json.dumps([{"label": "x", "speed_of_light": 1}]))
    case("store/rows_unknown_field.json", "store_import", "invalid_input", "'speed_of_light' is not a benchmark field")
    write("store/rows_not_array.json", json.dumps({"label": "x"}))
    case("store/rows_not_array.json", "store_import", "invalid_input", "expected a JSON array")


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    time_cases()
    accepted_cases()
    message_cases()
    store_cases()
    with open(os.path.join(ROOT, "hostile.tsv"), "w", encoding="utf-8") as f:
        f.write("# Hostile input, round two (tests/scripts/make_malformed_hostile.py). Expected code ok: handled, not refused.\n")
        f.write("# No semicolons or square brackets in this file: CMake list handling breaks on them.\n")
        for rel, kind, code, substring in CASES:
            assert "\t" not in substring and ";" not in substring and "[" not in substring and "]" not in substring, substring
            f.write(f"{rel}\t{kind}\t{code}\t{substring}\n")
    print(f"wrote {len(CASES)} cases")


if __name__ == "__main__":
    main()
