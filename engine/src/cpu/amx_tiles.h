// The AMX tile configuration shared by the AMX units (gemm_amx.cpp, gemv_amx.cpp,
// gemm_amx_int8.cpp): each loads palette 1 with its own tile shapes before its tile instructions.
// Call only after cpu_features() saw AMX and Linux granted the tile state.
#pragma once

#include <cstdint>

namespace dsw::cpu {

// One tile register's shape: rows, and bytes per row (at most 16 rows of 64 bytes).
struct AmxTileShape {
  uint8_t rows;
  uint16_t colsb;
};

// Loads palette 1 with the shapes of tmm0..7 on the calling thread (LDTILECFG).
void amx_load_tiles(const AmxTileShape (&tiles)[8]);

}  // namespace dsw::cpu
