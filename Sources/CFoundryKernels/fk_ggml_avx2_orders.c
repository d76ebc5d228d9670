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
#define FK_O8 FK_AVX2  // chosen only on AVX2 CPUs: fmaf compiles to one instruction
#else
#define FK_O8
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

// Each kernel twice: for the AVX2 set (fused multiply-adds as instructions) and for the portable
// set on the same machine (the C library's fmaf, the same results).
#define FK_BOTH(NAME)                                                                              \
    FK_O8 float fk_##NAME(int n, const void *w, const void *a) { return NAME##_body(n, w, a); }  \
    float fk_##NAME##_portable(int n, const void *w, const void *a) { return NAME##_body(n, w, a); }
FK_BOTH(dot8_f32)
FK_BOTH(dot8_f16)
FK_BOTH(dot8_bf16)
FK_BOTH(dot8_f32_vec)
FK_BOTH(dot8_f16_vec)
FK_BOTH(dot8_bf16_vec)
