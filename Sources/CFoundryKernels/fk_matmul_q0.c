// Tiled products of Q4_0 and Q8_0 weights with Q8_0 activations: a tile of up to four rows by
// four tokens shares every unpacked weight block and every activation block, so each block is
// loaded once per tile instead of once per (row, token). The arithmetic per (row, token) is
// exactly fk_dot_q4_0/q8_0's: per block, the exact int32 sums of eight lanes of four products,
// scaled by d_w·d_a and accumulated with one FMA per lane, then the eight lanes summed in
// hsum order. The integer sums are exact however they are formed, so the AVX-512 VNNI kernels
// (vpdpbusd: unsigned × signed bytes) give the same lanes as the AVX2 kernels (maddubs with
// the sign trick): an offset of 8 (Q4_0) or 128 (Q8_0) makes the weights unsigned, and the
// offset times each lane's activation sum is subtracted first.
#include "fk_internal.h"
#if defined(__x86_64__)
#include <immintrin.h>

#include "fk_x86.h"


/// f16 → f32 with F16C (exact, like the table, without the table's cache footprint).
static inline FK_AVX2 float h2f(uint16_t h) { return _cvtsh_ss(h); }

static inline FK_AVX2 __m256i q4_nibbles(const fk_block_q4_0 *b) {
    const __m128i packed = _mm_loadu_si128((const __m128i *)b->qs);
    return _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(packed, 4), packed), _mm256_set1_epi8(0x0F));
}

// One tile: rows w[0..RM), tokens a[0..RN), all nb blocks; results to out[j*out_stride + i].
// UNPACK gives the weight bytes in the form the integer step takes; ISUM forms the lanes.
#define FK_TILE(NAME, ATTR, WBLOCK, UNPACK, PREP, ISUM)                                                    \
    static inline ATTR __attribute__((always_inline)) void NAME(                                          \
        const uint8_t *w, size_t row_bytes, const uint8_t *a, size_t act_stride, int nb, float *out,       \
        int out_stride, const int RM, const int RN) {                                                     \
        __m256 acc[4][4];                                                                                  \
        for (int i = 0; i < RM; i++)                                                                       \
            for (int j = 0; j < RN; j++) acc[i][j] = _mm256_setzero_ps();                                  \
        for (int b = 0; b < nb; b++) {                                                                     \
            __m256i qy[4], base[4];                                                                        \
            float dy[4];                                                                                   \
            for (int j = 0; j < RN; j++) {                                                                 \
                const fk_block_q8_0 *yb = (const fk_block_q8_0 *)(a + (size_t)j * act_stride) + b;         \
                qy[j] = _mm256_loadu_si256((const __m256i *)yb->qs);                                       \
                dy[j] = h2f(yb->d);                                                                     \
                PREP;                                                                                      \
            }                                                                                              \
            for (int i = 0; i < RM; i++) {                                                                 \
                const WBLOCK *xb = (const WBLOCK *)(w + (size_t)i * row_bytes) + b;                        \
                const __m256i qx = UNPACK;                                                                 \
                const float dx = h2f(xb->d);                                                            \
                for (int j = 0; j < RN; j++) {                                                             \
                    const __m256i sumi = ISUM;                                                             \
                    acc[i][j] = _mm256_fmadd_ps(_mm256_set1_ps(dx * dy[j]), _mm256_cvtepi32_ps(sumi), acc[i][j]); \
                }                                                                                          \
            }                                                                                              \
        }                                                                                                  \
        for (int i = 0; i < RM; i++)                                                                       \
            for (int j = 0; j < RN; j++) out[(size_t)j * out_stride + i] = fk_hsum_ps(acc[i][j]);               \
    }

// AVX2 (sixteen registers): tiles of four rows by two tokens, llama.cpp's tinyBLAS shape without
// AVX-512. The signs come from the activations: |a| in maddubs against w with a's sign, so a
// token's two vectors serve the four rows and each weight block is read where it is used. The
// four rows' scales are converted together (F16C) and multiplied by the token's scale in one
// step: the same products dx·dy as one at a time.
static inline FK_AVX2 __m256i q8_0_signed(const void *block) { return _mm256_loadu_si256((const __m256i *)((const fk_block_q8_0 *)block)->qs); }
static inline FK_AVX2 __m256i q4_0_signed(const void *block) { return _mm256_sub_epi8(q4_nibbles(block), _mm256_set1_epi8(8)); }

/// The f16 scales of block b of four rows (the block structs begin with d), as four floats.
static inline FK_AVX2 __m128 scales4(const uint8_t *w, size_t row_bytes, size_t block_bytes, int b) {
    uint64_t bits = 0;
    for (int i = 0; i < 4; i++) {
        uint16_t d;
        memcpy(&d, w + (size_t)i * row_bytes + (size_t)b * block_bytes, 2);
        bits |= (uint64_t)d << (16 * i);
    }
    return _mm_cvtph_ps(_mm_cvtsi64_si128((long long)bits));
}

/// Σ w·a of one block in eight int32 lanes (exact): maddubs(|a|, w·sign(a)), pairs to int32.
static inline FK_AVX2 __m256i isum_signed(__m256i qx, __m256i qy, __m256i uy) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(uy, _mm256_sign_epi8(qx, qy)), _mm256_set1_epi16(1));
}

#define FK_TILE_AVX2(NAME, WBLOCK, SIGNED)                                                                  \
    /* Four rows by RN tokens. */                                                                          \
    static inline FK_AVX2 __attribute__((always_inline)) void NAME##_4xn(                                 \
        const uint8_t *w, size_t row_bytes, const uint8_t *a, size_t act_stride, int nb, float *out,       \
        int out_stride, const int RN) {                                                                    \
        __m256 acc[4][2];                                                                                  \
        for (int i = 0; i < 4; i++)                                                                        \
            for (int j = 0; j < RN; j++) acc[i][j] = _mm256_setzero_ps();                                  \
        for (int b = 0; b < nb; b++) {                                                                     \
            const __m128 dx = scales4(w, row_bytes, sizeof(WBLOCK), b);                                    \
            for (int j = 0; j < RN; j++) {                                                                 \
                const fk_block_q8_0 *yb = (const fk_block_q8_0 *)(a + (size_t)j * act_stride) + b;        \
                const __m256i qy = _mm256_loadu_si256((const __m256i *)yb->qs);                            \
                const __m256i uy = _mm256_sign_epi8(qy, qy);                                               \
                const __m128 d = _mm_mul_ps(dx, _mm_set1_ps(h2f(yb->d)));                                  \
                const __m256 dd = _mm256_set_m128(d, d);                                                   \
                acc[0][j] = _mm256_fmadd_ps(_mm256_shuffle_ps(dd, dd, 0x00),                               \
                    _mm256_cvtepi32_ps(isum_signed(SIGNED((const WBLOCK *)w + b), qy, uy)), acc[0][j]);    \
                acc[1][j] = _mm256_fmadd_ps(_mm256_shuffle_ps(dd, dd, 0x55),                               \
                    _mm256_cvtepi32_ps(isum_signed(SIGNED((const WBLOCK *)(w + row_bytes) + b), qy, uy)), acc[1][j]); \
                acc[2][j] = _mm256_fmadd_ps(_mm256_shuffle_ps(dd, dd, 0xAA),                               \
                    _mm256_cvtepi32_ps(isum_signed(SIGNED((const WBLOCK *)(w + 2 * row_bytes) + b), qy, uy)), acc[2][j]); \
                acc[3][j] = _mm256_fmadd_ps(_mm256_shuffle_ps(dd, dd, 0xFF),                               \
                    _mm256_cvtepi32_ps(isum_signed(SIGNED((const WBLOCK *)(w + 3 * row_bytes) + b), qy, uy)), acc[3][j]); \
            }                                                                                              \
        }                                                                                                  \
        for (int i = 0; i < 4; i++)                                                                        \
            for (int j = 0; j < RN; j++) out[(size_t)j * out_stride + i] = fk_hsum_ps(acc[i][j]);          \
    }                                                                                                      \
    /* Any tile up to four by four (the edges), one pair at a time. */                                     \
    static inline FK_AVX2 __attribute__((always_inline)) void NAME(                                       \
        const uint8_t *w, size_t row_bytes, const uint8_t *a, size_t act_stride, int nb, float *out,       \
        int out_stride, const int RM, const int RN) {                                                      \
        for (int i = 0; i < RM; i++)                                                                       \
            for (int j = 0; j < RN; j++) {                                                                 \
                const WBLOCK *xb = (const WBLOCK *)(w + (size_t)i * row_bytes);                            \
                const fk_block_q8_0 *yb = (const fk_block_q8_0 *)(a + (size_t)j * act_stride);            \
                __m256 acc = _mm256_setzero_ps();                                                          \
                for (int b = 0; b < nb; b++) {                                                             \
                    const __m256i qy = _mm256_loadu_si256((const __m256i *)yb[b].qs);                      \
                    const __m256i s = isum_signed(SIGNED(xb + b), qy, _mm256_sign_epi8(qy, qy));           \
                    acc = _mm256_fmadd_ps(_mm256_set1_ps(h2f(xb[b].d) * h2f(yb[b].d)), _mm256_cvtepi32_ps(s), acc); \
                }                                                                                          \
                out[(size_t)j * out_stride + i] = fk_hsum_ps(acc);                                         \
            }                                                                                              \
    }
FK_TILE_AVX2(tile_q4_0_avx2, fk_block_q4_0, q4_0_signed)
FK_TILE_AVX2(tile_q8_0_avx2, fk_block_q8_0, q8_0_signed)

// VNNI: unsigned weights (nibbles, or bytes + 128); each lane starts at −offset·Σa.
#define FK_OFFSET_PREP(OFFSET)                                                                             \
    base[j] = _mm256_sub_epi32(_mm256_setzero_si256(),                                                     \
                               _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_set1_epi8((char)(OFFSET)), qy[j]))
FK_TILE(tile_q4_0_vnni, FK_VNNI, fk_block_q4_0, q4_nibbles(xb), FK_OFFSET_PREP(8), _mm256_dpbusd_epi32(base[j], qx, qy[j]))
FK_TILE(tile_q8_0_vnni, FK_VNNI, fk_block_q8_0,
        _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)xb->qs), _mm256_set1_epi8((char)0x80)), FK_OFFSET_PREP(0x80),
        _mm256_dpbusd_epi32(base[j], qx, qy[j]))

// AVX-512 VNNI with 512-bit registers: the two halves of a register hold two (row, token)
// pairs, each in its own eight lanes, so every lane sees exactly the 256-bit arithmetic above.
static inline FK_VNNI __m256 fk_upper_half(__m512 v) { return _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)); }
static inline FK_VNNI __m512 fk_halves_ps(float lo, float hi) {
    return _mm512_mask_blend_ps((__mmask16)0xFF00, _mm512_set1_ps(lo), _mm512_set1_ps(hi));
}
static inline FK_VNNI __m512i fk_halves_si(__m256i lo, __m256i hi) { return _mm512_inserti64x4(_mm512_castsi256_si512(lo), hi, 1); }

static inline FK_VNNI __m256i q4_0_unsigned(const void *block) { return q4_nibbles(block); }
static inline FK_VNNI __m256i q8_0_unsigned(const void *block) {
    return _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)((const fk_block_q8_0 *)block)->qs), _mm256_set1_epi8((char)0x80));
}

// Four rows × 2·RP tokens (RP token pairs); OFFSET and UNSIGNED as in the VNNI tiles above.
#define FK_TILE512_TOKENS(NAME, WBLOCK, UNSIGNED, OFFSET)                                                  \
    static inline FK_VNNI __attribute__((always_inline)) void NAME(                                       \
        const uint8_t *w, size_t row_bytes, const uint8_t *a, size_t act_stride, int nb, float *out,       \
        int out_stride, const int RP) {                                                                                  \
        __m512 acc[4][4];                                                                                  \
        for (int i = 0; i < 4; i++)                                                                        \
            for (int p = 0; p < RP; p++) acc[i][p] = _mm512_setzero_ps();                          \
        const __m512i offset = _mm512_set1_epi8((char)(OFFSET));                                           \
        for (int b = 0; b < nb; b++) {                                                                     \
            __m512i qy[4], base[4];                                                                        \
            __m512 dy[4];                                                                                  \
            for (int p = 0; p < RP; p++) {                                                                  \
                const fk_block_q8_0 *y0 = (const fk_block_q8_0 *)(a + (size_t)(2 * p) * act_stride) + b;   \
                const fk_block_q8_0 *y1 = (const fk_block_q8_0 *)(a + (size_t)(2 * p + 1) * act_stride) + b; \
                qy[p] = fk_halves_si(_mm256_loadu_si256((const __m256i *)y0->qs), _mm256_loadu_si256((const __m256i *)y1->qs)); \
                base[p] = _mm512_sub_epi32(_mm512_setzero_si512(), _mm512_dpbusd_epi32(_mm512_setzero_si512(), offset, qy[p])); \
                dy[p] = fk_halves_ps(h2f(y0->d), h2f(y1->d));                                        \
            }                                                                                              \
            for (int i = 0; i < 4; i++) {                                                                  \
                const WBLOCK *xb = (const WBLOCK *)(w + (size_t)i * row_bytes) + b;                        \
                const __m512i qx = _mm512_broadcast_i64x4(UNSIGNED(xb));                                   \
                const __m512 dx = _mm512_set1_ps(h2f(xb->d));                                           \
                for (int p = 0; p < RP; p++)                                                                \
                    acc[i][p] = _mm512_fmadd_ps(_mm512_mul_ps(dx, dy[p]),                                  \
                                                _mm512_cvtepi32_ps(_mm512_dpbusd_epi32(base[p], qx, qy[p])), acc[i][p]); \
            }                                                                                              \
        }                                                                                                  \
        for (int i = 0; i < 4; i++)                                                                        \
            for (int p = 0; p < RP; p++) {                                                                  \
                out[(size_t)(2 * p) * out_stride + i] = fk_hsum_ps(_mm512_castps512_ps256(acc[i][p]));          \
                out[(size_t)(2 * p + 1) * out_stride + i] = fk_hsum_ps(fk_upper_half(acc[i][p]));               \
            }                                                                                              \
    }

FK_TILE512_TOKENS(tile512_q4_0_tokens, fk_block_q4_0, q4_0_unsigned, 8)
FK_TILE512_TOKENS(tile512_q8_0_tokens, fk_block_q8_0, q8_0_unsigned, 0x80)

// A single token: one row at a time (see FK_TILES).
#define FK_ONE_TOKEN(TILE)                                                                                 \
    for (int r = r0; r < r1; r++)                                                                          \
        TILE(job->weights + (size_t)r * job->row_bytes, job->row_bytes, job->acts + (size_t)t0 * job->act_stride, \
             job->act_stride, nb, job->out + (size_t)t0 * job->out_stride + r, job->out_stride, 1, 1)

// Rows r0..<r1 by tokens t0..<t1 in tiles of four rows by up to WIDEST tokens (then four, then
// the rest); FULL handles the full tiles with constant-size code, TILE everything else. A single
// token takes one row at a time: the rows lie one after another in memory, so the weights
// stream in order, which measured 1.5× faster than reading four or eight rows side by side.
#define FK_TILES(NAME, ATTR, TILE, WIDEST, FULL)                                                           \
    ATTR void NAME(const fk_matmul_job *job, int r0, int r1, int t0, int t1) {                            \
        const int nb = job->cols / 32;                                                                     \
        if (t1 - t0 == 1) {                                                                                \
            FK_ONE_TOKEN(TILE);                                                                            \
            return;                                                                                        \
        }                                                                                                  \
        for (int r = r0; r < r1; r += 4) {                                                                 \
            const int rm = r1 - r < 4 ? r1 - r : 4;                                                        \
            const uint8_t *w = job->weights + (size_t)r * job->row_bytes;                                  \
            for (int t = t0; t < t1;) {                                                                    \
                const int rn = t1 - t >= (WIDEST) ? (WIDEST) : t1 - t >= 4 ? 4 : t1 - t;                   \
                const uint8_t *a = job->acts + (size_t)t * job->act_stride;                                \
                float *out = job->out + (size_t)t * job->out_stride + r;                                   \
                FULL else TILE(w, job->row_bytes, a, job->act_stride, nb, out, job->out_stride, rm, rn);   \
                t += rn;                                                                                   \
            }                                                                                              \
        }                                                                                                  \
    }

// AVX2: 4 × 2 tiles. VNNI: 512-bit tiles of 4 rows × 8 (or 4) tokens, 256-bit tiles at the edges.
#define FK_FULL_4X2(TILE)                                                                                  \
    if (rm == 4 && rn == 2) TILE##_4xn(w, job->row_bytes, a, job->act_stride, nb, out, job->out_stride, 2); \
    else if (rm == 4 && rn == 1) TILE##_4xn(w, job->row_bytes, a, job->act_stride, nb, out, job->out_stride, 1);
#define FK_FULL_512(TOKENS)                                                                                \
    if (rm == 4 && rn == 8) TOKENS(w, job->row_bytes, a, job->act_stride, nb, out, job->out_stride, 4);    \
    else if (rm == 4 && rn == 4) TOKENS(w, job->row_bytes, a, job->act_stride, nb, out, job->out_stride, 2);

FK_TILES(fk_tiles_q4_0_avx2, FK_AVX2, tile_q4_0_avx2, 2, FK_FULL_4X2(tile_q4_0_avx2))
FK_TILES(fk_tiles_q8_0_avx2, FK_AVX2, tile_q8_0_avx2, 2, FK_FULL_4X2(tile_q8_0_avx2))
FK_TILES(fk_tiles_q4_0_vnni, FK_VNNI, tile_q4_0_vnni, 8, FK_FULL_512(tile512_q4_0_tokens))
FK_TILES(fk_tiles_q8_0_vnni, FK_VNNI, tile_q8_0_vnni, 8, FK_FULL_512(tile512_q8_0_tokens))
#endif
