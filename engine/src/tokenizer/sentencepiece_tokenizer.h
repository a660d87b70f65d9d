// SentencePiece tokenizer.model through libsentencepiece (TokenizerKind::sentencepiece).
#pragma once

#include <dsw/tokenizer.h>

#include <memory>
#include <string>
#include <string_view>

namespace dsw {

class TokenizerBase;

// Builds from the bytes of a serialized ModelProto (already read and size-checked by the caller).
// BOS is added by default, as HF's LlamaTokenizer and llama2.c do. Throws invalid_input naming
// `name` when the bytes are not a SentencePiece model.
std::unique_ptr<TokenizerBase> build_sentencepiece_tokenizer(std::string_view serialized, std::string_view name);

}  // namespace dsw
