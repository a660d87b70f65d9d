// Llama-style dense decoder: llama (deepseek-coder, deepseek-llm, R1-Distill-Llama, stories260K)
// and qwen2 (R1-Distill-Qwen, which adds q/k/v biases). architectures.md §1 and §2.
//
// Per layer: RMSNorm -> q, k, v (+bias) -> RoPE (half layout from HF checkpoints, interleaved from
// llama2.c and GGUF) -> append k, v to the cache -> causal GQA attention -> o_proj -> residual ->
// RMSNorm -> SwiGLU MLP -> residual. All activations are f32.
#include "arch/architecture.h"

#include "arch/blocks.h"

namespace dsw {
namespace {

class DenseArchitecture final : public Decoder {
 public:
  explicit DenseArchitecture(const ModelFiles& f) : c_(f.config), attn_(GqaParams::from_config(f.config)) {
    for (int64_t l = 0; l < c_.num_hidden_layers; ++l)
      layers_.push_back({load_gqa(f, l), load_mlp(f, l, "model.layers." + std::to_string(l) + ".mlp.", true)});
  }

  KvCacheShape kv_shape(int64_t n_seq, int64_t capacity) const override {
    return {c_.num_hidden_layers, n_seq, capacity, c_.num_key_value_heads, c_.head_dim, c_.head_dim};
  }

  void run_layer(int64_t l, float* x, StepContext& ctx) const override {
    const Layer& L = layers_[size_t(l)];
    gqa_attention_block(l, L.attn, attn_, c_.hidden_size, x, ctx);
    swiglu_mlp_block(L.mlp, attn_.eps, c_.hidden_size, x, ctx);
  }

  uint64_t layer_bytes_per_token() const override {
    uint64_t n = 0;
    for (auto& L : layers_) n += weight_bytes(L.attn) + weight_bytes(L.mlp);
    return n;
  }

  std::unique_ptr<Decoder> clone() const override { return std::make_unique<DenseArchitecture>(*this); }

  void for_each_linear(const std::function<void(Linear&)>& fn) override {
    for (auto& L : layers_) L.attn.for_each_linear(fn), L.mlp.for_each_linear(fn);
  }

 private:
  struct Layer {
    GqaWeights attn;
    MlpWeights mlp;
  };
  ModelConfig c_;
  GqaParams attn_;
  std::vector<Layer> layers_;
};

}  // namespace

std::unique_ptr<Decoder> make_dense_architecture(const ModelFiles& files) {
  return std::make_unique<DenseArchitecture>(files);
}

}  // namespace dsw
