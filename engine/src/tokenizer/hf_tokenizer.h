// Building a BpeTokenizer from a Hugging Face tokenizer.json (tokenizer.md §1-§6).
#pragma once

#include "tokenizer/bpe_tokenizer.h"

#include <memory>
#include <string_view>

namespace dsw {

// Throws dsw::Error naming `name` and the field at fault.
std::unique_ptr<BpeTokenizer> build_hf_tokenizer(std::string_view json_text, std::string_view name);

}  // namespace dsw
