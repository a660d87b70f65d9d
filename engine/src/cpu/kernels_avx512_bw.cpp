// AVX-512 quantised-weight kernels without VNNI (vpmaddubsw + vpmaddwd), for AVX-512 CPUs that
// lack AVX512_VNNI.
#include "cpu/kernels.h"
#include "cpu/quant_blocks.h"

#include <immintrin.h>

#define DSW_VNNI 0
#define DSW_FILL_QUANT_ROWS fill_avx512_bw_quant_rows
#define DSW_FILL_PACKED_ROWS fill_avx512_bw_packed_rows
#define DSW_FILL_PACKED_K_ROWS fill_avx512_bw_packed_k_rows
#define DSW_FILL_PACKED_Q5_ROWS fill_avx512_bw_packed_q5_rows
#define DSW_FILL_PACKED_Q5K_ROWS fill_avx512_bw_packed_q5k_rows
#define DSW_FILL_PACKED_Q6K_ROWS fill_avx512_bw_packed_q6k_rows
#include "cpu/kernels_avx512_quant.inc"
#include "cpu/kernels_avx512_packed.inc"
#include "cpu/kernels_avx512_packed_k.inc"
#include "cpu/kernels_avx512_packed_q5.inc"
#include "cpu/kernels_avx512_packed_q5k.inc"
#include "cpu/kernels_avx512_packed_q6k.inc"
