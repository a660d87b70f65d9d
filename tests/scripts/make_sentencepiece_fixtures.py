#!/usr/bin/env python3
"""Expected SentencePiece ids for the stories260K tokenizer (tok512.model).

Needs the reference environment (the `sentencepiece` package) and the real data folder:
    /opt/pyref/bin/python tests/scripts/make_sentencepiece_fixtures.py
Writes tests/fixtures/tokenizers/stories260K/expected.json: ids (no BOS) of selected lines of the
TinyStories validation text and of the whole text with its leading space removed (tok512.model
sets remove_extra_whitespaces, so SentencePiece drops leading, trailing and repeated spaces).
"""
import importlib.metadata as md
import json
import os
import sys

import sentencepiece as spm

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.environ.get("DSW_DATA_DIR", os.path.join(ROOT, "..", "shared", "data"))


def main():
    sp = spm.SentencePieceProcessor(model_file=os.path.join(DATA, "models", "stories260K", "tok512.model"))
    with open(os.path.join(DATA, "eval", "tinystories", "TinyStories-valid.first22stories.txt"), encoding="utf-8") as f:
        text = f.read()
    lines = [l for l in text.split("\n") if l.strip()][:25]
    extra = ["Hello world", "Once upon a time, there was a little girl named Lily.", "x  y", " a", "b ",
             "tab\there", "new\nline", "你好", "emoji 😀", "3.14159", "<s> and </s> as text", "", "   "]
    cases = [{"text": t, "ids": sp.encode(t)} for t in lines + extra]
    body = text.lstrip(" ")
    doc = {
        "versions": {"python": sys.version.split()[0], "sentencepiece": md.version("sentencepiece")},
        "bos_id": sp.bos_id(), "eos_id": sp.eos_id(), "unk_id": sp.unk_id(), "vocab_size": sp.get_piece_size(),
        "cases": cases,
        "full_text_ids": sp.encode(body),
    }
    out = os.path.join(ROOT, "tests", "fixtures", "tokenizers", "stories260K")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=0)
        f.write("\n")
    print(f"{len(cases)} cases, {len(doc['full_text_ids'])} ids for the whole text")


if __name__ == "__main__":
    main()
