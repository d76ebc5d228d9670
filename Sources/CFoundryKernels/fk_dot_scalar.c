// Portable dot products: one weight row against one activation row. Integer sums are exact;
// only the order of float additions differs from llama.cpp's SIMD versions.
#include "fk_internal.h"
#include <math.h>

// Float rows: sixteen lanes, each a fused multiply-add chain over every 16th element, then a
// pairwise tree (lane i + lane i+8, then +4, +2, +1): the order of llama.cpp's tinyBLAS with
// AVX-512, which it uses for f32, f16 and bf16 weights and for attention.
float fk_reduce16(const float *lane) {
    float t[8], u[4];
    for (int i = 0; i < 8; i++) t[i] = lane[i + 8] + lane[i];
    for (int i = 0; i < 4; i++) u[i] = t[i + 4] + t[i];
    return (u[0] + u[2]) + (u[1] + u[3]);
}

#define FK_DOT16(NAME, TYPE, LOAD)                                                    \
    float NAME(int n, const void *w, const void *a) {                                 \
        const TYPE *x = w, *y = a;                                                    \
        float lane[16] = {0};                                                         \
        int i = 0;                                                                    \
        for (; i + 16 <= n; i += 16)                                                  \
            for (int k = 0; k < 16; k++) lane[k] = fmaf(LOAD(x[i + k]), LOAD(y[i + k]), lane[k]); \
        float sum = fk_reduce16(lane);                                                \
        for (; i < n; i++) sum = fmaf(LOAD(x[i]), LOAD(y[i]), sum);                    \
        return sum;                                                                   \
    }

/// ggml_vec_dot_f16 as llama.cpp's AVX-512 build computes it (a one-token batch, where
/// llamafile's tinyBLAS is not used): four accumulators of sixteen lanes over runs of 64
/// elements (element i of a run in accumulator i/16, lane i%16), reduced as (0+2)+(1+3) and
/// then the sixteen-lane tree; the elements after the last full run added one by one in double.
float fk_dot_f16_vec_scalar(int n, const void *w, const void *a) {
    const uint16_t *x = w, *y = a;
    float acc[64] = {0};
    const int np = n & ~63;
    for (int i = 0; i < np; i += 64)
        for (int k = 0; k < 64; k++) acc[k] = fmaf(fk_h2f(x[i + k]), fk_h2f(y[i + k]), acc[k]);
    double sum = (double)fk_reduce4x16(acc);
    for (int i = np; i < n; i++) sum += (double)(fk_h2f(x[i]) * fk_h2f(y[i]));
    return (float)sum;
}

/// ggml_vec_dot_f32 (AVX-512 build, one-token batches): the same four sixteen-lane
/// accumulators as ggml_vec_dot_f16; the elements after the last run of 64 added in f32 (see
/// fk_f32_tail).
float fk_dot_f32_vec_scalar(int n, const void *w, const void *a) {
    const float *x = w, *y = a;
    float acc[64] = {0};
    const int np = n & ~63;
    for (int i = 0; i < np; i += 64)
        for (int k = 0; k < 64; k++) acc[k] = fmaf(x[i + k], y[i + k], acc[k]);
    float sum = fk_reduce4x16(acc);
    return fk_f32_tail(x, y, np, n, sum);
}

/// ggml_vec_dot_bf16 (AVX-512F build without AVX512-BF16, one-token batches): two sixteen-lane
/// accumulators over runs of 32 (fused multiply-adds), each reduced by the sixteen-lane tree and
/// added in double, then the rest one rounded product at a time in double.
float fk_dot_bf16_vec_scalar(int n, const void *w, const void *a) {
    const uint16_t *x = w, *y = a;
    float c1[16] = {0}, c2[16] = {0};
    int i = 0;
    for (; i + 32 <= n; i += 32)
        for (int k = 0; k < 16; k++) {
            c1[k] = fmaf(fk_bf16_to_fp32(x[i + k]), fk_bf16_to_fp32(y[i + k]), c1[k]);
            c2[k] = fmaf(fk_bf16_to_fp32(x[i + 16 + k]), fk_bf16_to_fp32(y[i + 16 + k]), c2[k]);
        }
    double sum = (double)fk_reduce16(c1);
    sum += (double)fk_reduce16(c2);
    for (; i < n; i++) sum += (double)(fk_bf16_to_fp32(x[i]) * fk_bf16_to_fp32(y[i]));
    return (float)sum;
}

float fk_reduce4x16(const float *acc) {
    float lane[16];
    for (int l = 0; l < 16; l++) lane[l] = (acc[l] + acc[32 + l]) + (acc[16 + l] + acc[48 + l]);
    return fk_reduce16(lane);
}

#define FK_ID(v) (v)
FK_DOT16(fk_dot_f32_scalar, float, FK_ID)
FK_DOT16(fk_dot_f16_scalar, uint16_t, fk_h2f)
FK_DOT16(fk_dot_bf16_scalar, uint16_t, fk_bf16_to_fp32)

// K-quant dots follow llama.cpp's AVX2 kernels: integer sums in eight lanes of four elements,
// one fused multiply-add per lane and block, then the eight-lane tree.
static float fk_reduce8(const float *lane) {
    float u[4];
    for (int i = 0; i < 4; i++) u[i] = lane[i + 4] + lane[i];
    return (u[0] + u[2]) + (u[1] + u[3]);
}

/// Lane k of the eight: sum of products over elements 4k…4k+3 of each 32-element run.
static void fk_lane_sums(const uint8_t *q, const int8_t *q8, int scale, int32_t *lanes) {
    for (int k = 0; k < 8; k++) {
        int s = 0;
        for (int e = 4 * k; e < 4 * k + 4; e++) s += q[e] * q8[e];
        lanes[k] += scale * s;
    }
}

// Q4_0 and Q8_0 as llama.cpp's AVX2 kernels (and tinyBLAS) sum them: per block, eight lanes of
// four products, one fused multiply-add per lane with the product of the two scales.
static float fk_dot_32(int n, const void *w, const void *a, void (*values)(const void *, int, int8_t *), size_t block) {
    const fk_block_q8_0 *y = a;
    float acc[8] = {0};
    int8_t q[32];
    for (int b = 0; b < n / 32; b++) {
        const uint8_t *xb = (const uint8_t *)w + (size_t)b * block;
        values(w, b, q);
        const float d = fk_h2f(*(const uint16_t *)xb) * fk_h2f(y[b].d);
        for (int k = 0; k < 8; k++) {
            int s = 0;
            for (int e = 4 * k; e < 4 * k + 4; e++) s += q[e] * y[b].qs[e];
            acc[k] = fmaf(d, (float)s, acc[k]);
        }
    }
    return fk_reduce8(acc);
}

static void q4_0_values(const void *w, int b, int8_t *q) {
    const fk_block_q4_0 *x = (const fk_block_q4_0 *)w + b;
    for (int j = 0; j < 16; j++) {
        q[j] = (int8_t)((x->qs[j] & 0xF) - 8);
        q[j + 16] = (int8_t)((x->qs[j] >> 4) - 8);
    }
}

static void q8_0_values(const void *w, int b, int8_t *q) { memcpy(q, ((const fk_block_q8_0 *)w)[b].qs, 32); }

float fk_dot_q4_0_scalar(int n, const void *w, const void *a) { return fk_dot_32(n, w, a, q4_0_values, sizeof(fk_block_q4_0)); }
float fk_dot_q8_0_scalar(int n, const void *w, const void *a) { return fk_dot_32(n, w, a, q8_0_values, sizeof(fk_block_q8_0)); }

float fk_dot_q4_K_scalar(int n, const void *w, const void *a) {
    const fk_block_q4_K *x = w;
    const fk_block_q8_K *y = a;
    float acc[8] = {0}, acc_m[4] = {0};
    for (int b = 0; b < n / QK_K; b++) {
        uint8_t sc[8], m[8];
        for (int j = 0; j < 8; j++) fk_scale_min_k4(j, x[b].scales, &sc[j], &m[j]);
        const float d = y[b].d * fk_h2f(x[b].d), dmin = -y[b].d * fk_h2f(x[b].dmin);
        for (int l = 0; l < 4; l++) {
            int prod = m[2 * l] * (y[b].bsums[4 * l] + y[b].bsums[4 * l + 1]) +
                       m[2 * l + 1] * (y[b].bsums[4 * l + 2] + y[b].bsums[4 * l + 3]);
            acc_m[l] = fmaf(dmin, (float)prod, acc_m[l]);
        }
        int32_t lanes[8] = {0};
        uint8_t lo[32], hi[32];
        for (int j = 0; j < 4; j++) {
            const uint8_t *q4 = x[b].qs + 32 * j;
            for (int e = 0; e < 32; e++) { lo[e] = q4[e] & 0xF; hi[e] = q4[e] >> 4; }
            fk_lane_sums(lo, y[b].qs + 64 * j, sc[2 * j], lanes);
            fk_lane_sums(hi, y[b].qs + 64 * j + 32, sc[2 * j + 1], lanes);
        }
        for (int k = 0; k < 8; k++) acc[k] = fmaf(d, (float)lanes[k], acc[k]);
    }
    const float mins = (acc_m[0] + acc_m[2]) + (acc_m[1] + acc_m[3]);
    return fk_reduce8(acc) + mins;
}

float fk_dot_q5_K_scalar(int n, const void *w, const void *a) {
    const fk_block_q5_K *x = w;
    const fk_block_q8_K *y = a;
    float acc[8] = {0}, summs = 0.0f;
    for (int b = 0; b < n / QK_K; b++) {
        uint8_t sc[8], m[8];
        for (int j = 0; j < 8; j++) fk_scale_min_k4(j, x[b].scales, &sc[j], &m[j]);
        const float d = y[b].d * fk_h2f(x[b].d), dmin = -y[b].d * fk_h2f(x[b].dmin);
        int prod = 0;
        for (int j = 0; j < 8; j++) prod += m[j] * (y[b].bsums[2 * j] + y[b].bsums[2 * j + 1]);
        summs = fmaf(dmin, (float)prod, summs);
        int32_t lanes[8] = {0};
        uint8_t lo[32], hi[32];
        for (int j = 0; j < 4; j++) {
            const uint8_t *ql = x[b].qs + 32 * j;
            const uint8_t u1 = (uint8_t)(1 << (2 * j)), u2 = (uint8_t)(2 << (2 * j));
            for (int e = 0; e < 32; e++) {
                lo[e] = (uint8_t)((ql[e] & 0xF) + (x[b].qh[e] & u1 ? 16 : 0));
                hi[e] = (uint8_t)((ql[e] >> 4) + (x[b].qh[e] & u2 ? 16 : 0));
            }
            fk_lane_sums(lo, y[b].qs + 64 * j, sc[2 * j], lanes);
            fk_lane_sums(hi, y[b].qs + 64 * j + 32, sc[2 * j + 1], lanes);
        }
        for (int k = 0; k < 8; k++) acc[k] = fmaf(d, (float)lanes[k], acc[k]);
    }
    return fk_reduce8(acc) + summs;
}

float fk_dot_q6_K_scalar(int n, const void *w, const void *a) {
    const fk_block_q6_K *x = w;
    const fk_block_q8_K *y = a;
    float acc[8] = {0};
    for (int b = 0; b < n / QK_K; b++) {
        const float d = y[b].d * fk_h2f(x[b].d);
        int32_t lanes[8] = {0};
        for (int half = 0; half < 2; half++) {
            const uint8_t *ql = x[b].ql + 64 * half, *qh = x[b].qh + 32 * half;
            const int8_t *sc = x[b].scales + 8 * half, *q8 = y[b].qs + 128 * half;
            for (int part = 0; part < 4; part++) {
                const uint8_t *low = ql + (part & 1) * 32;
                const int shift = (part >> 1) * 4, hshift = 2 * part;
                for (int k = 0; k < 8; k++) {
                    int s = 0;
                    for (int e = 4 * k; e < 4 * k + 4; e++) {
                        const int q = ((low[e] >> shift) & 0xF) | (((qh[e] >> hshift) & 3) << 4);
                        s += q * q8[32 * part + e];
                    }
                    lanes[k] += sc[2 * part + (k >= 4)] * s;
                }
            }
        }
        // The -32 offset of every quant, through the block sums, lane by lane as llama.cpp.
        for (int k = 0; k < 8; k++)
            lanes[k] -= 32 * (y[b].bsums[2 * k] * x[b].scales[2 * k] + y[b].bsums[2 * k + 1] * x[b].scales[2 * k + 1]);
        for (int k = 0; k < 8; k++) acc[k] = fmaf(d, (float)lanes[k], acc[k]);
    }
    return fk_reduce8(acc);
}

void fk_axpy_f16_scalar(int n, float a, const uint16_t *x, float *y) {
    for (int i = 0; i < n; i++) y[i] = fmaf(fk_h2f(x[i]), a, y[i]);
}
