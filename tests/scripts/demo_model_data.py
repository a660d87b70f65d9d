#!/usr/bin/env python3
# The bundled demo model's corpus and tokenizer (docs/versions.md, "The demo model").
#
#   demo_model_data.py DATA_DIR OUT_DIR            corpus only (Python standard library)
#   demo_model_data.py DATA_DIR OUT_DIR --tokenizer   also trains OUT_DIR/tokenizer.json
#                                                  (needs: pip install tokenizers==0.23.3)
#   demo_model_data.py DATA_DIR OUT_DIR --gsm8k-only  GSM8K train only (the short recipe; the
#                                                  committed tokenizer is kept)
#
# Corpus: the permissive training sets only — GSM8K train (7,473 pairs, rendered as the DeepSeek-LLM
# chat "User: Q\n\nAssistant: A", the template the demo model carries, so the Playground's chat and
# the plain text agree), HumanEval prompts with their canonical solutions and MBPP problems with
# their code and asserts. Never the evaluation texts (WikiText-2 test, GSM8K test, TinyStories).
# Documents are shuffled with a fixed seed so the trainer's held-out tail (eval_fraction) mixes
# both kinds. One JSONL line per document: {"text": ...}; the trainer adds BOS and EOS.
#
# Tokenizer: byte-level BPE, 4,096 tokens (3 special), digits split one by one (arithmetic reads
# digit tokens), the GPT-2 split regex, trained on the training part of the corpus only.
import json
import random
import sys
from pathlib import Path

SEED = 7
VOCAB = 4096
EVAL_FRACTION = 0.05  # must equal the run config's data.eval_fraction
BOS, EOS, PAD = "<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>", "<｜▁pad▁｜>"
# deepseek-llm / V2 chat template (configs/deepseek-v3-tokenizer/tokenizer_config.v0.1.2.json).
CHAT_TEMPLATE = ("{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}"
                 "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}"
                 "{{ 'User: ' + message['content'] + '\n\n' }}{% elif message['role'] == 'assistant' %}"
                 "{{ 'Assistant: ' + message['content'] + eos_token }}{% elif message['role'] == 'system' %}"
                 "{{ message['content'] + '\n\n' }}{% endif %}{% endfor %}"
                 "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}")


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def corpus(data, gsm8k_only=False):
    docs = []
    for r in jsonl(data / "eval/gsm8k/train.jsonl"):
        docs.append(f"User: {r['question']}\n\nAssistant: {r['answer']}")
    if gsm8k_only:  # the short recipe: one kind of text, so a few hundred steps reach it
        random.Random(SEED).shuffle(docs)
        return docs
    for r in jsonl(data / "eval/code/humaneval-python.jsonl"):
        docs.append(r["prompt"] + r["canonical_solution"])
    for r in jsonl(data / "eval/code/mbpp_test.jsonl"):
        code = r["code"].replace("\r\n", "\n").rstrip()
        docs.append(f"User: {r['prompt']}\n\nAssistant: {code}\n" + "\n".join(r["test"]))
    random.Random(SEED).shuffle(docs)
    return docs


def train_tokenizer(texts, out):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True),
                                                 pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=VOCAB, min_frequency=2, special_tokens=[BOS, EOS, PAD],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(texts, trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(single=f"{BOS} $A", pair=f"{BOS} $A {BOS} $B",
                                                       special_tokens=[(BOS, tok.token_to_id(BOS))])
    tok.save(str(out / "tokenizer.json"))
    cfg = {"add_bos_token": True, "add_eos_token": False, "bos_token": BOS, "eos_token": EOS, "pad_token": PAD,
           "clean_up_tokenization_spaces": False, "model_max_length": 1024, "tokenizer_class": "PreTrainedTokenizerFast",
           "chat_template": CHAT_TEMPLATE}
    (out / "tokenizer_config.json").write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return tok


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: demo_model_data.py DATA_DIR OUT_DIR [--tokenizer] [--gsm8k-only]")
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    docs = corpus(data, gsm8k_only="--gsm8k-only" in sys.argv[3:])
    with open(out / "corpus.jsonl", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"text": d}, ensure_ascii=False) + "\n")
    n_eval = -(-len(docs) * 5 // 100)  # ceil, as the trainer splits
    train = docs[:len(docs) - n_eval]
    # The text routing_stats.py reads for the model card: the last 6 held-out documents.
    (out / "routing_heldout.txt").write_text("\n\n".join(docs[-6:]) + "\n", encoding="utf-8")
    print(f"{len(docs)} documents ({len(train)} train, {n_eval} held out), {sum(map(len, docs))} characters")
    if "--tokenizer" in sys.argv[3:]:
        tok = train_tokenizer(train, out)
        n = sum(len(tok.encode(d).ids) + 1 for d in docs)
        print(f"tokenizer: {tok.get_vocab_size()} tokens; corpus {n} tokens with BOS and EOS")


if __name__ == "__main__":
    main()
