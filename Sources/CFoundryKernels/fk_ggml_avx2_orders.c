// The float operations in the orders of llama.cpp built for AVX2 without AVX-512, chosen when the
// CPU has no AVX-512 (or FOUNDRY_KERNELS=avx2): there ggml's vectors are eight lanes wide.
// - tinyBLAS<8> (batches of two or more tokens, F32/F16/BF16): one accumulator of eight lanes
//   per (row, token), lane = k % 8, one fused multiply-add per lane, then hsum: lane i + lane
//   i+4, then (0+2) + (1+3).
// - ggml_vec_dot_f32/f16 (one token): four accumulators of eight lanes over runs of 32, reduced
//   (0+2) + (1+3) lane by lane, then lane i + lane i+4 and two horizontal adds; the f32 tail
//   rounded and added in order but for its last tail % 4 products, fused.
// - ggml_vec_dot_bf16: four accumulators of eight lanes over runs of 32, (0+2) + (1+3), then hsum.
// - ggml_v_expf (SwiGLU, softmax): the AVX2 variant, 2^n · (1 + j) as fma(j, 2^n, 2^n).
#include "fk_internal.h"
#pragma clang fp contract(off)
#include <math.h>
#if defined(__x86_64__)
#include "fk_x86.h"
#endif

#define FK_DOT8(NAME, TYPE, SCALAR)                                                     \
    static inline __attribute__((always_inline)) float NAME##_body(int n, const void *w, const void *a) { \
        const TYPE *x = w, *y = a;                                                      \
        float lane[8] = {0};                                                            \
        int i = 0;                                                                      \
        for (; i + 8 <= n; i += 8)                                                      \
            for (int l = 0; l < 8; l++) lane[l] = fmaf(SCALAR(x[i + l]), SCALAR(y[i + l]), lane[l]); \
        float sum = fk_hsum8(lane);                                                     \
        for (; i < n; i++) sum = fmaf(SCALAR(x[i]), SCALAR(y[i]), sum);                 \
        return sum;                                                                     \
    }
#define FK_SAME8(v) (v)
FK_DOT8(dot8_f32, float, FK_SAME8)
FK_DOT8(dot8_f16, uint16_t, fk_h2f)
FK_DOT8(dot8_bf16, uint16_t, fk_bf16_to_fp32)

/// Four eight-lane accumulators over runs of 32 (acc[8·j + l] takes element 32·r + 8·j + l).
#define FK_RUNS32(TYPE, SCALAR)                                                         \
    const TYPE *x = w, *y = a;                                                          \
    float acc[32] = {0};                                                                \
    const int np = n & ~31;                                                             \
    for (int i = 0; i < np; i += 32)                                                    \
        for (int q = 0; q < 32; q++) acc[q] = fmaf(SCALAR(x[i + q]), SCALAR(y[i + q]), acc[q]);

static inline __attribute__((always_inline)) float dot8_f32_vec_body(int n, const void *w, const void *a) {
    FK_RUNS32(float, FK_SAME8)
    return fk_f32_tail_by(x, y, np, n, fk_reduce4x8(acc), 4);
}

static inline __attribute__((always_inline)) float dot8_f16_vec_body(int n, const void *w, const void *a) {
    FK_RUNS32(uint16_t, fk_h2f)
    double sum = (double)fk_reduce4x8(acc);
    for (int i = np; i < n; i++) sum += (double)(fk_h2f(x[i]) * fk_h2f(y[i]));
    return (float)sum;
}

static inline __attribute__((always_inline)) float dot8_bf16_vec_body(int n, const void *w, const void *a) {
    FK_RUNS32(uint16_t, fk_bf16_to_fp32)
    // (c1 + c3) + (c2 + c4), then hsum.
    float v[8];
    for (int l = 0; l < 8; l++) v[l] = (acc[l] + acc[16 + l]) + (acc[8 + l] + acc[24 + l]);
    double sum = (double)fk_hsum8(v);
    for (int i = np; i < n; i++) sum += (double)(fk_bf16_to_fp32(x[i]) * fk_bf16_to_fp32(y[i]));
    return (float)sum;
}

// The portable set on the same machine: the C bodies above (the C library's fmaf; the same
// results as the AVX2 set).
#define FK_PORTABLE(NAME) \
    float fk_##NAME##_portable(int n, const void *w, const void *a) { return NAME##_body(n, w, a); }
FK_PORTABLE(dot8_f32)
FK_PORTABLE(dot8_f16)
FK_PORTABLE(dot8_bf16)
FK_PORTABLE(dot8_f32_vec)
FK_PORTABLE(dot8_f16_vec)
FK_PORTABLE(dot8_bf16_vec)

#if defined(__x86_64__)
#include <immintrin.h>

// The AVX2 set: the same lanes in registers. Eight elements converted to f32 exactly (F16C for
// f16, a 16-bit shift for bf16), one fused multiply-add per lane, then the same reductions as the
// C bodies (each accumulator stored and reduced by fk_hsum8 / fk_reduce4x8).
static inline FK_AVX2 __m256 load8_f32(const float *p) { return _mm256_loadu_ps(p); }
static inline FK_AVX2 __m256 load8_f16(const uint16_t *p) { return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p)); }
static inline FK_AVX2 __m256 load8_bf16(const uint16_t *p) {
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p)), 16));
}

#define FK_DOT8_AVX2(NAME, TYPE, LOAD, SCALAR)                                                   \
    FK_AVX2 float fk_##NAME(int n, const void *w, const void *a) {                               \
        const TYPE *x = w, *y = a;                                                               \
        __m256 acc = _mm256_setzero_ps();                                                        \
        int i = 0;                                                                               \
        for (; i + 8 <= n; i += 8) acc = _mm256_fmadd_ps(LOAD(x + i), LOAD(y + i), acc);         \
        float lane[8];                                                                           \
        _mm256_storeu_ps(lane, acc);                                                             \
        float sum = fk_hsum8(lane);                                                              \
        for (; i < n; i++) sum = fmaf(SCALAR(x[i]), SCALAR(y[i]), sum);                          \
        return sum;                                                                              \
    }
FK_DOT8_AVX2(dot8_f32, float, load8_f32, FK_SAME8)
FK_DOT8_AVX2(dot8_f16, uint16_t, load8_f16, fk_h2f)
FK_DOT8_AVX2(dot8_bf16, uint16_t, load8_bf16, fk_bf16_to_fp32)

/// Four eight-lane accumulators over runs of 32, stored as acc[8·j + l] like FK_RUNS32.
#define FK_RUNS32_AVX2(TYPE, LOAD)                                                               \
    const TYPE *x = w, *y = a;                                                                   \
    __m256 v0 = _mm256_setzero_ps(), v1 = v0, v2 = v0, v3 = v0;                                  \
    const int np = n & ~31;                                                                      \
    for (int i = 0; i < np; i += 32) {                                                           \
        v0 = _mm256_fmadd_ps(LOAD(x + i), LOAD(y + i), v0);                                      \
        v1 = _mm256_fmadd_ps(LOAD(x + i + 8), LOAD(y + i + 8), v1);                              \
        v2 = _mm256_fmadd_ps(LOAD(x + i + 16), LOAD(y + i + 16), v2);                            \
        v3 = _mm256_fmadd_ps(LOAD(x + i + 24), LOAD(y + i + 24), v3);                            \
    }                                                                                            \
    float acc[32];                                                                               \
    _mm256_storeu_ps(acc, v0);                                                                   \
    _mm256_storeu_ps(acc + 8, v1);                                                               \
    _mm256_storeu_ps(acc + 16, v2);                                                              \
    _mm256_storeu_ps(acc + 24, v3);

FK_AVX2 float fk_dot8_f32_vec(int n, const void *w, const void *a) {
    FK_RUNS32_AVX2(float, load8_f32)
    return fk_f32_tail_by(x, y, np, n, fk_reduce4x8(acc), 4);
}

FK_AVX2 float fk_dot8_f16_vec(int n, const void *w, const void *a) {
    FK_RUNS32_AVX2(uint16_t, load8_f16)
    double sum = (double)fk_reduce4x8(acc);
    for (int i = np; i < n; i++) sum += (double)(fk_h2f(x[i]) * fk_h2f(y[i]));
    return (float)sum;
}

FK_AVX2 float fk_dot8_bf16_vec(int n, const void *w, const void *a) {
    FK_RUNS32_AVX2(uint16_t, load8_bf16)
    float v[8];
    for (int l = 0; l < 8; l++) v[l] = (acc[l] + acc[16 + l]) + (acc[8 + l] + acc[24 + l]);
    double sum = (double)fk_hsum8(v);
    for (int i = np; i < n; i++) sum += (double)(fk_bf16_to_fp32(x[i]) * fk_bf16_to_fp32(y[i]));
    return (float)sum;
}
#else
#define FK_SAME_AS_PORTABLE(NAME) \
    float fk_##NAME(int n, const void *w, const void *a) { return NAME##_body(n, w, a); }
FK_SAME_AS_PORTABLE(dot8_f32)
FK_SAME_AS_PORTABLE(dot8_f16)
FK_SAME_AS_PORTABLE(dot8_bf16)
FK_SAME_AS_PORTABLE(dot8_f32_vec)
FK_SAME_AS_PORTABLE(dot8_f16_vec)
FK_SAME_AS_PORTABLE(dot8_bf16_vec)
#endif
