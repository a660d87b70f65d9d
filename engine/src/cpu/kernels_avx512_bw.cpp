// AVX-512 quantised-weight kernels without VNNI (vpmaddubsw + vpmaddwd), for AVX-512 CPUs that
// lack AVX512_VNNI.
#include "cpu/kernels.h"
#include "cpu/quant_blocks.h"

#include <immintrin.h>

#define DSW_VNNI 0
#define DSW_FILL_QUANT_ROWS fill_avx512_bw_quant_rows
#include "cpu/kernels_avx512_quant.inc"
