#!/usr/bin/env python3
"""Renders conversations through the real chat templates with transformers, for the byte-for-byte
checks of engine/src/tokenizer/chat_template.cpp (tests/unit/chat_template_test.cpp).

Needs the reference environment (transformers + jinja2) and the real data folder:
    /opt/pyref/bin/python tests/scripts/make_chat_fixtures.py
Writes tests/fixtures/chat/<name>.json: the template, its source, the family the engine must detect,
and for each conversation x add_generation_prompt the text transformers' render_jinja_template
(the renderer behind apply_chat_template: trim_blocks, lstrip_blocks) produces.

Template sources:
  deepseek-v3        configs/deepseek-v3-tokenizer/tokenizer_config.json (DeepSeek-V3)
  deepseek-r1-0120   configs/deepseek-r1/tokenizer_config.json (DeepSeek-R1 as first released; the
                     same text as V3, so it is detected as deepseek_v3)
  deepseek-r1        the R1 template after its 2025-02 update: identical except that the generation
                     prompt opens a thought, '<｜Assistant｜><think>\\n' (quoted verbatim by several
                     evaluation harnesses); built here from the file above by that one replacement
  r1-distill-qwen    templates/deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja
  deepseek-llm       configs/deepseek-v3-tokenizer/tokenizer_config.v0.1.2.json (the deepseek-llm /
                     V2 chat template, also in llama.cpp's tests/test-chat-template.cpp)
  deepseek-coder     deepseek-coder-33b-instruct, as quoted in llama.cpp tests/test-chat-template.cpp
  qwen2-chatml       the Qwen2-Instruct template
"""
import importlib.metadata as md
import json
import os

from transformers.utils.chat_template_utils import render_jinja_template

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.environ.get("DSW_DATA_DIR", os.path.join(ROOT, "..", "shared", "data"))
OUT = os.path.join(ROOT, "tests", "fixtures", "chat")

BOS = "<｜begin▁of▁sentence｜>"
EOS = "<｜end▁of▁sentence｜>"

CODER_TEMPLATE = (
    "{% if not add_generation_prompt is defined %}\n{% set add_generation_prompt = false %}\n{% endif %}\n"
    "{%- set ns = namespace(found=false) -%}\n{%- for message in messages -%}\n    {%- if message['role'] == 'system' -%}\n"
    "        {%- set ns.found = true -%}\n    {%- endif -%}\n{%- endfor -%}\n{{bos_token}}{%- if not ns.found -%}\n"
    "{{'You are an AI programming assistant, utilizing the Deepseek Coder model, developed by Deepseek Company, and you "
    "only answer questions related to computer science. For politically sensitive questions, security and privacy issues, "
    "and other non-computer science questions, you will refuse to answer\\n'}}\n{%- endif %}\n{%- for message in messages %}\n"
    "    {%- if message['role'] == 'system' %}\n{{ message['content'] }}\n    {%- else %}\n"
    "        {%- if message['role'] == 'user' %}\n{{'### Instruction:\\n' + message['content'] + '\\n'}}\n"
    "        {%- else %}\n{{'### Response:\\n' + message['content'] + '\\n<|EOT|>\\n'}}\n        {%- endif %}\n"
    "    {%- endif %}\n{%- endfor %}\n{% if add_generation_prompt %}\n{{'### Response:'}}\n{% endif %}")

QWEN2_TEMPLATE = ("{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
                  "{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif %}"
                  "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
                  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")


def config_template(rel):
    with open(os.path.join(DATA, rel), encoding="utf-8") as f:
        return json.load(f)["chat_template"]


def conversations():
    m = lambda role, content: {"role": role, "content": content}
    return [
        [m("system", "You are a helpful assistant"), m("user", "Hello")],
        [m("user", "What is 2+2?")],
        [m("system", "You are a helpful assistant"), m("user", "Hello"), m("assistant", "Hi there"),
         m("user", "Who are you"), m("assistant", "   I am an assistant   "), m("user", "Another question")],
        [m("system", "First rule."), m("system", "Second rule."), m("user", "Go.")],
        [m("user", "Think first."), m("assistant", "<think>\nreasoning here\n</think>\n\nThe answer is 4."),
         m("user", "And now?")],
        [m("user", "Call the tool"), m("assistant", "Calling."), m("tool", "{\"temp\": 21}"), m("tool", "{\"wind\": 3}"),
         m("assistant", "It is 21 degrees."), m("user", "Thanks")],
        [m("user", "你好，世界 😀\nline two\n"), m("assistant", "  spaced  \n")],
        [],
    ]


def main():
    os.makedirs(OUT, exist_ok=True)
    r1 = config_template("configs/deepseek-r1/tokenizer_config.json")
    old_prompt = "{{'<｜Assistant｜>'}}{% endif %}"
    assert r1.endswith(old_prompt)
    r1_updated = r1[: -len(old_prompt)] + "{{'<｜Assistant｜><think>\\n'}}{% endif %}"
    with open(os.path.join(DATA, "templates", "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja"), encoding="utf-8") as f:
        distill = f.read()
    specs = [
        ("deepseek-v3", "deepseek_v3", config_template("configs/deepseek-v3-tokenizer/tokenizer_config.json"),
         "configs/deepseek-v3-tokenizer/tokenizer_config.json", BOS, EOS),
        ("deepseek-r1-0120", "deepseek_v3", r1, "configs/deepseek-r1/tokenizer_config.json", BOS, EOS),
        ("deepseek-r1", "deepseek_r1", r1_updated, "configs/deepseek-r1/tokenizer_config.json with the 2025-02 "
         "generation prompt '<｜Assistant｜><think>\\n'", BOS, EOS),
        ("r1-distill-qwen", "r1_distill", distill, "templates/deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja", BOS, EOS),
        ("deepseek-llm", "deepseek_llm", config_template("configs/deepseek-v3-tokenizer/tokenizer_config.v0.1.2.json"),
         "configs/deepseek-v3-tokenizer/tokenizer_config.v0.1.2.json (deepseek-llm / V2 chat)", BOS, EOS),
        ("deepseek-coder", "deepseek_coder", CODER_TEMPLATE,
         "deepseek-coder-33b-instruct as quoted in llama.cpp tests/test-chat-template.cpp", BOS, "<|EOT|>"),
        ("qwen2-chatml", "chatml", QWEN2_TEMPLATE, "Qwen2-Instruct tokenizer_config.json", "", "<|im_end|>"),
    ]
    for name, family, template, source, bos, eos in specs:
        renders = []
        for conv in conversations():
            for agp in (True, False):
                texts, _ = render_jinja_template(conversations=[conv], chat_template=template,
                                                 add_generation_prompt=agp, bos_token=bos, eos_token=eos)
                renders.append({"messages": conv, "add_generation_prompt": agp, "text": texts[0]})
        doc = {"name": name, "family": family, "template_source": source, "bos_token": bos, "eos_token": eos,
               "transformers": md.version("transformers"), "jinja2": md.version("jinja2"),
               "template": template, "renders": renders}
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(name, len(renders))


if __name__ == "__main__":
    main()
