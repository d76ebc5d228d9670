// Q4_K weights repacked sixteen rows at a time, and their products with Q8_K activations in
// the order of llama.cpp's repacked Q4_K kernels (ggml_gemm/gemv_q4_K_8x8_q8_K, its default on
// AVX2 CPUs for matrices whose row count is a multiple of 8). Integer sums are exact; the
// floating-point steps per output are:
//   ip = Σ scale_j · Σ q·a over a pair of sub-blocks j = 2p, 2p+1 (64 elements),
//   mp = Σ min_j · Σ a over the same pair;
//   gemm (the first n − n mod 4 tokens of a batch): after every pair,
//       acc = fma(ip, d_w·d_a, acc) and acc_min = fma(mp, dmin_w·d_a, acc_min);
//   gemv (the remaining tokens): the same once per super-block with the super-block's sums;
//   result = acc − acc_min.
//
// Layout of a group of sixteen rows, super-block b at b·2368 bytes:
//   d[16], dmin[16]   f16
//   sc[8][16]         sub-block j's 6-bit scale of each row
//   mins[4][16][2]    pair p: row l's mins of sub-blocks 2p and 2p+1
//   qs[4][8][64]      pair p, chunk c, lane l (4 bytes): row l's qs[32p + 4c … 32p + 4c + 3],
//                     low nibbles in sub-block 2p, high nibbles in sub-block 2p+1.
#include "fk_internal.h"

enum { K16_ROWS = 16, K16_SC = 64, K16_MINS = 192, K16_QS = 320, K16_BLOCK_BYTES = 320 + 16 * QK_K / 2 };

size_t fk_k16_group_bytes(int cols) { return (size_t)(cols / QK_K) * K16_BLOCK_BYTES; }

void fk_repack_q4_K_r16(const void *src, size_t row_bytes, int rows, int cols, void *dst) {
    const int nb = cols / QK_K, groups = (rows + K16_ROWS - 1) / K16_ROWS;
    for (int g = 0; g < groups; g++) {
        for (int b = 0; b < nb; b++) {
            uint8_t *blk = (uint8_t *)dst + ((size_t)g * nb + b) * K16_BLOCK_BYTES;
            memset(blk, 0, K16_BLOCK_BYTES);
            for (int l = 0; l < K16_ROWS && 16 * g + l < rows; l++) {
                const fk_block_q4_K *x = (const fk_block_q4_K *)((const uint8_t *)src + (size_t)(16 * g + l) * row_bytes) + b;
                memcpy(blk + 2 * l, &x->d, 2);
                memcpy(blk + 32 + 2 * l, &x->dmin, 2);
                for (int j = 0; j < 8; j++) {
                    uint8_t sc, m;
                    fk_scale_min_k4(j, x->scales, &sc, &m);
                    blk[K16_SC + 16 * j + l] = sc;
                    blk[K16_MINS + 32 * (j / 2) + 2 * l + j % 2] = m;
                }
                for (int p = 0; p < 4; p++)
                    for (int c = 0; c < 8; c++) memcpy(blk + K16_QS + (8 * p + c) * 64 + 4 * l, x->qs + 32 * p + 4 * c, 4);
            }
        }
    }
}

/// The Q8_K sums of sub-blocks 2p and 2p+1 as two int16 in one int32 (low: 2p).
static inline int32_t bsum_pair(const fk_block_q8_K *y, int p) {
    const int16_t lo = (int16_t)(y->bsums[4 * p] + y->bsums[4 * p + 1]), hi = (int16_t)(y->bsums[4 * p + 2] + y->bsums[4 * p + 3]);
    return (int32_t)((uint32_t)(uint16_t)lo | (uint32_t)(uint16_t)hi << 16);
}

static inline int gemm_tokens(const fk_matmul_job *job) { return job->n_tokens - job->n_tokens % 4; }

void fk_tiles_q4_K_r16_scalar(const fk_matmul_job *job, int r0, int r1, int t0, int t1) {
    const int nb = job->cols / QK_K;
    for (int r = r0; r < r1; r++) {
        const uint8_t *grp = job->weights + (size_t)(r / K16_ROWS) * job->row_bytes;
        const int l = r % K16_ROWS;
        for (int t = t0; t < t1; t++) {
            const int gemm = t < gemm_tokens(job);
            const fk_block_q8_K *ys = (const fk_block_q8_K *)(job->acts + (size_t)t * job->act_stride);
            float acc = 0.0f, acc_min = 0.0f;
            for (int b = 0; b < nb; b++) {
                const uint8_t *blk = grp + (size_t)b * K16_BLOCK_BYTES;
                const fk_block_q8_K *y = ys + b;
                uint16_t d, dmin;
                memcpy(&d, blk + 2 * l, 2);
                memcpy(&dmin, blk + 32 + 2 * l, 2);
                const float dw = fk_h2f(d) * y->d, dm = fk_h2f(dmin) * y->d;
                int32_t isb = 0, msb = 0;
                for (int p = 0; p < 4; p++) {
                    int32_t ip = 0, mp = 0;
                    for (int h = 0; h < 2; h++) {
                        const int j = 2 * p + h;
                        int32_t dot = 0;
                        for (int c = 0; c < 8; c++)
                            for (int k = 0; k < 4; k++) {
                                const uint8_t q = blk[K16_QS + (8 * p + c) * 64 + 4 * l + k];
                                dot += (h ? q >> 4 : q & 0x0F) * y->qs[32 * j + 4 * c + k];
                            }
                        ip += blk[K16_SC + 16 * j + l] * dot;
                        mp += blk[K16_MINS + 32 * p + 2 * l + h] * (y->bsums[2 * j] + y->bsums[2 * j + 1]);
                    }
                    if (gemm) {
                        acc = __builtin_fmaf((float)ip, dw, acc);
                        acc_min = __builtin_fmaf((float)mp, dm, acc_min);
                    } else {
                        isb += ip;
                        msb += mp;
                    }
                }
                if (!gemm) {
                    acc = __builtin_fmaf((float)isb, dw, acc);
                    acc_min = __builtin_fmaf((float)msb, dm, acc_min);
                }
            }
            job->out[(size_t)t * job->out_stride + r] = acc - acc_min;
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

#include "fk_x86.h"

static inline FK_AVX2 int32_t load_i32(const void *p) { int32_t v; memcpy(&v, p, 4); return v; }

// VEC: register type and intrinsic prefix; the AVX2 variant works on eight rows (half h of a
// group), the AVX-512 one on all sixteen. DOT(acc, w, a) adds Σ w·a over each lane's 4 bytes.
#define FK_K16_GROUP(NAME, ATTR, VEC, FVEC, P, LANES, DOT, LOADQ, LOAD_D, LOAD_SC, LOAD_MINS, STORE)               \
    static inline ATTR __attribute__((always_inline)) void NAME(const uint8_t *grp, int h8, const uint8_t *acts,  \
                                                               size_t act_stride, int nb, float *out, int out_stride, \
                                                               int rows, const int NT, const int gemm) {       \
        FVEC acc[4], acc_min[4];                                                                            \
        for (int t = 0; t < NT; t++) acc[t] = acc_min[t] = P##_setzero_ps();                               \
        const VEC low = P##_set1_epi8(0x0F);                                                                \
        for (int b = 0; b < nb; b++) {                                                                      \
            const uint8_t *blk = grp + (size_t)b * K16_BLOCK_BYTES;                                         \
            const FVEC dwv = LOAD_D(blk + 2 * h8), dmv = LOAD_D(blk + 32 + 2 * h8);                         \
            VEC isb[4], msb[4];                                                                             \
            for (int t = 0; t < NT; t++) isb[t] = msb[t] = P##_setzero_si##LANES();                        \
            for (int p = 0; p < 4; p++) {                                                                   \
                VEC ip[4];                                                                                  \
                for (int t = 0; t < NT; t++) ip[t] = P##_setzero_si##LANES();                              \
                for (int h = 0; h < 2; h++) {                                                               \
                    const int j = 2 * p + h;                                                                \
                    VEC w[8];                                                                               \
                    for (int c = 0; c < 8; c++) {                                                           \
                        const VEC raw = LOADQ(blk + K16_QS + (8 * p + c) * 64 + 4 * h8);                    \
                        w[c] = P##_and_si##LANES(h ? P##_srli_epi16(raw, 4) : raw, low);                    \
                    }                                                                                       \
                    const VEC sc = LOAD_SC(blk + K16_SC + 16 * j + h8);                                     \
                    for (int t = 0; t < NT; t++) {                                                          \
                        const fk_block_q8_K *y = (const fk_block_q8_K *)(acts + (size_t)t * act_stride) + b;\
                        VEC dot = P##_setzero_si##LANES();                                                  \
                        for (int c = 0; c < 8; c++) dot = DOT(dot, w[c], P##_set1_epi32(load_i32(y->qs + 32 * j + 4 * c))); \
                        ip[t] = P##_add_epi32(ip[t], P##_mullo_epi32(dot, sc));                             \
                    }                                                                                       \
                }                                                                                           \
                const VEC mins = LOAD_MINS(blk + K16_MINS + 32 * p + 2 * h8);                               \
                for (int t = 0; t < NT; t++) {                                                              \
                    const fk_block_q8_K *y = (const fk_block_q8_K *)(acts + (size_t)t * act_stride) + b;    \
                    const VEC mp = P##_madd_epi16(mins, P##_set1_epi32(bsum_pair(y, p)));                   \
                    if (gemm) {                                                                             \
                        const FVEC da = P##_set1_ps(y->d);                                                  \
                        acc[t] = P##_fmadd_ps(P##_cvtepi32_ps(ip[t]), P##_mul_ps(dwv, da), acc[t]);        \
                        acc_min[t] = P##_fmadd_ps(P##_cvtepi32_ps(mp), P##_mul_ps(dmv, da), acc_min[t]);   \
                    } else {                                                                                \
                        isb[t] = P##_add_epi32(isb[t], ip[t]);                                              \
                        msb[t] = P##_add_epi32(msb[t], mp);                                                 \
                    }                                                                                       \
                }                                                                                           \
            }                                                                                               \
            if (!gemm)                                                                                      \
                for (int t = 0; t < NT; t++) {                                                              \
                    const FVEC da = P##_set1_ps(((const fk_block_q8_K *)(acts + (size_t)t * act_stride) + b)->d); \
                    acc[t] = P##_fmadd_ps(P##_cvtepi32_ps(isb[t]), P##_mul_ps(dwv, da), acc[t]);           \
                    acc_min[t] = P##_fmadd_ps(P##_cvtepi32_ps(msb[t]), P##_mul_ps(dmv, da), acc_min[t]);   \
                }                                                                                           \
        }                                                                                                   \
        for (int t = 0; t < NT; t++) STORE(out + (size_t)t * out_stride, rows, P##_sub_ps(acc[t], acc_min[t])); \
    }

// AVX2 pieces (eight rows: h8 = 0 or 8 selects the half of each 64-byte chunk).
static inline FK_AVX2 __m256i dot_avx2(__m256i acc, __m256i w, __m256i a) {
    return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(w, a), _mm256_set1_epi16(1)));
}
#define LOADQ_AVX2(p) _mm256_loadu_si256((const __m256i *)(p))
#define LOAD_D_AVX2(p) _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(p)))
#define LOAD_SC_AVX2(p) _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(p)))
#define LOAD_MINS_AVX2(p) _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(p)))
static inline FK_AVX2 void store_avx2(float *out, int rows, __m256 v) {
    float lanes[8];
    _mm256_storeu_ps(lanes, v);
    memcpy(out, lanes, (size_t)rows * sizeof(float));
}
FK_K16_GROUP(half_k_avx2, FK_AVX2, __m256i, __m256, _mm256, 256, dot_avx2, LOADQ_AVX2, LOAD_D_AVX2, LOAD_SC_AVX2,
             LOAD_MINS_AVX2, store_avx2)

// AVX-512 VNNI pieces (sixteen rows, h8 = 0).
#define LOADQ_512(p) _mm512_loadu_si512(p)
#define LOAD_D_512(p) _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(p)))
#define LOAD_SC_512(p) _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(p)))
#define LOAD_MINS_512(p) _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(p)))
static inline FK_VNNI void store_512(float *out, int rows, __m512 v) { _mm512_mask_storeu_ps(out, (__mmask16)((1u << rows) - 1), v); }
FK_K16_GROUP(group_k_vnni, FK_VNNI, __m512i, __m512, _mm512, 512, _mm512_dpbusd_epi32, LOADQ_512, LOAD_D_512, LOAD_SC_512,
             LOAD_MINS_512, store_512)

static inline FK_AVX2 __attribute__((always_inline)) void group_k_avx2(const uint8_t *grp, int h8, const uint8_t *acts,
                                                                       size_t act_stride, int nb, float *out, int out_stride,
                                                                       int rows, const int NT, const int gemm) {
    (void)h8;
    half_k_avx2(grp, 0, acts, act_stride, nb, out, out_stride, rows < 8 ? rows : 8, NT, gemm);
    if (rows > 8) half_k_avx2(grp, 8, acts, act_stride, nb, out + 8, out_stride, rows - 8, NT, gemm);
}

// Groups of rows r0..<r1 by tokens t0..<t1: four tokens at a time in the gemm part of the batch,
// one at a time after it.
#define FK_K16_TILES(NAME, ATTR, GROUP)                                                                     \
    ATTR void NAME(const fk_matmul_job *job, int r0, int r1, int t0, int t1) {                             \
        const int nb = job->cols / QK_K, gemm_end = gemm_tokens(job);                                       \
        for (int r = r0; r < r1; r += K16_ROWS) {                                                           \
            const int rows = r1 - r < K16_ROWS ? r1 - r : K16_ROWS;                                         \
            const uint8_t *grp = job->weights + (size_t)(r / K16_ROWS) * job->row_bytes;                   \
            for (int t = t0; t < t1;) {                                                                     \
                const uint8_t *a = job->acts + (size_t)t * job->act_stride;                                 \
                float *out = job->out + (size_t)t * job->out_stride + r;                                    \
                if (t + 4 <= gemm_end && t + 4 <= t1) {                                                     \
                    GROUP(grp, 0, a, job->act_stride, nb, out, job->out_stride, rows, 4, 1);                \
                    t += 4;                                                                                 \
                } else {                                                                                    \
                    if (t < gemm_end) GROUP(grp, 0, a, job->act_stride, nb, out, job->out_stride, rows, 1, 1); \
                    else GROUP(grp, 0, a, job->act_stride, nb, out, job->out_stride, rows, 1, 0);           \
                    t += 1;                                                                                 \
                }                                                                                           \
            }                                                                                               \
        }                                                                                                   \
    }

FK_K16_TILES(fk_tiles_q4_K_r16_avx2, FK_AVX2, group_k_avx2)
FK_K16_TILES(fk_tiles_q4_K_r16_vnni, FK_VNNI, group_k_vnni)
#endif
