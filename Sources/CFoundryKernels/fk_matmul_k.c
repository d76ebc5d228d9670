// Tiled products of Q4_K and Q6_K weights with Q8_K activations for batches of eight or more
// tokens, in llama.cpp's tiled-matmul order (see fk_dot_tiled.c): per 256-element block the
// exact integer sums s1 = Σ scale·q·q8 and (Q4_K) s2 = Σ min·bsum, then res = d·s1,
// res = fma(−dmin, s2, res) (Q4_K), acc = fma(res, d8, acc). The integers are formed with
// AVX-512 (maddubs, then vpdpwssd with the scales), which cannot change them; each block's
// weights are unpacked once per tile of four rows and reused for up to eight tokens.
#include "fk_internal.h"
#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>
#pragma clang fp contract(off)

#include "fk_x86.h"

typedef struct {
    __m512i q[4];   // chunk j: sub-block 2j's 32 values, then 2j+1's (unsigned 4-bit)
    __m512i sc[4];  // chunk j's scales as int16: 2j in the low half, 2j+1 in the high half
    __m128i mins;   // the eight mins as int16
    float d, dmin;
} fk_q4K_tile_row;

static inline FK_VNNI void fk_q4K_unpack(const fk_block_q4_K *x, fk_q4K_tile_row *u) {
    uint8_t sc[8], mn[8];
    for (int j = 0; j < 8; j++) fk_scale_min_k4(j, x->scales, &sc[j], &mn[j]);
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    for (int j = 0; j < 4; j++) {
        const __m256i packed = _mm256_loadu_si256((const __m256i *)(x->qs + 32 * j));
        u->q[j] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_and_si256(packed, low4)),
                                     _mm256_and_si256(_mm256_srli_epi16(packed, 4), low4), 1);
        u->sc[j] = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_set1_epi16(sc[2 * j])), _mm256_set1_epi16(sc[2 * j + 1]), 1);
    }
    u->mins = _mm_setr_epi16(mn[0], mn[1], mn[2], mn[3], mn[4], mn[5], mn[6], mn[7]);
    u->d = _cvtsh_ss(x->d);
    u->dmin = _cvtsh_ss(x->dmin);
}

/// Writes rows r..<r+rm of tokens t..<t+rn from one register of eight token lanes per row.
static inline FK_VNNI void fk_store_token_lanes(const fk_matmul_job *job, int r, int t, int rm, int rn, const __m256 *acc) {
    for (int i = 0; i < rm; i++) {
        float lanes[8];
        _mm256_storeu_ps(lanes, acc[i]);
        for (int j = 0; j < rn; j++) job->out[(size_t)(t + j) * job->out_stride + r + i] = lanes[j];
    }
}

static inline FK_VNNI int32_t fk_hsum4_epi32(__m128i v) {
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, 0x4E));
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, 0xB1));
    return _mm_cvtsi128_si32(v);
}

typedef struct {
    __m512i q[4];    // 64 unsigned 6-bit values per chunk, in activation order
    __m512i sc[4];   // their sub-block scales as int16, one per pair of values
    __m256i sc16;    // the sixteen scales as int16 (for the −32 offset through bsums)
    float d;
} fk_q6K_tile_row;

static inline FK_VNNI void fk_q6K_unpack(const fk_block_q6_K *x, fk_q6K_tile_row *u) {
    const __m256i m4 = _mm256_set1_epi8(0x0F), m30 = _mm256_set1_epi8(0x30);
    for (int h = 0; h < 2; h++) {
        const __m256i lo = _mm256_loadu_si256((const __m256i *)(x->ql + 64 * h));
        const __m256i hi = _mm256_loadu_si256((const __m256i *)(x->ql + 64 * h + 32));
        const __m256i qh = _mm256_loadu_si256((const __m256i *)(x->qh + 32 * h));
        const __m256i q0 = _mm256_or_si256(_mm256_and_si256(lo, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 4), m30));
        const __m256i q1 = _mm256_or_si256(_mm256_and_si256(hi, m4), _mm256_and_si256(_mm256_slli_epi16(qh, 2), m30));
        const __m256i q2 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(lo, 4), m4), _mm256_and_si256(qh, m30));
        const __m256i q3 = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(hi, 4), m4), _mm256_and_si256(_mm256_srli_epi16(qh, 2), m30));
        u->q[2 * h] = _mm512_inserti64x4(_mm512_castsi256_si512(q0), q1, 1);
        u->q[2 * h + 1] = _mm512_inserti64x4(_mm512_castsi256_si512(q2), q3, 1);
    }
    u->sc16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)x->scales));
    const __m512i all = _mm512_castsi256_si512(u->sc16);
    for (int c = 0; c < 4; c++) {
        // int16 lane p of chunk c holds values 2p, 2p+1 of sub-block 4c + p/8.
        __m512i index = _mm512_set_epi16(4 * c + 3, 4 * c + 3, 4 * c + 3, 4 * c + 3, 4 * c + 3, 4 * c + 3, 4 * c + 3, 4 * c + 3,
                                         4 * c + 2, 4 * c + 2, 4 * c + 2, 4 * c + 2, 4 * c + 2, 4 * c + 2, 4 * c + 2, 4 * c + 2,
                                         4 * c + 1, 4 * c + 1, 4 * c + 1, 4 * c + 1, 4 * c + 1, 4 * c + 1, 4 * c + 1, 4 * c + 1,
                                         4 * c, 4 * c, 4 * c, 4 * c, 4 * c, 4 * c, 4 * c, 4 * c);
        u->sc[c] = _mm512_permutexvar_epi16(index, all);
    }
    u->d = _cvtsh_ss(x->d);
}

static inline FK_VNNI int32_t fk_hsum8_epi32(__m256i v) {
    return fk_hsum4_epi32(_mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1)));
}

// Rows r0..<r1 by tokens t0..<t1 in tiles of four rows by up to eight tokens. Per block:
// UNPACK each row's weights once; per token, PER_TOKEN (its activation block y loaded, qy its
// quants) sets up, then INTEGERS fills s1[i][j] (and s2) for each row; RES gives each row's
// eight token lanes of res, accumulated as acc = fma(res, d8, acc).
#define FK_K_TILES(NAME, ROW, UNPACK, BLOCK, PER_TOKEN, INTEGERS, RES)                                      \
    FK_VNNI void NAME(const fk_matmul_job *job, int r0, int r1, int t0, int t1) {                          \
        const int nb = job->cols / QK_K;                                                                    \
        for (int r = r0; r < r1; r += 4) {                                                                  \
            const int rm = r1 - r < 4 ? r1 - r : 4;                                                         \
            for (int t = t0; t < t1; t += 8) {                                                              \
                const int rn = t1 - t < 8 ? t1 - t : 8;                                                     \
                __m256 acc[4];                                                                              \
                for (int i = 0; i < 4; i++) acc[i] = _mm256_setzero_ps();                                   \
                for (int b = 0; b < nb; b++) {                                                              \
                    ROW rows[4];                                                                            \
                    for (int i = 0; i < rm; i++)                                                            \
                        UNPACK((const BLOCK *)(job->weights + (size_t)(r + i) * job->row_bytes) + b, &rows[i]); \
                    int32_t s1[4][8] = {{0}}, s2[4][8] = {{0}};                                             \
                    float d8[8] = {0};                                                                      \
                    for (int j = 0; j < rn; j++) {                                                          \
                        const fk_block_q8_K *y = (const fk_block_q8_K *)(job->acts + (size_t)(t + j) * job->act_stride) + b; \
                        __m512i qy[4];                                                                      \
                        for (int c = 0; c < 4; c++) qy[c] = _mm512_loadu_si512((const void *)(y->qs + 64 * c)); \
                        d8[j] = y->d;                                                                       \
                        PER_TOKEN;                                                                          \
                        for (int i = 0; i < rm; i++) {                                                      \
                            const ROW *u = &rows[i];                                                        \
                            __m512i sum = _mm512_setzero_si512();                                           \
                            for (int c = 0; c < 4; c++) sum = _mm512_dpwssd_epi32(sum, _mm512_maddubs_epi16(u->q[c], qy[c]), u->sc[c]); \
                            INTEGERS;                                                                       \
                        }                                                                                   \
                    }                                                                                       \
                    (void)s2;                                                                               \
                    const __m256 d8v = _mm256_loadu_ps(d8);                                                 \
                    for (int i = 0; i < rm; i++) {                                                          \
                        const __m256 res = RES;                                                             \
                        acc[i] = _mm256_fmadd_ps(res, d8v, acc[i]);                                         \
                    }                                                                                       \
                }                                                                                           \
                fk_store_token_lanes(job, r, t, rm, rn, acc);                                               \
            }                                                                                               \
        }                                                                                                   \
    }

static inline FK_VNNI __m256 fk_lanes_ps(const int32_t *s) { return _mm256_cvtepi32_ps(_mm256_loadu_si256((const __m256i *)s)); }

// Q6_K: Σ sc·(q − 32)·q8 = Σ sc·q·q8 − 32·Σ sc·bsum; res = d·s1.
FK_K_TILES(fk_tiles_q6_K_vnni, fk_q6K_tile_row, fk_q6K_unpack, fk_block_q6_K,
           const __m256i bsums = _mm256_loadu_si256((const __m256i *)y->bsums),
           s1[i][j] = _mm512_reduce_add_epi32(sum) - 32 * fk_hsum8_epi32(_mm256_madd_epi16(u->sc16, bsums)),
           _mm256_mul_ps(_mm256_set1_ps(rows[i].d), fk_lanes_ps(s1[i])))

// Q4_K: s2 = Σ min·bsum over the eight sub-blocks; res = fma(−dmin, s2, d·s1).
FK_K_TILES(fk_tiles_q4_K_vnni, fk_q4K_tile_row, fk_q4K_unpack, fk_block_q4_K,
           const __m128i q8s = _mm_hadd_epi16(_mm_loadu_si128((const __m128i *)y->bsums), _mm_loadu_si128((const __m128i *)(y->bsums + 8))),
           (s1[i][j] = _mm512_reduce_add_epi32(sum), s2[i][j] = fk_hsum4_epi32(_mm_madd_epi16(u->mins, q8s))),
           _mm256_fmadd_ps(_mm256_set1_ps(-rows[i].dmin), fk_lanes_ps(s2[i]), _mm256_mul_ps(_mm256_set1_ps(rows[i].d), fk_lanes_ps(s1[i]))))
#endif
