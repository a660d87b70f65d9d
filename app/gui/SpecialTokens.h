// SpecialTokens: recognises the raw text of special tokens (<|place_holder_no_508|>,
// <｜end▁of▁sentence｜>, <|im_end|>, ...) so the Playground can hide them by default — an
// untrained model emits placeholders by the dozen, and a trained one ends turns with them.
//
// Special tokens of DeepSeek, Qwen and Llama-3 tokenizers are spelled <|name|> (ASCII bars) or
// <｜name｜> (full-width bars); a chip is special when its whole text is such a name. The
// conversation itself keeps the raw text (it is what the model produced and what exports write);
// only the view hides it. Pure functions; any thread.
#pragma once

#include <QString>

namespace SpecialTokens {

bool isSpecial(const QString& tokenText);
// `text` with every special-token spelling removed.
QString hide(const QString& text);

}  // namespace SpecialTokens
