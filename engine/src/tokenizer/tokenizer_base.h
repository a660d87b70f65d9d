// Engine-internal base of every Tokenizer implementation: lets the loaders adjust BOS/EOS after
// construction (tokenizer_config.json, GGUF keys) and applies them.
// Configuration happens before the tokenizer is shared; afterwards it is read-only.
#pragma once

#include <dsw/tokenizer.h>

#include "core/error.h"

#include <algorithm>
#include <string>

namespace dsw {

class TokenizerBase : public Tokenizer {
 public:
  // BOS/EOS ids and whether encode(add_special) adds them. Passing no id disables adding.
  void set_bos(std::optional<int32_t> id, bool add) {
    bos_id_ = id;
    add_bos_ = add && id.has_value();
  }
  void set_eos(std::optional<int32_t> id, bool add) {
    if (eos_id_ && stop_set_.erase(*eos_id_))
      stop_ids_.erase(std::remove(stop_ids_.begin(), stop_ids_.end(), *eos_id_), stop_ids_.end());
    eos_id_ = id;
    add_eos_ = add && id.has_value();
    if (id) add_stop_id(*id);
  }
  void set_add_bos(bool add) { add_bos_ = add && bos_id_.has_value(); }
  void set_add_eos(bool add) { add_eos_ = add && eos_id_.has_value(); }

  // Whether `id` names a token (ids of a BPE vocabulary may have holes).
  virtual bool has_token(int32_t id) const noexcept { return id >= 0 && id < vocab_size(); }
  // Refuses a BOS, EOS or stop id that is not a token of the vocabulary: encode would emit it
  // and the model would index past its embedding. `name` starts the message (the file).
  void check_special_ids(const std::string& name) const {
    auto check = [&](std::optional<int32_t> id, const char* what) {
      if (id && !has_token(*id))
        throw Error(Status(StatusCode::invalid_input, name + ": the " + what + " id " + std::to_string(*id) +
                                                          " is not a token of the vocabulary (" + std::to_string(vocab_size()) + " ids)"));
    };
    check(bos_id_, "BOS");
    check(eos_id_, "EOS");
    for (int32_t id : stop_ids_) check(id, "stop token");
  }

 protected:
  void add_special_tokens(std::vector<int32_t>& ids, const EncodeOptions& options) const {
    if (!options.add_special) return;
    if (add_bos_ && bos_id_) ids.insert(ids.begin(), *bos_id_);
    if (add_eos_ && eos_id_) ids.push_back(*eos_id_);
  }
};

}  // namespace dsw
