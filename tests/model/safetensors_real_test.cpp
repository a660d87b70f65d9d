// safetensors reader on a real checkpoint: stories260K in Hugging Face Llama layout (47 F32
// tensors, tied embeddings, 5 layers). Skips when /work/shared/data is absent.
#include "check.h"

#include <dsw/safetensors.h>

#include "core/mapped_file.h"

#include <string>

using namespace dsw;

DSW_TEST(loads_stories260k_hf) {
  auto path = test::data_file("models/stories260K-hf/model.safetensors");
  TensorStore store;
  REQUIRE_OK(load_safetensors(path, store));
  CHECK_EQ(store.size(), 47u);  // embed + 5 layers x 9 + final norm; no lm_head (tied)
  CHECK(!store.contains("lm_head.weight"));
  CHECK_EQ(store.total_bytes(), 1040128u);
  CHECK_EQ(store.total_elements(), 1040128u / 4);

  const TensorEntry* embed = store.find("model.embed_tokens.weight");
  REQUIRE(embed);
  CHECK_EQ(embed->shape, Shape({512, 64}));
  CHECK(embed->dtype == DType::f32);
  CHECK_EQ(embed->dtype_name, std::string("F32"));
  CHECK_EQ(embed->file, std::string("model.safetensors"));
  // First weights as written by the converter (checked with Python's struct module).
  CHECK_NEAR(embed->tensor.data_as<float>()[0], -0.29474878311157227, 1e-7);
  CHECK_NEAR(embed->tensor.data_as<float>()[1], 0.5618956089019775, 1e-7);

  for (int l = 0; l < 5; ++l) {
    std::string p = "model.layers." + std::to_string(l) + ".";
    const struct {
      const char* name;
      Shape shape;
    } expected[] = {{"self_attn.q_proj.weight", {64, 64}},       {"self_attn.k_proj.weight", {32, 64}},
                    {"self_attn.v_proj.weight", {32, 64}},       {"self_attn.o_proj.weight", {64, 64}},
                    {"mlp.gate_proj.weight", {172, 64}},         {"mlp.up_proj.weight", {172, 64}},
                    {"mlp.down_proj.weight", {64, 172}},         {"input_layernorm.weight", {64}},
                    {"post_attention_layernorm.weight", {64}}};
    for (const auto& e : expected) {
      const TensorEntry* t = store.find(p + e.name);
      REQUIRE(t);
      CHECK_EQ(t->shape, e.shape);
      CHECK(t->tensor.defined());
      CHECK_EQ(t->nbytes, uint64_t(e.shape.numel()) * 4);
    }
  }
  CHECK(!store.contains("model.layers.5.input_layernorm.weight"));
  CHECK_EQ(store.find("model.norm.weight")->shape, Shape({64}));

  // The header as parsed in memory: offsets order, metadata, 8-byte aligned data buffer.
  auto file = MappedFile::open(path);
  auto header = parse_safetensors(file->bytes(), "model.safetensors");
  REQUIRE_OK(header);
  CHECK_EQ(header->header_bytes, 4856u);
  CHECK_EQ(header->data_offset % 8, 0u);
  CHECK_EQ(header->metadata.at("format"), std::string("pt"));
  CHECK_EQ(header->tensors.front().name, std::string("model.embed_tokens.weight"));
  CHECK_EQ(header->tensors.back().name, std::string("model.norm.weight"));
  CHECK_EQ(header->tensors.back().end + header->data_offset, file->size());
}
