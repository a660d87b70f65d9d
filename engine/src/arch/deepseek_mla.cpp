// deepseek_v2 (V2, V2-Lite, Coder-V2) and deepseek_v3 (V3, R1): Multi-head Latent Attention with
// the compressed cache, dense SwiGLU on the first first_k_dense_replace layers and DeepSeekMoE
// after (V2 softmax routers, V3 sigmoid noaux_tc router). MTP layers are never loaded; FP8 block-
// quantised weights are widened on the fly (architectures.md §4, §5).
#include "arch/architecture.h"

#include "arch/mla.h"
#include "arch/moe.h"

namespace dsw {
namespace {

class DeepseekMlaDecoder final : public Decoder {
 public:
  explicit DeepseekMlaDecoder(const ModelFiles& f)
      : c_(f.config), router_(RouterParams::from_config(f.config)), mla_(MlaParams::from_config(f.config)) {
    for (int64_t l = 0; l < c_.num_hidden_layers; ++l) {
      Layer L;
      L.attn = load_mla(f, l);
      L.is_moe = c_.is_moe_layer(l);
      if (L.is_moe) L.moe = load_moe(f, l);
      else L.mlp = load_mlp(f, l, "model.layers." + std::to_string(l) + ".mlp.", true);
      layers_.push_back(std::move(L));
    }
  }

  KvCacheShape kv_shape(int64_t n_seq, int64_t capacity) const override {
    return {c_.num_hidden_layers, n_seq, capacity, 1, c_.kv_lora_rank + c_.qk_rope_head_dim, 0};
  }

  void run_layer(int64_t l, float* x, StepContext& ctx) const override {
    const Layer& L = layers_[size_t(l)];
    mla_attention_block(l, L.attn, mla_, c_.hidden_size, x, ctx);
    if (L.is_moe) moe_block(l, L.moe, router_, float(c_.rms_norm_eps), c_.hidden_size, x, ctx);
    else swiglu_mlp_block(L.mlp, float(c_.rms_norm_eps), c_.hidden_size, x, ctx);
  }

  uint64_t layer_bytes_per_token() const override {
    uint64_t n = 0;
    for (auto& L : layers_) n += mla_bytes_per_token(L.attn) + (L.is_moe ? moe_bytes_per_token(L.moe, router_) : weight_bytes(L.mlp));
    return n;
  }

  std::unique_ptr<Decoder> clone() const override { return std::make_unique<DeepseekMlaDecoder>(*this); }

  void for_each_linear(const std::function<void(Linear&)>& fn) override {
    for (auto& L : layers_) {
      L.attn.for_each_linear(fn);
      if (L.is_moe) L.moe.for_each_linear(fn);
      else L.mlp.for_each_linear(fn);
    }
  }

  void refresh_views() override {
    for (auto& L : layers_) L.attn.split_kv_b(c_.num_attention_heads, c_.qk_nope_head_dim, c_.v_head_dim);
  }

 private:
  struct Layer {
    MlaWeights attn;
    bool is_moe = false;
    MoeWeights moe;
    MlpWeights mlp;
  };
  ModelConfig c_;
  RouterParams router_;
  MlaParams mla_;
  std::vector<Layer> layers_;
};

}  // namespace

std::unique_ptr<Decoder> make_deepseek_mla_architecture(const ModelFiles& files) {
  return std::make_unique<DeepseekMlaDecoder>(files);
}

}  // namespace dsw
