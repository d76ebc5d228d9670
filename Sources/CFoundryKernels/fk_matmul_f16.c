// Tiled products of F16 weights with F16 activations for batches of two or more tokens, in
// tinyBLAS's AVX-512 order (what fk_dot_f16 computes per pair): sixteen f32 lanes per (row,
// token), one fused multiply-add per lane and sixteen elements, then lane i + lane i+8 and the
// eight-lane tree. A tile of four rows by four tokens keeps its sixteen accumulators in 512-bit
// registers and converts each row's and each token's sixteen values once per step.
#include "fk_internal.h"
#if defined(__x86_64__)
#include "fk_x86.h"

#define FK_AVX512 __attribute__((target("avx2,fma,f16c,avx512f")))

static inline FK_AVX512 float fk_reduce16_zmm(__m512 v) {
    const __m256 lo = _mm512_castps512_ps256(v);
    const __m256 hi = _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
    return fk_hsum_ps(_mm256_add_ps(hi, lo));
}

static inline FK_AVX512 __m512 fk_load16_f16(const uint16_t *p) { return _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)p)); }

static inline FK_AVX512 __attribute__((always_inline)) void fk_f16_tile(const fk_matmul_job *job, int r, int t, const int RM, const int RN) {
    __m512 acc[4][4];
    for (int i = 0; i < RM; i++)
        for (int j = 0; j < RN; j++) acc[i][j] = _mm512_setzero_ps();
    const uint16_t *w[4], *a[4];
    for (int i = 0; i < RM; i++) w[i] = (const uint16_t *)(job->weights + (size_t)(r + i) * job->row_bytes);
    for (int j = 0; j < RN; j++) a[j] = (const uint16_t *)(job->acts + (size_t)(t + j) * job->act_stride);
    for (int k = 0; k < job->cols; k += 16) {
        __m512 x[4], y[4];
        for (int i = 0; i < RM; i++) x[i] = fk_load16_f16(w[i] + k);
        for (int j = 0; j < RN; j++) y[j] = fk_load16_f16(a[j] + k);
        for (int i = 0; i < RM; i++)
            for (int j = 0; j < RN; j++) acc[i][j] = _mm512_fmadd_ps(x[i], y[j], acc[i][j]);
    }
    for (int i = 0; i < RM; i++)
        for (int j = 0; j < RN; j++) job->out[(size_t)(t + j) * job->out_stride + r + i] = fk_reduce16_zmm(acc[i][j]);
}

/// Only for cols a multiple of 16 (fk_matmul checks); a single token takes ggml's vec_dot order.
FK_AVX512 void fk_tiles_f16_avx512(const fk_matmul_job *job, int r0, int r1, int t0, int t1) {
    for (int r = r0; r < r1; r += 4) {
        const int rm = r1 - r < 4 ? r1 - r : 4;
        for (int t = t0; t < t1; t += 4) {
            const int rn = t1 - t < 4 ? t1 - t : 4;
            if (rm == 4 && rn == 4) fk_f16_tile(job, r, t, 4, 4);
            else fk_f16_tile(job, r, t, rm, rn);
        }
    }
}
#endif
