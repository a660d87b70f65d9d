// GGUF reader on llama.cpp's real vocabulary files (deepseek-coder, deepseek-llm, llama-spm).
// Expected values were read with gguf-py's GGUFReader.
#include "check.h"

#include <dsw/gguf.h>

using namespace dsw;

namespace {

GgufFile open_vocab(std::string_view relative) {
  auto path = test::data_file(relative);
  auto r = GgufFile::open(path);
  if (!r.is_ok()) test::record_failure(__FILE__, __LINE__, r.status().to_string());
  REQUIRE(r.is_ok());
  return std::move(r).value();
}

}  // namespace

DSW_TEST(deepseek_coder_vocab) {
  GgufFile f = open_vocab("tokenizers/deepseek-coder/ggml-vocab-deepseek-coder.gguf");
  CHECK_EQ(f.version(), 3u);
  CHECK(f.tensors().empty());
  CHECK_EQ(f.metadata().size(), size_t(25));
  CHECK_EQ(*f.get_string("general.architecture"), std::string_view("llama"));
  CHECK_EQ(*f.get_string("tokenizer.ggml.model"), std::string_view("gpt2"));
  CHECK_EQ(*f.get_string("tokenizer.ggml.pre"), std::string_view("deepseek-coder"));
  CHECK_EQ(*f.get_int("tokenizer.ggml.bos_token_id"), 32013);
  CHECK_EQ(*f.get_int("tokenizer.ggml.eos_token_id"), 32014);
  CHECK_EQ(*f.get_int("tokenizer.ggml.padding_token_id"), 32014);
  CHECK_EQ(*f.get_bool("tokenizer.ggml.add_bos_token"), true);
  CHECK_EQ(*f.get_bool("tokenizer.ggml.add_eos_token"), false);
  CHECK_EQ(*f.get_int("llama.vocab_size"), 32256);
  CHECK_NEAR(*f.get_float("llama.rope.freq_base"), 100000.0, 1e-9);
  CHECK_NEAR(*f.get_float("llama.rope.scaling.factor"), 4.0, 1e-9);
  CHECK_EQ(*f.get_string("llama.rope.scaling.type"), std::string_view("linear"));

  const GgufValue* tokens = f.find("tokenizer.ggml.tokens");
  REQUIRE(tokens && tokens->array_type() == GgufValueType::string);
  CHECK_EQ(tokens->array_size(), 32256u);
  CHECK_EQ(tokens->to_display_string(), std::string("[32256 strings]"));
  CHECK_EQ(*tokens->at(0).as_string(), std::string_view("!"));
  CHECK_EQ(*tokens->at(32013).as_string(), std::string_view("<｜begin▁of▁sentence｜>"));
  CHECK_EQ(*tokens->at(32014).as_string(), std::string_view("<｜end▁of▁sentence｜>"));

  const GgufValue* types = f.find("tokenizer.ggml.token_type");
  REQUIRE(types && types->array_type() == GgufValueType::i32);
  CHECK_EQ(types->array_size(), 32256u);
  CHECK_EQ(*types->at(0).as_int(), 1);      // normal
  CHECK_EQ(*types->at(32013).as_int(), 3);  // control

  const GgufValue* merges = f.find("tokenizer.ggml.merges");
  REQUIRE(merges && merges->array_type() == GgufValueType::string);
  CHECK_EQ(merges->array_size(), 31757u);
  CHECK_EQ(*merges->at(0).as_string(), std::string_view("Ġ Ġ"));
}

DSW_TEST(deepseek_llm_vocab) {
  GgufFile f = open_vocab("tokenizers/deepseek-llm/ggml-vocab-deepseek-llm.gguf");
  CHECK_EQ(*f.get_string("tokenizer.ggml.pre"), std::string_view("deepseek-llm"));
  CHECK_EQ(f.find("tokenizer.ggml.tokens")->array_size(), 102400u);
  CHECK_EQ(f.find("tokenizer.ggml.merges")->array_size(), 99757u);
  CHECK_EQ(*f.get_int("tokenizer.ggml.bos_token_id"), 100000);
  CHECK_EQ(*f.get_int("tokenizer.ggml.eos_token_id"), 100001);
  CHECK_EQ(*f.find("tokenizer.ggml.tokens")->at(100000).as_string(), std::string_view("<｜begin▁of▁sentence｜>"));
}

DSW_TEST(llama_spm_vocab) {
  GgufFile f = open_vocab("tokenizers/llama-spm/ggml-vocab-llama-spm.gguf");
  CHECK_EQ(*f.get_string("tokenizer.ggml.model"), std::string_view("llama"));
  CHECK_EQ(*f.get_string("tokenizer.ggml.pre"), std::string_view("default"));
  const GgufValue* tokens = f.find("tokenizer.ggml.tokens");
  REQUIRE(tokens);
  CHECK_EQ(tokens->array_size(), 32000u);
  CHECK_EQ(*tokens->at(0).as_string(), std::string_view("<unk>"));
  CHECK_EQ(*tokens->at(1).as_string(), std::string_view("<s>"));
  CHECK_EQ(*tokens->at(13).as_string(), std::string_view("<0x0A>"));
  const GgufValue* scores = f.find("tokenizer.ggml.scores");
  REQUIRE(scores && scores->array_type() == GgufValueType::f32);
  CHECK_EQ(scores->array_size(), 32000u);
  CHECK_EQ(*scores->at(0).as_float(), 0.0);
  CHECK_EQ(*scores->at(500).as_float(), -241.0);
  CHECK_EQ(*f.get_int("tokenizer.ggml.unknown_token_id"), 0);
  CHECK_NEAR(*f.get_float("llama.attention.layer_norm_rms_epsilon"), 1e-5, 1e-12);
}
