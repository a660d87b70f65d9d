// Compiled with -mamx-tile (engine/CMakeLists.txt); only the AMX units call it.
#include "cpu/amx_tiles.h"

#include <immintrin.h>

namespace dsw::cpu {
namespace {

// LDTILECFG's 64-byte operand (Intel SDM, "TILECFG"): palette 1 reads rows and colsb of tmm0..7.
struct alignas(64) TileConfig {
  uint8_t palette_id;
  uint8_t start_row;
  uint8_t reserved[14];
  uint16_t colsb[16];
  uint8_t rows[16];
};

}  // namespace

void amx_load_tiles(const AmxTileShape (&tiles)[8]) {
  TileConfig cfg = {};
  cfg.palette_id = 1;
  for (int t = 0; t < 8; ++t) {
    cfg.rows[t] = tiles[t].rows;
    cfg.colsb[t] = tiles[t].colsb;
  }
  // GCC 12 treats ldtilecfg's operand as unread and drops the stores above without this barrier.
  __asm__ volatile("" : : "r"(&cfg) : "memory");
  _tile_loadconfig(&cfg);
}

}  // namespace dsw::cpu
