// Causal attention over the f16 KV cache, one (token, head) pair per work item. Numerics follow
// llama.cpp's non-flash CPU path: Q rounded to f16 and dotted with each key; softmax in f32
// with the sum taken sixteen at a time into a double; the weights rounded to f16 and the
// weighted sum of V taken over cache positions, as ggml multiplies by the transposed V.
// Both products are ggml mul_mats whose kernel depends on the batch: with two or more query
// tokens llamafile's tinyBLAS (one accumulator of sixteen lanes, lane = position % 16); with
// one token (decoding) tinyBLAS declines and ggml_vec_dot_f16 runs (four accumulators of
// sixteen lanes over runs of 64, lane = position % 64, reduced (0+2)+(1+3)). llama.cpp pads
// the KV length it multiplies over to a multiple of 256, so every position is in a full run
// of 64 and the masked ones add exact zeros.
#include "fk_internal.h"
#pragma clang fp contract(off)
#include <math.h>

FK_CLONES static void fk_attention_run(void *p, int ith, int nth) {
    const fk_attention_args *a = p;
    const int items = a->n_tokens * a->n_head;
    const int i0 = items * ith / nth, i1 = items * (ith + 1) / nth;
    float *scores = a->scratch + (size_t)ith * a->scratch_per_thread;
    const int group = a->n_head / a->n_head_kv;
    const int k_row = a->n_head_kv * a->head_dim_k, v_row = a->n_head_kv * a->head_dim_v;
    const int single = a->n_tokens == 1;
    const fk_dot_fn dot = single ? fk_active.dot_f16_vec : fk_active.dot_f16;
    // The AVX2 build's vectors are half as wide: 32 lanes (4 × 8) and 8 lanes.
    const int avx2 = fk_avx2_orders;
    const int n_lanes = (single ? 64 : 16) >> avx2;
    const int chunk = avx2 ? 8 : 16;
    for (int item = i0; item < i1; item++) {
        const int t = item / a->n_head, h = item % a->n_head, kvh = h / group;
        const int pos = a->pos[t];
        const int start = a->window > 0 && pos - a->window + 1 > 0 ? pos - a->window + 1 : 0;
        const int end = pos + 1;                            // keys start..<end are visible
        // Scratch: scores for positions 0..<end (masked ones stay 0 after exp), the query in
        // f16, then sixteen (batches) or 64 (one token) accumulator lanes per value dimension.
        uint16_t *qh = (uint16_t *)(scores + end);
        float *lanes = scores + end + (a->head_dim_k + 1) / 2;
        const float *q = a->q + (size_t)t * a->q_stride + (size_t)h * a->head_dim_k;
        for (int d = 0; d < a->head_dim_k; d++) qh[d] = fk_fp32_to_fp16(q[d]);
        float max = -INFINITY;
        for (int i = start; i < end; i++) {
            const uint16_t *k = a->k + (size_t)i * k_row + (size_t)kvh * a->head_dim_k;
            const float s = dot(a->head_dim_k, k, qh) * a->scale;
            scores[i] = s;
            if (s > max) max = s;
        }
        for (int i = 0; i < start; i++) scores[i] = 0.0f;
        double sum = 0.0;
        for (int c = 0; c < end; c += chunk) {
            float part[16] = {0};
            for (int i = c; i < c + chunk && i < end; i++) {
                if (i < start) continue;
                const float e = avx2 ? fk_expf_avx2(scores[i] - max) : fk_expf(scores[i] - max);
                scores[i] = e;
                part[i - c] = e;
            }
            sum += (double)(avx2 ? fk_hsum8(part) : fk_reduce16(part));
        }
        const float inv = (float)(1.0 / sum);
        const int dv = a->head_dim_v;
        for (int j = 0; j < n_lanes * dv; j++) lanes[j] = 0.0f;
        for (int i = start; i < end; i++) {
            const float wgt = fk_h2f(fk_fp32_to_fp16(scores[i] * inv));
            const uint16_t *v = a->v + (size_t)i * v_row + (size_t)kvh * dv;
            float *lane = lanes + (size_t)(i & (n_lanes - 1)) * dv;
            fk_active.axpy_f16(dv, wgt, v, lane);
        }
        float *out = a->out + (size_t)t * a->out_stride + (size_t)h * dv;
        for (int d = 0; d < dv; d++) {
            float col[64];
            for (int l = 0; l < n_lanes; l++) col[l] = lanes[(size_t)l * dv + d];
            out[d] = avx2 ? (single ? fk_reduce4x8(col) : fk_hsum8(col)) : (single ? fk_reduce4x16(col) : fk_reduce16(col));
        }
    }
}

void fk_attention(fk_pool *pool, const fk_attention_args *args) {
    fk_pool_run(pool, fk_attention_run, (void *)args);
}
