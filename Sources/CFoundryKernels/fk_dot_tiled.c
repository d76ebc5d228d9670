// K-quant dot products as llama.cpp's tiled matmul (ggml-cpu/tiled, taken for a batch of eight
// or more tokens) computes them: per 256-element block the exact integer sums Σ scale·q·q8
// (s1) and, for Q4_K/Q5_K, Σ min·bsum (s2); then in f32 res = d·s1, res = res − dmin·s2 (one
// fused multiply-add), acc = res·d8 + acc (fused), block after block. Any way of forming the
// integers gives the same result, so these kernels may be vectorised freely as long as the
// three floating-point steps stay as they are.
#include "fk_internal.h"
#include <math.h>

static inline float fk_tiled_step(float acc, float d, float dmin, int32_t s1, int32_t s2, float d8) {
    float res = d * (float)s1;
    res = fmaf(-dmin, (float)s2, res);
    return fmaf(res, d8, acc);
}

/// Σ over the eight 32-element sub-blocks of scale · Σ q·q8 and Σ min · (pair of 16-sums).
static void fk_k4_sums(const uint8_t *q, const uint8_t *scales, const fk_block_q8_K *y, int32_t *s1, int32_t *s2) {
    int32_t a = 0, m = 0;
    for (int j = 0; j < 8; j++) {
        uint8_t sc, mn;
        fk_scale_min_k4(j, scales, &sc, &mn);
        int32_t dot = 0;
        for (int e = 0; e < 32; e++) dot += q[32 * j + e] * y->qs[32 * j + e];
        a += sc * dot;
        m += mn * (y->bsums[2 * j] + y->bsums[2 * j + 1]);
    }
    *s1 = a;
    *s2 = m;
}

float fk_dot_q4_K_tiled(int n, const void *w, const void *a) {
    const fk_block_q4_K *x = w;
    const fk_block_q8_K *y = a;
    float acc = 0.0f;
    uint8_t q[QK_K];
    for (int b = 0; b < n / QK_K; b++) {
        for (int j = 0; j < 4; j++)
            for (int e = 0; e < 32; e++) {
                q[64 * j + e] = x[b].qs[32 * j + e] & 0xF;
                q[64 * j + 32 + e] = x[b].qs[32 * j + e] >> 4;
            }
        int32_t s1, s2;
        fk_k4_sums(q, x[b].scales, &y[b], &s1, &s2);
        acc = fk_tiled_step(acc, fk_h2f(x[b].d), fk_h2f(x[b].dmin), s1, s2, y[b].d);
    }
    return acc;
}

float fk_dot_q5_K_tiled(int n, const void *w, const void *a) {
    const fk_block_q5_K *x = w;
    const fk_block_q8_K *y = a;
    float acc = 0.0f;
    uint8_t q[QK_K];
    for (int b = 0; b < n / QK_K; b++) {
        for (int j = 0; j < 4; j++)
            for (int e = 0; e < 32; e++) {
                const uint8_t h = x[b].qh[e];
                q[64 * j + e] = (uint8_t)((x[b].qs[32 * j + e] & 0xF) | (((h >> (2 * j)) & 1) << 4));
                q[64 * j + 32 + e] = (uint8_t)((x[b].qs[32 * j + e] >> 4) | (((h >> (2 * j + 1)) & 1) << 4));
            }
        int32_t s1, s2;
        fk_k4_sums(q, x[b].scales, &y[b], &s1, &s2);
        acc = fk_tiled_step(acc, fk_h2f(x[b].d), fk_h2f(x[b].dmin), s1, s2, y[b].d);
    }
    return acc;
}

float fk_dot_q6_K_tiled(int n, const void *w, const void *a) {
    const fk_block_q6_K *x = w;
    const fk_block_q8_K *y = a;
    float acc = 0.0f;
    for (int b = 0; b < n / QK_K; b++) {
        int32_t s1 = 0;
        for (int half = 0; half < 2; half++) {
            const uint8_t *ql = x[b].ql + 64 * half, *qh = x[b].qh + 32 * half;
            const int8_t *q8 = y[b].qs + 128 * half, *sc = x[b].scales + 8 * half;
            for (int l = 0; l < 32; l++) {
                const int is = l / 16;
                const int q0 = ((ql[l] & 0xF) | ((qh[l] & 3) << 4)) - 32;
                const int q1 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q2 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q3 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                s1 += sc[is] * q0 * q8[l] + sc[is + 2] * q1 * q8[l + 32] + sc[is + 4] * q2 * q8[l + 64] +
                      sc[is + 6] * q3 * q8[l + 96];
            }
        }
        acc = fk_tiled_step(acc, fk_h2f(x[b].d), 0.0f, s1, 0, y[b].d);
    }
    return acc;
}
