// Placeholder until the MoE and MLA architectures land; delete when implemented.
#include "arch/architecture.h"
#include "core/error.h"

namespace dsw {
std::unique_ptr<Decoder> make_deepseek_moe_architecture(const ModelFiles& f) {
  fail_unsupported(f.path.string() + ": the deepseek (MoE) architecture is not implemented yet");
}
std::unique_ptr<Decoder> make_deepseek_mla_architecture(const ModelFiles& f) {
  fail_unsupported(f.path.string() + ": the " + f.config.model_type + " (MLA) architecture is not implemented yet");
}
}  // namespace dsw
