// Temporary: tokenize/detokenize not built yet (replaced by the real commands).
#include "commands.h"
#include <cstdio>
namespace dsw::cli {
int cmd_tokenize(const Argv&) { std::fprintf(stderr, "not built yet\n"); return 1; }
int cmd_detokenize(const Argv&) { std::fprintf(stderr, "not built yet\n"); return 1; }
}  // namespace dsw::cli
