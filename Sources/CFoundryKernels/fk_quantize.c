// Activation quantization (what llama.cpp converts activations to for each weight type) and
// dequantization of weight rows.
#include "fk_internal.h"
#include <math.h>

// Round half to even, like llama.cpp's nearest_int and _mm256_round_ps(_MM_ROUND_NEAREST).
static inline int fk_round(float v) { return (int)lrintf(v); }

void fk_quant_q8_0_scalar(const float *x, void *out, int n) {
    fk_block_q8_0 *y = out;
    for (int b = 0; b < n / QK8_0; b++) {
        float amax = 0.0f;
        for (int j = 0; j < QK8_0; j++) amax = fmaxf(amax, fabsf(x[j]));
        y[b].d = fk_fp32_to_fp16(amax / 127.0f);
        const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
        for (int j = 0; j < QK8_0; j++) y[b].qs[j] = (int8_t)fk_round(x[j] * id);
        x += QK8_0;
    }
}

void fk_quant_f16_scalar(const float *x, void *out, int n) {
    uint16_t *y = out;
    for (int i = 0; i < n; i++) y[i] = fk_fp32_to_fp16(x[i]);
}

void fk_quant_bf16(const float *x, void *out, int n) {
    uint16_t *y = out;
    for (int i = 0; i < n; i++) y[i] = fk_fp32_to_bf16(x[i]);
}

void fk_quant_q8_K(const float *x, void *out, int n) {
    fk_block_q8_K *y = out;
    for (int b = 0; b < n / QK_K; b++) {
        float max = 0.0f, amax = 0.0f;
        for (int j = 0; j < QK_K; j++) {
            float ax = fabsf(x[j]);
            if (ax > amax) { amax = ax; max = x[j]; }
        }
        if (amax == 0.0f) {
            memset(&y[b], 0, sizeof(y[b]));
            x += QK_K;
            continue;
        }
        const float iscale = -127.0f / max;
        for (int j = 0; j < QK_K; j++) {
            int v = fk_round(iscale * x[j]);
            y[b].qs[j] = (int8_t)(v < 127 ? v : 127);
        }
        for (int j = 0; j < QK_K / 16; j++) {
            int sum = 0;
            for (int i = 0; i < 16; i++) sum += y[b].qs[j * 16 + i];
            y[b].bsums[j] = (int16_t)sum;
        }
        y[b].d = 1.0f / iscale;
        x += QK_K;
    }
}

void fk_quantize_activation(int weight_type, const float *x, void *out, int n) {
    switch (fk_activation_type(weight_type)) {
    case FK_Q8_0: fk_active.quant_q8_0(x, out, n); break;
    case FK_Q8_0_SUMS: fk_quant_q8_0_sums(x, out, n); break;
    case FK_Q8_K: fk_quant_q8_K(x, out, n); break;
    case FK_F16: fk_active.quant_f16(x, out, n); break;
    case FK_BF16: fk_quant_bf16(x, out, n); break;
    default: memcpy(out, x, (size_t)n * sizeof(float)); break;
    }
}

static void dequant_q4_K(const fk_block_q4_K *b, float *y) {
    const float d = fk_h2f(b->d), min = fk_h2f(b->dmin);
    const uint8_t *q = b->qs;
    int is = 0;
    for (int j = 0; j < QK_K; j += 64) {
        uint8_t sc, m;
        fk_scale_min_k4(is, b->scales, &sc, &m);
        const float d1 = d * sc, m1 = min * m;
        fk_scale_min_k4(is + 1, b->scales, &sc, &m);
        const float d2 = d * sc, m2 = min * m;
        for (int l = 0; l < 32; l++) *y++ = d1 * (q[l] & 0xF) - m1;
        for (int l = 0; l < 32; l++) *y++ = d2 * (q[l] >> 4) - m2;
        q += 32;
        is += 2;
    }
}

static void dequant_q5_K(const fk_block_q5_K *b, float *y) {
    const float d = fk_h2f(b->d), min = fk_h2f(b->dmin);
    const uint8_t *ql = b->qs, *qh = b->qh;
    int is = 0;
    uint8_t u1 = 1, u2 = 2;
    for (int j = 0; j < QK_K; j += 64) {
        uint8_t sc, m;
        fk_scale_min_k4(is, b->scales, &sc, &m);
        const float d1 = d * sc, m1 = min * m;
        fk_scale_min_k4(is + 1, b->scales, &sc, &m);
        const float d2 = d * sc, m2 = min * m;
        for (int l = 0; l < 32; l++) *y++ = d1 * ((ql[l] & 0xF) + (qh[l] & u1 ? 16 : 0)) - m1;
        for (int l = 0; l < 32; l++) *y++ = d2 * ((ql[l] >> 4) + (qh[l] & u2 ? 16 : 0)) - m2;
        ql += 32;
        is += 2;
        u1 <<= 2;
        u2 <<= 2;
    }
}

static void dequant_q6_K(const fk_block_q6_K *b, float *y) {
    const float d = fk_h2f(b->d);
    const uint8_t *ql = b->ql, *qh = b->qh;
    const int8_t *sc = b->scales;
    for (int n = 0; n < QK_K; n += 128) {
        for (int l = 0; l < 32; l++) {
            int is = l / 16;
            int q1 = (int)((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
            int q2 = (int)((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
            int q3 = (int)((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
            int q4 = (int)((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
            y[l] = d * sc[is] * q1;
            y[l + 32] = d * sc[is + 2] * q2;
            y[l + 64] = d * sc[is + 4] * q3;
            y[l + 96] = d * sc[is + 6] * q4;
        }
        y += 128;
        ql += 64;
        qh += 32;
        sc += 8;
    }
}

void fk_dequantize_row(int type, const void *row, float *out, int n) {
    switch (type) {
    case FK_F32: memcpy(out, row, (size_t)n * sizeof(float)); break;
    case FK_F16: { const uint16_t *h = row; for (int i = 0; i < n; i++) out[i] = fk_h2f(h[i]); } break;
    case FK_BF16: { const uint16_t *h = row; for (int i = 0; i < n; i++) out[i] = fk_bf16_to_fp32(h[i]); } break;
    case FK_Q4_0: {
        const fk_block_q4_0 *b = row;
        for (int i = 0; i < n / QK4_0; i++, out += QK4_0) {
            const float d = fk_h2f(b[i].d);
            for (int j = 0; j < QK4_0 / 2; j++) {
                out[j] = ((b[i].qs[j] & 0xF) - 8) * d;
                out[j + QK4_0 / 2] = ((b[i].qs[j] >> 4) - 8) * d;
            }
        }
    } break;
    case FK_Q8_0: {
        const fk_block_q8_0 *b = row;
        for (int i = 0; i < n / QK8_0; i++, out += QK8_0) {
            const float d = fk_h2f(b[i].d);
            for (int j = 0; j < QK8_0; j++) out[j] = b[i].qs[j] * d;
        }
    } break;
    case FK_Q4_K: { const fk_block_q4_K *b = row; for (int i = 0; i < n / QK_K; i++) dequant_q4_K(&b[i], out + i * QK_K); } break;
    case FK_Q5_K: { const fk_block_q5_K *b = row; for (int i = 0; i < n / QK_K; i++) dequant_q5_K(&b[i], out + i * QK_K); } break;
    case FK_Q6_K: { const fk_block_q6_K *b = row; for (int i = 0; i < n / QK_K; i++) dequant_q6_K(&b[i], out + i * QK_K); } break;
    default: memset(out, 0, (size_t)n * sizeof(float)); break;
    }
}

float fk_vec_dot(int weight_type, int n, const void *w, const void *a) {
    fk_dot_fn dot = fk_dot_for(weight_type);
    return dot ? dot(n, w, a) : 0.0f;
}

float fk_vec_dot_batch(int weight_type, int n_tokens, int n, const void *w, const void *a) {
    fk_dot_fn dot = fk_dot_for_batch(weight_type, n_tokens);
    return dot ? dot(n, w, a) : 0.0f;
}
