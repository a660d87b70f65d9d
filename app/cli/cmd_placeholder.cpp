// Temporary: commands not built yet.
#include "commands.h"
#include <cstdio>
namespace dsw::cli {
int cmd_info(const Argv&) { std::fprintf(stderr, "not built yet\n"); return 1; }
int cmd_hash(const Argv&) { std::fprintf(stderr, "not built yet\n"); return 1; }
}  // namespace dsw::cli
