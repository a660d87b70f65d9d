// deepseek (DeepSeek-MoE 16B, architectures.md §3): Llama attention with the half RoPE layout and
// DeepSeekMoE feed-forward layers (softmax router, fine-grained routed experts, fused shared
// experts) on the layers chosen by first_k_dense_replace and moe_layer_freq; dense SwiGLU elsewhere.
#include "arch/architecture.h"

#include "arch/blocks.h"
#include "arch/moe.h"


namespace dsw {
namespace {

class DeepseekMoeDecoder final : public Decoder {
 public:
  explicit DeepseekMoeDecoder(const ModelFiles& f)
      : c_(f.config), router_(RouterParams::from_config(f.config)), attn_(GqaParams::from_config(f.config)) {
    for (int64_t l = 0; l < c_.num_hidden_layers; ++l) {
      Layer L;
      L.attn = load_gqa(f, l);
      L.is_moe = c_.is_moe_layer(l);
      if (L.is_moe) L.moe = load_moe(f, l);
      else L.mlp = load_mlp(f, l, "model.layers." + std::to_string(l) + ".mlp.", true);
      layers_.push_back(std::move(L));
    }
  }

  KvCacheShape kv_shape(int64_t n_seq, int64_t capacity) const override {
    return {c_.num_hidden_layers, n_seq, capacity, c_.num_key_value_heads, c_.head_dim, c_.head_dim};
  }

  void run_layer(int64_t l, float* x, StepContext& ctx) const override {
    const Layer& L = layers_[size_t(l)];
    gqa_attention_block(l, L.attn, attn_, c_.hidden_size, x, ctx);
    if (L.is_moe) moe_block(l, L.moe, router_, attn_.eps, c_.hidden_size, x, ctx);
    else swiglu_mlp_block(L.mlp, attn_.eps, c_.hidden_size, x, ctx);
  }

  uint64_t layer_bytes_per_token() const override {
    uint64_t n = 0;
    for (auto& L : layers_) n += weight_bytes(L.attn) + (L.is_moe ? moe_bytes_per_token(L.moe, router_) : weight_bytes(L.mlp));
    return n;
  }

  std::unique_ptr<Decoder> clone() const override { return std::make_unique<DeepseekMoeDecoder>(*this); }

  void for_each_linear(const std::function<void(Linear&)>& fn) override {
    for (auto& L : layers_) {
      L.attn.for_each_linear(fn);
      if (L.is_moe) L.moe.for_each_linear(fn);
      else L.mlp.for_each_linear(fn);
    }
  }

 private:
  struct Layer {
    GqaWeights attn;
    bool is_moe = false;
    MoeWeights moe;
    MlpWeights mlp;
  };
  ModelConfig c_;
  RouterParams router_;
  GqaParams attn_;
  std::vector<Layer> layers_;
};

}  // namespace

std::unique_ptr<Decoder> make_deepseek_moe_architecture(const ModelFiles& files) {
  return std::make_unique<DeepseekMoeDecoder>(files);
}

}  // namespace dsw
