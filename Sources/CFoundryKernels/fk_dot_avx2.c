// AVX2 + FMA + F16C kernels, chosen at run time by fk_init when the CPU has them.
#include "fk_internal.h"
#if defined(__x86_64__)
#include <immintrin.h>
#include <math.h>

#include "fk_x86.h"

/// Signed int8 × int8 products summed in groups of four into eight int32 lanes.
static inline FK_AVX2 __m256i dot_i8(__m256i x, __m256i y) {
    const __m256i pairs = _mm256_maddubs_epi16(_mm256_sign_epi8(x, x), _mm256_sign_epi8(y, x));
    return _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
}

/// Sixteen lanes held in two registers (elements i…i+7 and i+8…i+15 of each chunk of 16),
/// reduced as lane i + lane i+8, then the eight-lane tree: tinyBLAS's AVX-512 order.
static inline FK_AVX2 float reduce16(__m256 lo, __m256 hi) { return fk_hsum_ps(_mm256_add_ps(hi, lo)); }

static inline FK_AVX2 __m256 load_f16(const uint16_t *p) { return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p)); }
static inline FK_AVX2 __m256 load_bf16(const uint16_t *p) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p)), 16));
}
static inline FK_AVX2 __m256 load_f32(const float *p) { return _mm256_loadu_ps(p); }

#define FK_DOT16_AVX2(NAME, TYPE, LOAD, SCALAR)                                        \
    FK_AVX2 float NAME(int n, const void *w, const void *a) {                           \
        const TYPE *x = w, *y = a;                                                      \
        __m256 lo = _mm256_setzero_ps(), hi = _mm256_setzero_ps();                      \
        int i = 0;                                                                      \
        for (; i + 16 <= n; i += 16) {                                                  \
            lo = _mm256_fmadd_ps(LOAD(x + i), LOAD(y + i), lo);                         \
            hi = _mm256_fmadd_ps(LOAD(x + i + 8), LOAD(y + i + 8), hi);                 \
        }                                                                               \
        float sum = reduce16(lo, hi);                                                   \
        for (; i < n; i++) sum = fmaf(SCALAR(x[i]), SCALAR(y[i]), sum);                 \
        return sum;                                                                     \
    }

#define FK_SAME(v) (v)
FK_DOT16_AVX2(fk_dot_f32_avx2, float, load_f32, FK_SAME)
FK_DOT16_AVX2(fk_dot_f16_avx2, uint16_t, load_f16, fk_h2f)
FK_DOT16_AVX2(fk_dot_bf16_avx2, uint16_t, load_bf16, fk_bf16_to_fp32)

/// ggml_vec_dot_f16's order (see fk_dot_f16_vec_scalar): accumulator j of the four is held in
/// acc[2j] (lanes 0-7) and acc[2j+1] (lanes 8-15).
FK_AVX2 float fk_dot_f16_vec_avx2(int n, const void *w, const void *a) {
    const uint16_t *x = w, *y = a;
    __m256 acc[8];
    for (int j = 0; j < 8; j++) acc[j] = _mm256_setzero_ps();
    const int np = n & ~63;
    for (int i = 0; i < np; i += 64)
        for (int j = 0; j < 8; j++) acc[j] = _mm256_fmadd_ps(load_f16(x + i + 8 * j), load_f16(y + i + 8 * j), acc[j]);
    const __m256 lo = _mm256_add_ps(_mm256_add_ps(acc[0], acc[4]), _mm256_add_ps(acc[2], acc[6]));
    const __m256 hi = _mm256_add_ps(_mm256_add_ps(acc[1], acc[5]), _mm256_add_ps(acc[3], acc[7]));
    double sum = (double)reduce16(lo, hi);
    for (int i = np; i < n; i++) sum += (double)(fk_h2f(x[i]) * fk_h2f(y[i]));
    return (float)sum;
}

/// ggml_vec_dot_f32's order (see fk_dot_f32_vec_scalar), the accumulators held as in
/// fk_dot_f16_vec_avx2.
FK_AVX2 float fk_dot_f32_vec_avx2(int n, const void *w, const void *a) {
    const float *x = w, *y = a;
    __m256 acc[8];
    for (int j = 0; j < 8; j++) acc[j] = _mm256_setzero_ps();
    const int np = n & ~63;
    for (int i = 0; i < np; i += 64)
        for (int j = 0; j < 8; j++) acc[j] = _mm256_fmadd_ps(load_f32(x + i + 8 * j), load_f32(y + i + 8 * j), acc[j]);
    const __m256 lo = _mm256_add_ps(_mm256_add_ps(acc[0], acc[4]), _mm256_add_ps(acc[2], acc[6]));
    const __m256 hi = _mm256_add_ps(_mm256_add_ps(acc[1], acc[5]), _mm256_add_ps(acc[3], acc[7]));
    float sum = reduce16(lo, hi);
    return fk_f32_tail(x, y, np, n, sum);
}

/// ggml_vec_dot_bf16's order (see fk_dot_bf16_vec_scalar).
FK_AVX2 float fk_dot_bf16_vec_avx2(int n, const void *w, const void *a) {
    const uint16_t *x = w, *y = a;
    __m256 c1lo = _mm256_setzero_ps(), c1hi = _mm256_setzero_ps(), c2lo = _mm256_setzero_ps(), c2hi = _mm256_setzero_ps();
    int i = 0;
    for (; i + 32 <= n; i += 32) {
        c1lo = _mm256_fmadd_ps(load_bf16(x + i), load_bf16(y + i), c1lo);
        c1hi = _mm256_fmadd_ps(load_bf16(x + i + 8), load_bf16(y + i + 8), c1hi);
        c2lo = _mm256_fmadd_ps(load_bf16(x + i + 16), load_bf16(y + i + 16), c2lo);
        c2hi = _mm256_fmadd_ps(load_bf16(x + i + 24), load_bf16(y + i + 24), c2hi);
    }
    double sum = (double)reduce16(c1lo, c1hi);
    sum += (double)reduce16(c2lo, c2hi);
    for (; i < n; i++) sum += (double)(fk_bf16_to_fp32(x[i]) * fk_bf16_to_fp32(y[i]));
    return (float)sum;
}

FK_AVX2 float fk_dot_q4_0_avx2(int n, const void *w, const void *a) {
    const fk_block_q4_0 *x = w;
    const fk_block_q8_0 *y = a;
    const __m256i low4 = _mm256_set1_epi8(0x0F), eight = _mm256_set1_epi8(8);
    __m256 acc = _mm256_setzero_ps();
    for (int b = 0; b < n / QK4_0; b++) {
        const __m128i packed = _mm_loadu_si128((const __m128i *)x[b].qs);
        __m256i qx = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(packed, 4), packed), low4);
        qx = _mm256_sub_epi8(qx, eight);
        const __m256i qy = _mm256_loadu_si256((const __m256i *)y[b].qs);
        const __m256 d = _mm256_set1_ps(fk_h2f(x[b].d) * fk_h2f(y[b].d));
        acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(dot_i8(qx, qy)), acc);
    }
    return fk_hsum_ps(acc);
}

FK_AVX2 float fk_dot_q8_0_avx2(int n, const void *w, const void *a) {
    const fk_block_q8_0 *x = w, *y = a;
    __m256 acc = _mm256_setzero_ps();
    for (int b = 0; b < n / QK8_0; b++) {
        const __m256i qx = _mm256_loadu_si256((const __m256i *)x[b].qs);
        const __m256i qy = _mm256_loadu_si256((const __m256i *)y[b].qs);
        const __m256 d = _mm256_set1_ps(fk_h2f(x[b].d) * fk_h2f(y[b].d));
        acc = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(dot_i8(qx, qy)), acc);
    }
    return fk_hsum_ps(acc);
}

/// Two 16-bit scales, one for each 128-bit half.
static inline FK_AVX2 __m256i scale_pair(int lo, int hi) {
    return _mm256_set_m128i(_mm_set1_epi16((short)hi), _mm_set1_epi16((short)lo));
}

/// The eight 6-bit scales and mins of a Q4_K/Q5_K block, widened to 16 bits.
static inline FK_AVX2 void k4_scales(const uint8_t *packed, int16_t *sc, int16_t *m) {
    for (int j = 0; j < 8; j++) {
        uint8_t s, mm;
        fk_scale_min_k4(j, packed, &s, &mm);
        sc[j] = s;
        m[j] = mm;
    }
}

/// Σ m[j]·(bsums of sub-block j) in four lanes (pairs of sub-blocks), as llama.cpp's madd.
static inline FK_AVX2 __m128i k4_min_products(const int16_t *m, const int16_t *bsums) {
    const __m128i q8s = _mm_hadd_epi16(_mm_loadu_si128((const __m128i *)bsums), _mm_loadu_si128((const __m128i *)(bsums + 8)));
    return _mm_madd_epi16(_mm_loadu_si128((const __m128i *)m), q8s);
}

/// Σ scale · q4 · q8 of one Q4_K block in eight int32 lanes (exact).
static inline FK_AVX2 __m256i q4_K_sumi(const fk_block_q4_K *x, const fk_block_q8_K *y, const int16_t *sc) {
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const uint8_t *q4 = x->qs;
    const int8_t *q8 = y->qs;
    __m256i sumi = _mm256_setzero_si256();
    for (int j = 0; j < 4; j++) {
        const __m256i packed = _mm256_loadu_si256((const __m256i *)q4);
        const __m256i lo = _mm256_and_si256(packed, low4);
        const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(packed, 4), low4);
        const __m256i plo = _mm256_madd_epi16(_mm256_set1_epi16(sc[2 * j]), _mm256_maddubs_epi16(lo, _mm256_loadu_si256((const __m256i *)q8)));
        const __m256i phi = _mm256_madd_epi16(_mm256_set1_epi16(sc[2 * j + 1]),
                                              _mm256_maddubs_epi16(hi, _mm256_loadu_si256((const __m256i *)(q8 + 32))));
        sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(plo, phi));
        q4 += 32;
        q8 += 64;
    }
    return sumi;
}

/// Σ scale · q5 · q8 of one Q5_K block in eight int32 lanes (exact).
static inline FK_AVX2 __m256i q5_K_sumi(const fk_block_q5_K *x, const fk_block_q8_K *y, const int16_t *sc) {
    const __m256i low4 = _mm256_set1_epi8(0x0F);
    const __m256i hbits = _mm256_loadu_si256((const __m256i *)x->qh);
    const uint8_t *q5 = x->qs;
    const int8_t *q8 = y->qs;
    __m256i sumi = _mm256_setzero_si256();
    for (int j = 0; j < 4; j++) {
        const __m256i packed = _mm256_loadu_si256((const __m256i *)q5);
        const __m256i bit0 = _mm256_set1_epi8((char)(1 << (2 * j))), bit1 = _mm256_set1_epi8((char)(2 << (2 * j)));
        const __m256i h0 = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(hbits, bit0), bit0), _mm256_set1_epi8(16));
        const __m256i h1 = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(hbits, bit1), bit1), _mm256_set1_epi8(16));
        const __m256i q0 = _mm256_add_epi8(_mm256_and_si256(packed, low4), h0);
        const __m256i q1 = _mm256_add_epi8(_mm256_and_si256(_mm256_srli_epi16(packed, 4), low4), h1);
        const __m256i p0 = _mm256_madd_epi16(_mm256_set1_epi16(sc[2 * j]), _mm256_maddubs_epi16(q0, _mm256_loadu_si256((const __m256i *)q8)));
        const __m256i p1 = _mm256_madd_epi16(_mm256_set1_epi16(sc[2 * j + 1]),
                                             _mm256_maddubs_epi16(q1, _mm256_loadu_si256((const __m256i *)(q8 + 32))));
        sumi = _mm256_add_epi32(sumi, _mm256_add_epi32(p0, p1));
        q5 += 32;
        q8 += 64;
    }
    return sumi;
}

/// Σ scale · (q6 − 32) · q8 of one Q6_K block in eight int32 lanes (exact).
static inline FK_AVX2 __m256i q6_K_sumi(const fk_block_q6_K *x, const fk_block_q8_K *y) {
    const __m256i low4 = _mm256_set1_epi8(0x0F), three = _mm256_set1_epi8(3);
    const uint8_t *ql = x->ql, *qh = x->qh;
    const int8_t *sc = x->scales, *q8 = y->qs;
    // The -32 offset of every quant, taken out afterwards through the block sums.
    const __m256i scales16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)x->scales));
    const __m256i offset = _mm256_slli_epi32(_mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)y->bsums), scales16), 5);
    __m256i sumi = _mm256_setzero_si256();
    for (int half = 0; half < 2; half++) {
        const __m256i l0 = _mm256_loadu_si256((const __m256i *)ql);
        const __m256i l1 = _mm256_loadu_si256((const __m256i *)(ql + 32));
        const __m256i h = _mm256_loadu_si256((const __m256i *)qh);
        __m256i q[4];
        q[0] = _mm256_or_si256(_mm256_and_si256(l0, low4), _mm256_slli_epi16(_mm256_and_si256(h, three), 4));
        q[1] = _mm256_or_si256(_mm256_and_si256(l1, low4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2), three), 4));
        q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l0, 4), low4),
                               _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 4), three), 4));
        q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), low4),
                               _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 6), three), 4));
        for (int part = 0; part < 4; part++) {
            const __m256i y8 = _mm256_loadu_si256((const __m256i *)(q8 + 32 * part));
            const __m256i p16 = _mm256_maddubs_epi16(q[part], y8);
            const __m256i scale = _mm256_set_m128i(_mm_set1_epi16(sc[2 * part + 1]), _mm_set1_epi16(sc[2 * part]));
            sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(scale, p16));
        }
        ql += 64;
        qh += 32;
        sc += 8;
        q8 += 128;
    }
    return _mm256_sub_epi32(sumi, offset);
}

static inline FK_AVX2 int32_t hsum_epi32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(s);
}

FK_AVX2 float fk_dot_q4_K_avx2(int n, const void *w, const void *a) {
    const fk_block_q4_K *x = w;
    const fk_block_q8_K *y = a;
    __m256 acc = _mm256_setzero_ps();
    __m128 acc_m = _mm_setzero_ps();
    for (int b = 0; b < n / QK_K; b++) {
        int16_t sc[8], m[8];
        k4_scales(x[b].scales, sc, m);
        const float d = y[b].d * fk_h2f(x[b].d), dmin = -y[b].d * fk_h2f(x[b].dmin);
        acc_m = _mm_fmadd_ps(_mm_set1_ps(dmin), _mm_cvtepi32_ps(k4_min_products(m, y[b].bsums)), acc_m);
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(q4_K_sumi(&x[b], &y[b], sc)), acc);
    }
    acc_m = _mm_add_ps(acc_m, _mm_movehl_ps(acc_m, acc_m));
    acc_m = _mm_add_ss(acc_m, _mm_movehdup_ps(acc_m));
    return fk_hsum_ps(acc) + _mm_cvtss_f32(acc_m);
}

FK_AVX2 float fk_dot_q5_K_avx2(int n, const void *w, const void *a) {
    const fk_block_q5_K *x = w;
    const fk_block_q8_K *y = a;
    __m256 acc = _mm256_setzero_ps();
    float summs = 0.0f;
    for (int b = 0; b < n / QK_K; b++) {
        int16_t sc[8], m[8];
        k4_scales(x[b].scales, sc, m);
        const float d = y[b].d * fk_h2f(x[b].d), dmin = -y[b].d * fk_h2f(x[b].dmin);
        const __m128i prod = k4_min_products(m, y[b].bsums);
        const __m128i total = _mm_hadd_epi32(_mm_hadd_epi32(prod, _mm_setzero_si128()), _mm_setzero_si128());
        summs = fmaf(dmin, (float)_mm_cvtsi128_si32(total), summs);
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(q5_K_sumi(&x[b], &y[b], sc)), acc);
    }
    return fk_hsum_ps(acc) + summs;
}

FK_AVX2 float fk_dot_q6_K_avx2(int n, const void *w, const void *a) {
    const fk_block_q6_K *x = w;
    const fk_block_q8_K *y = a;
    __m256 acc = _mm256_setzero_ps();
    for (int b = 0; b < n / QK_K; b++) {
        const float d = y[b].d * fk_h2f(x[b].d);
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(q6_K_sumi(&x[b], &y[b])), acc);
    }
    return fk_hsum_ps(acc);
}

// The tiled-matmul order (see fk_dot_tiled.c) with the integer sums formed as above.
static inline FK_AVX2 float tiled_step(float acc, float d, float dmin, int32_t s1, int32_t s2, float d8) {
    float res = d * (float)s1;
    res = fmaf(-dmin, (float)s2, res);
    return fmaf(res, d8, acc);
}

static inline FK_AVX2 int32_t k4_min_total(const int16_t *m, const int16_t *bsums) {
    const __m128i p = k4_min_products(m, bsums);
    const __m128i s = _mm_add_epi32(p, _mm_shuffle_epi32(p, _MM_SHUFFLE(1, 0, 3, 2)));
    return _mm_cvtsi128_si32(_mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1))));
}

FK_AVX2 float fk_dot_q4_K_tiled_avx2(int n, const void *w, const void *a) {
    const fk_block_q4_K *x = w;
    const fk_block_q8_K *y = a;
    float acc = 0.0f;
    for (int b = 0; b < n / QK_K; b++) {
        int16_t sc[8], m[8];
        k4_scales(x[b].scales, sc, m);
        acc = tiled_step(acc, fk_h2f(x[b].d), fk_h2f(x[b].dmin), hsum_epi32(q4_K_sumi(&x[b], &y[b], sc)),
                         k4_min_total(m, y[b].bsums), y[b].d);
    }
    return acc;
}

FK_AVX2 float fk_dot_q5_K_tiled_avx2(int n, const void *w, const void *a) {
    const fk_block_q5_K *x = w;
    const fk_block_q8_K *y = a;
    float acc = 0.0f;
    for (int b = 0; b < n / QK_K; b++) {
        int16_t sc[8], m[8];
        k4_scales(x[b].scales, sc, m);
        acc = tiled_step(acc, fk_h2f(x[b].d), fk_h2f(x[b].dmin), hsum_epi32(q5_K_sumi(&x[b], &y[b], sc)),
                         k4_min_total(m, y[b].bsums), y[b].d);
    }
    return acc;
}

FK_AVX2 float fk_dot_q6_K_tiled_avx2(int n, const void *w, const void *a) {
    const fk_block_q6_K *x = w;
    const fk_block_q8_K *y = a;
    float acc = 0.0f;
    for (int b = 0; b < n / QK_K; b++)
        acc = tiled_step(acc, fk_h2f(x[b].d), 0.0f, hsum_epi32(q6_K_sumi(&x[b], &y[b])), 0, y[b].d);
    return acc;
}

FK_AVX2 void fk_quant_q8_0_avx2(const float *x, void *out, int n) {
    fk_block_q8_0 *y = out;
    const __m256 sign = _mm256_set1_ps(-0.0f);
    for (int b = 0; b < n / QK8_0; b++, x += QK8_0) {
        __m256 v[4];
        __m256 amax = _mm256_setzero_ps();
        for (int k = 0; k < 4; k++) {
            v[k] = _mm256_loadu_ps(x + 8 * k);
            amax = _mm256_max_ps(amax, _mm256_andnot_ps(sign, v[k]));
        }
        __m128 m = _mm_max_ps(_mm256_castps256_ps128(amax), _mm256_extractf128_ps(amax, 1));
        m = _mm_max_ps(m, _mm_movehl_ps(m, m));
        m = _mm_max_ss(m, _mm_movehdup_ps(m));
        const float max = _mm_cvtss_f32(m);
        y[b].d = fk_fp32_to_fp16(max / 127.0f);
        const __m256 id = _mm256_set1_ps(max != 0.0f ? 127.0f / max : 0.0f);
        __m256i q[4];
        for (int k = 0; k < 4; k++)
            q[k] = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v[k], id), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        __m256i p01 = _mm256_packs_epi32(q[0], q[1]);
        __m256i p23 = _mm256_packs_epi32(q[2], q[3]);
        __m256i bytes = _mm256_packs_epi16(p01, p23);
        bytes = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256((__m256i *)y[b].qs, bytes);
    }
}

FK_AVX2 void fk_quant_f16_avx2(const float *x, void *out, int n) {
    uint16_t *y = out;
    int i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i *)(y + i), _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < n; i++) y[i] = fk_fp32_to_fp16(x[i]);
}
FK_AVX2 void fk_axpy_f16_avx2(int n, float a, const uint16_t *x, float *y) {
    const __m256 va = _mm256_set1_ps(a);
    int i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_fmadd_ps(load_f16(x + i), va, _mm256_loadu_ps(y + i)));
    for (; i < n; i++) y[i] = fmaf(fk_h2f(x[i]), a, y[i]);
}

#endif
