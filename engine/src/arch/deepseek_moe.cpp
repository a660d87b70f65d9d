// deepseek (DeepSeek-MoE 16B, architectures.md §3): Llama attention with the half RoPE layout and
// DeepSeekMoE feed-forward layers (softmax router, fine-grained routed experts, fused shared
// experts) on the layers chosen by first_k_dense_replace and moe_layer_freq; dense SwiGLU elsewhere.
#include "arch/architecture.h"

#include "arch/blocks.h"
#include "arch/moe.h"

#include <cmath>

namespace dsw {
namespace {

class DeepseekMoeDecoder final : public Decoder {
 public:
  explicit DeepseekMoeDecoder(const ModelFiles& f) : c_(f.config), router_(RouterParams::from_config(f.config)) {
    attn_.dims = {c_.num_attention_heads, c_.num_key_value_heads, c_.head_dim, c_.head_dim, 1.0f / std::sqrt(float(c_.head_dim))};
    attn_.rope = cpu::make_rope_freqs(c_, c_.head_dim);
    attn_.interleaved = c_.rope_layout == RopeLayout::interleaved;
    attn_.eps = float(c_.rms_norm_eps);
    for (int64_t l = 0; l < c_.num_hidden_layers; ++l) {
      const std::string p = "model.layers." + std::to_string(l) + ".";
      Layer L;
      L.attn.norm = load_vector_f32(f, p + "input_layernorm.weight");
      L.attn.q = load_linear(f, p + "self_attn.q_proj.weight");
      L.attn.k = load_linear(f, p + "self_attn.k_proj.weight");
      L.attn.v = load_linear(f, p + "self_attn.v_proj.weight");
      L.attn.o = load_linear(f, p + "self_attn.o_proj.weight");
      if (c_.is_moe_layer(l)) {
        L.moe = load_moe(f, l);
        L.is_moe = true;
      } else {
        L.mlp.norm = load_vector_f32(f, p + "post_attention_layernorm.weight");
        L.mlp.gate = load_linear(f, p + "mlp.gate_proj.weight");
        L.mlp.up = load_linear(f, p + "mlp.up_proj.weight");
        L.mlp.down = load_linear(f, p + "mlp.down_proj.weight");
      }
      layers_.push_back(std::move(L));
    }
  }

  cpu::KvCacheShape kv_shape(int64_t n_seq, int64_t capacity) const override {
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
    for (auto& L : layers_) {
      n += L.attn.q.bytes() + L.attn.k.bytes() + L.attn.v.bytes() + L.attn.o.bytes();
      n += L.is_moe ? moe_bytes_per_token(L.moe, router_) : L.mlp.gate.bytes() + L.mlp.up.bytes() + L.mlp.down.bytes();
    }
    return n;
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
