// Engine-internal base of every Tokenizer implementation: lets the loaders adjust BOS/EOS after
// construction (tokenizer_config.json, GGUF keys) and applies them.
// Configuration happens before the tokenizer is shared; afterwards it is read-only.
#pragma once

#include <dsw/tokenizer.h>

#include <algorithm>

namespace dsw {

class TokenizerBase : public Tokenizer {
 public:
  // BOS/EOS ids and whether encode(add_special) adds them. Passing no id disables adding.
  void set_bos(std::optional<int32_t> id, bool add) {
    bos_id_ = id;
    add_bos_ = add && id.has_value();
  }
  void set_eos(std::optional<int32_t> id, bool add) {
    if (eos_id_) stop_ids_.erase(std::remove(stop_ids_.begin(), stop_ids_.end(), *eos_id_), stop_ids_.end());
    eos_id_ = id;
    add_eos_ = add && id.has_value();
    if (id) add_stop_id(*id);
  }
  void set_add_bos(bool add) { add_bos_ = add && bos_id_.has_value(); }
  void set_add_eos(bool add) { add_eos_ = add && eos_id_.has_value(); }

 protected:
  void add_special_tokens(std::vector<int32_t>& ids, const EncodeOptions& options) const {
    if (!options.add_special) return;
    if (add_bos_ && bos_id_) ids.insert(ids.begin(), *bos_id_);
    if (add_eos_ && eos_id_) ids.push_back(*eos_id_);
  }
};

}  // namespace dsw
