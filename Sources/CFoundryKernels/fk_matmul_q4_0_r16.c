// Q4_0 weights repacked sixteen rows at a time, and their products with Q8_0 activations in
// the order of llama.cpp's repacked Q4_0 kernels (ggml_gemv/gemm_q4_0_8x8_q8_0, which llama.cpp
// uses by default on every AVX2 CPU for matrices whose row count is a multiple of 8): for each
// output, per block the exact integer sum Σ q·a is converted to float and accumulated with one
// FMA, acc = fma(isum, d_w·d_a, acc), block after block. No horizontal sums: an output is one
// SIMD lane, so sixteen rows share every instruction.
//
// Layout of a group of sixteen rows (rows 16g … 16g+15), block b at b·288 bytes:
//   d[16]      the rows' f16 scales
//   qs[4][64]  chunk c, lane l (4 bytes): row l's packed bytes qs[4c … 4c+3], whose low
//              nibbles are elements 4c … 4c+3 and high nibbles elements 16+4c … 16+4c+3.
// Rows past the last real row are zero and their results are never stored.
//
// Activations are Q8_0 blocks followed by one int32 per block, Σ qs (FK_Q8_0_SUMS), so the
// nibbles can enter the integer step unsigned: Σ (n − 8)·a = Σ n·a − 8·Σ a.
#include "fk_internal.h"
#include <stdlib.h>

enum { R16_ROWS = 16, R16_BLOCK_BYTES = 2 * R16_ROWS + R16_ROWS * QK4_0 / 2 };

size_t fk_r16_group_bytes(int cols) { return (size_t)(cols / QK4_0) * R16_BLOCK_BYTES; }

void fk_repack_q4_0_r16(const void *src, size_t row_bytes, int rows, int cols, void *dst) {
    const int nb = cols / QK4_0, groups = (rows + R16_ROWS - 1) / R16_ROWS;
    uint8_t *out = dst;
    for (int g = 0; g < groups; g++) {
        for (int b = 0; b < nb; b++) {
            uint8_t *blk = out + ((size_t)g * nb + b) * R16_BLOCK_BYTES;
            memset(blk, 0, R16_BLOCK_BYTES);
            for (int l = 0; l < R16_ROWS && 16 * g + l < rows; l++) {
                const fk_block_q4_0 *x = (const fk_block_q4_0 *)((const uint8_t *)src + (size_t)(16 * g + l) * row_bytes) + b;
                memcpy(blk + 2 * l, &x->d, 2);
                for (int c = 0; c < 4; c++) memcpy(blk + 2 * R16_ROWS + 64 * c + 4 * l, x->qs + 4 * c, 4);
            }
        }
    }
}

void fk_quant_q8_0_sums(const float *x, void *out, int n) {
    const int nb = n / QK8_0;
    fk_active.quant_q8_0(x, out, n);
    const fk_block_q8_0 *y = out;
    uint8_t *sums = (uint8_t *)out + (size_t)nb * sizeof(fk_block_q8_0);
    for (int b = 0; b < nb; b++) {
        int32_t s = 0;
        for (int i = 0; i < QK8_0; i++) s += y[b].qs[i];
        memcpy(sums + 4 * b, &s, 4);
    }
}

static inline int32_t act_sum(const uint8_t *act, int nb, int b) {
    int32_t s;
    memcpy(&s, act + (size_t)nb * sizeof(fk_block_q8_0) + 4 * (size_t)b, 4);
    return s;
}

// Groups r0/16 … and tokens t0..<t1, one output at a time.
void fk_tiles_q4_0_r16_scalar(const fk_matmul_job *job, int r0, int r1, int t0, int t1) {
    const int nb = job->cols / QK4_0;
    for (int r = r0; r < r1; r++) {
        const uint8_t *grp = job->weights + (size_t)(r / R16_ROWS) * job->row_bytes;
        const int l = r % R16_ROWS;
        for (int t = t0; t < t1; t++) {
            const uint8_t *act = job->acts + (size_t)t * job->act_stride;
            const fk_block_q8_0 *y = (const fk_block_q8_0 *)act;
            float acc = 0.0f;
            for (int b = 0; b < nb; b++) {
                const uint8_t *blk = grp + (size_t)b * R16_BLOCK_BYTES;
                int32_t isum = 0;
                for (int c = 0; c < 4; c++)
                    for (int k = 0; k < 4; k++) {
                        const uint8_t q = blk[2 * R16_ROWS + 64 * c + 4 * l + k];
                        isum += ((q & 0x0F) - 8) * y[b].qs[4 * c + k] + ((q >> 4) - 8) * y[b].qs[16 + 4 * c + k];
                    }
                uint16_t dw;
                memcpy(&dw, blk + 2 * l, 2);
                acc = __builtin_fmaf((float)isum, fk_h2f(dw) * fk_h2f(y[b].d), acc);
            }
            job->out[(size_t)t * job->out_stride + r] = acc;
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

#include "fk_x86.h"

static inline FK_AVX2 int32_t load_i32(const void *p) { int32_t v; memcpy(&v, p, 4); return v; }

// AVX2: eight rows (half h of a group) × NT tokens; maddubs (unsigned nibbles × signed bytes)
// then pairs to int32 give the same four-product lanes as vpdpbusd.
static inline FK_AVX2 __attribute__((always_inline)) void half_avx2(const uint8_t *grp, int h, const uint8_t *acts,
                                                                   size_t act_stride, int nb, float *out, int out_stride,
                                                                   int rows, const int NT) {
    __m256 acc[4];
    for (int t = 0; t < NT; t++) acc[t] = _mm256_setzero_ps();
    const __m256i low = _mm256_set1_epi8(0x0F), ones = _mm256_set1_epi16(1);
    for (int b = 0; b < nb; b++) {
        const uint8_t *blk = grp + (size_t)b * R16_BLOCK_BYTES;
        const __m256 dw = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(blk + 16 * h)));
        __m256i w[8];
        for (int c = 0; c < 4; c++) {
            const __m256i raw = _mm256_loadu_si256((const __m256i *)(blk + 2 * R16_ROWS + 64 * c + 32 * h));
            w[c] = _mm256_and_si256(raw, low);
            w[4 + c] = _mm256_and_si256(_mm256_srli_epi16(raw, 4), low);
        }
        for (int t = 0; t < NT; t++) {
            const uint8_t *act = acts + (size_t)t * act_stride;
            const fk_block_q8_0 *y = (const fk_block_q8_0 *)act + b;
            __m256i i16 = _mm256_maddubs_epi16(w[0], _mm256_set1_epi32(load_i32(y->qs)));
            for (int c = 1; c < 4; c++) i16 = _mm256_add_epi16(i16, _mm256_maddubs_epi16(w[c], _mm256_set1_epi32(load_i32(y->qs + 4 * c))));
            __m256i i32 = _mm256_madd_epi16(i16, ones);
            __m256i hi16 = _mm256_maddubs_epi16(w[4], _mm256_set1_epi32(load_i32(y->qs + 16)));
            for (int c = 1; c < 4; c++) hi16 = _mm256_add_epi16(hi16, _mm256_maddubs_epi16(w[4 + c], _mm256_set1_epi32(load_i32(y->qs + 16 + 4 * c))));
            i32 = _mm256_add_epi32(i32, _mm256_madd_epi16(hi16, ones));
            i32 = _mm256_sub_epi32(i32, _mm256_set1_epi32(8 * act_sum(act, nb, b)));
            const __m256 da = _mm256_set1_ps(_cvtsh_ss(y->d));
            acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(i32), _mm256_mul_ps(dw, da), acc[t]);
        }
    }
    for (int t = 0; t < NT; t++) {
        float lanes[8];
        _mm256_storeu_ps(lanes, acc[t]);
        memcpy(out + (size_t)t * out_stride, lanes, (size_t)rows * sizeof(float));
    }
}

// AVX-512 VNNI: a group's sixteen rows are the sixteen lanes of one register.
static inline FK_VNNI __attribute__((always_inline)) void group_vnni(const uint8_t *grp, const uint8_t *acts, size_t act_stride,
                                                                     int nb, float *out, int out_stride, int rows, const int NT) {
    __m512 acc[8];
    for (int t = 0; t < NT; t++) acc[t] = _mm512_setzero_ps();
    const __m512i low = _mm512_set1_epi8(0x0F);
    for (int b = 0; b < nb; b++) {
        const uint8_t *blk = grp + (size_t)b * R16_BLOCK_BYTES;
        const __m512 dw = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)blk));
        __m512i w[8];
        for (int c = 0; c < 4; c++) {
            const __m512i raw = _mm512_loadu_si512(blk + 2 * R16_ROWS + 64 * c);
            w[c] = _mm512_and_si512(raw, low);
            w[4 + c] = _mm512_and_si512(_mm512_srli_epi16(raw, 4), low);
        }
        for (int t = 0; t < NT; t++) {
            const uint8_t *act = acts + (size_t)t * act_stride;
            const fk_block_q8_0 *y = (const fk_block_q8_0 *)act + b;
            __m512i isum = _mm512_set1_epi32(-8 * act_sum(act, nb, b));
            for (int c = 0; c < 4; c++) {
                isum = _mm512_dpbusd_epi32(isum, w[c], _mm512_set1_epi32(load_i32(y->qs + 4 * c)));
                isum = _mm512_dpbusd_epi32(isum, w[4 + c], _mm512_set1_epi32(load_i32(y->qs + 16 + 4 * c)));
            }
            const __m512 da = _mm512_set1_ps(_cvtsh_ss(y->d));
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(isum), _mm512_mul_ps(dw, da), acc[t]);
        }
    }
    const __mmask16 keep = (__mmask16)((1u << rows) - 1);
    for (int t = 0; t < NT; t++) _mm512_mask_storeu_ps(out + (size_t)t * out_stride, keep, acc[t]);
}

// Rows r0..<r1 (r0 a multiple of 16) by tokens t0..<t1, in tiles of one group by WIDEST tokens
// and then the rest one token at a time.
#define FK_R16_TILES(NAME, ATTR, GROUP, WIDEST)                                                            \
    ATTR void NAME(const fk_matmul_job *job, int r0, int r1, int t0, int t1) {                            \
        const int nb = job->cols / QK4_0;                                                                  \
        for (int r = r0; r < r1; r += R16_ROWS) {                                                          \
            const int rows = r1 - r < R16_ROWS ? r1 - r : R16_ROWS;                                        \
            const uint8_t *grp = job->weights + (size_t)(r / R16_ROWS) * job->row_bytes;                  \
            int t = t0;                                                                                    \
            for (; t + (WIDEST) <= t1; t += (WIDEST))                                                      \
                GROUP(grp, job->acts + (size_t)t * job->act_stride, job->act_stride, nb,                   \
                      job->out + (size_t)t * job->out_stride + r, job->out_stride, rows, WIDEST);           \
            for (; t < t1; t++)                                                                            \
                GROUP(grp, job->acts + (size_t)t * job->act_stride, job->act_stride, nb,                   \
                      job->out + (size_t)t * job->out_stride + r, job->out_stride, rows, 1);                \
        }                                                                                                  \
    }

static inline FK_AVX2 __attribute__((always_inline)) void group_avx2(const uint8_t *grp, const uint8_t *acts, size_t act_stride,
                                                                     int nb, float *out, int out_stride, int rows, const int NT) {
    half_avx2(grp, 0, acts, act_stride, nb, out, out_stride, rows < 8 ? rows : 8, NT);
    if (rows > 8) half_avx2(grp, 1, acts, act_stride, nb, out + 8, out_stride, rows - 8, NT);
}

FK_R16_TILES(fk_tiles_q4_0_r16_avx2, FK_AVX2, group_avx2, 4)
FK_R16_TILES(fk_tiles_q4_0_r16_vnni, FK_VNNI, group_vnni, 8)
#endif
