// Shared by the kernel files: block layouts, conversions, the dispatch table.
#ifndef FK_INTERNAL_H
#define FK_INTERNAL_H
#include "foundry_kernels.h"
#include <string.h>

#define QK4_0 32
#define QK8_0 32
#define QK_K 256
#define K_SCALE_SIZE 12

typedef struct { uint16_t d; uint8_t qs[QK4_0 / 2]; } fk_block_q4_0;
typedef struct { uint16_t d; int8_t qs[QK8_0]; } fk_block_q8_0;
typedef struct { uint16_t d; uint16_t dmin; uint8_t scales[K_SCALE_SIZE]; uint8_t qs[QK_K / 2]; } fk_block_q4_K;
typedef struct { uint16_t d; uint16_t dmin; uint8_t scales[K_SCALE_SIZE]; uint8_t qh[QK_K / 8]; uint8_t qs[QK_K / 2]; } fk_block_q5_K;
typedef struct { uint8_t ql[QK_K / 2]; uint8_t qh[QK_K / 4]; int8_t scales[QK_K / 16]; uint16_t d; } fk_block_q6_K;
typedef struct { float d; int8_t qs[QK_K]; int16_t bsums[QK_K / 16]; } fk_block_q8_K;

_Static_assert(sizeof(fk_block_q4_0) == 18, "q4_0 block");
_Static_assert(sizeof(fk_block_q8_0) == 34, "q8_0 block");
_Static_assert(sizeof(fk_block_q4_K) == 144, "q4_K block");
_Static_assert(sizeof(fk_block_q5_K) == 176, "q5_K block");
_Static_assert(sizeof(fk_block_q6_K) == 210, "q6_K block");
_Static_assert(sizeof(fk_block_q8_K) == 292, "q8_K block");

extern float fk_fp16_table[65536];

uint16_t fk_fp32_to_fp16(float f);
uint16_t fk_fp32_to_bf16(float f);
float fk_bf16_to_fp32(uint16_t h);
/// Elements per block and bytes per block of a type; 0 when unsupported.
int fk_block_elements(int type);
int fk_block_bytes(int type);

static inline float fk_h2f(uint16_t h) { return fk_fp16_table[h]; }
static inline uint32_t fk_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline float fk_from_bits(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

/// The 6-bit scale and min of sub-block j of a Q4_K/Q5_K block.
static inline void fk_scale_min_k4(int j, const uint8_t *q, uint8_t *sc, uint8_t *m) {
    if (j < 4) {
        *sc = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *sc = (uint8_t)((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
        *m = (uint8_t)((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

typedef float (*fk_dot_fn)(int n, const void *w, const void *a);
typedef void (*fk_quant_fn)(const float *x, void *out, int n);
/// y[i] = fma(f16 x[i], a, y[i]) for i < n: one FMA per element, so every kernel set agrees.
typedef void (*fk_axpy_f16_fn)(int n, float a, const uint16_t *x, float *y);

typedef struct fk_matmul_job fk_matmul_job;
/// Computes rows r0..<r1 for tokens t0..<t1 of a job, with the same results as `dot` per pair.
typedef void (*fk_tiles_fn)(const fk_matmul_job *job, int r0, int r1, int t0, int t1);

/// One weight matrix times a batch of quantized activation rows (fk_matmul's arguments).
struct fk_matmul_job {
    fk_dot_fn dot;
    fk_tiles_fn tiles;  // NULL: one dot per (row, token)
    const uint8_t *weights;
    size_t row_bytes;
    int rows, cols;
    const uint8_t *acts;
    size_t act_stride;
    int n_tokens;
    float *out;
    int out_stride;
};

typedef struct {
    fk_dot_fn dot_f32, dot_f16, dot_bf16, dot_q4_0, dot_q8_0, dot_q4_K, dot_q5_K, dot_q6_K;
    fk_dot_fn dot_f32_vec, dot_f16_vec, dot_bf16_vec;  // ggml_vec_dot_* orders (one-token batches)
    fk_dot_fn dot_q4_K_tiled, dot_q5_K_tiled, dot_q6_K_tiled;  // tiled-matmul order (8+ tokens)
    fk_quant_fn quant_q8_0, quant_f16;
    fk_tiles_fn tiles_q4_0, tiles_q8_0;
    fk_axpy_f16_fn axpy_f16;
    fk_tiles_fn tiles_q4_K, tiles_q6_K;  // batches of 8+ tokens (the tiled-matmul order)
    fk_tiles_fn tiles_f16;               // batches of 2+ tokens, cols a multiple of 16
    fk_tiles_fn tiles_q4_0_r16, tiles_q4_K_r16;  // repacked weights, any batch
} fk_dispatch;

extern fk_dispatch fk_active;

/// The selected dot product for a weight type, or NULL for a type the engine does not compute.
fk_dot_fn fk_dot_for(int type);

// Hot element-wise loops are compiled twice, with and without FMA/F16C (chosen at load by the
// dynamic linker), so fmaf is one instruction where the CPU has it. Files that use this turn
// off contraction so that no other a*b+c is fused.
#if defined(__x86_64__)
#define FK_CLONES __attribute__((target_clones("fma", "default")))
#else
#define FK_CLONES
#endif

/// exp as llama.cpp's AVX-512 softmax and SiLU compute it (an approximation adapted from Arm's
/// optimized routines, within 1.5 ulp): range reduction by n = round(x·log2 e), a degree-5
/// polynomial in the remainder, then scaling by 2^n (a multiplication by 2^n is the same
/// correctly rounded scaling as ldexpf while 2^n is a normal number).
static inline float fk_expf(float x) {
    const float r = 0x1.8p23f;
    const float z = __builtin_fmaf(x, 0x1.715476p+0f, r);
    const float n = z - r;
    const float b = __builtin_fmaf(-n, 0x1.7f7d1cp-20f, __builtin_fmaf(-n, 0x1.62e4p-1f, x));
    const float u = b * b;
    const float j = __builtin_fmaf(__builtin_fmaf(__builtin_fmaf(0x1.0e4020p-7f, b, 0x1.573e2ep-5f), u,
                                                  __builtin_fmaf(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)),
                                   u, __builtin_fmaf(0x1.ffffecp-1f, b, 1.0f));
    const float an = __builtin_fabsf(n);
    if (an > 192) return n > 0 ? __builtin_inff() : 0.0f;
    if (an <= 126) return j * fk_from_bits((uint32_t)((int)n + 127) << 23);
    return __builtin_ldexpf(j, (int)n);
}

/// 1 when the float operations follow llama.cpp's AVX2 build (the CPU has no AVX-512, or
/// FOUNDRY_KERNELS=avx2 asks for that machine's behaviour): eight-lane tinyBLAS and vec_dot,
/// the AVX2 exp. 0 for the AVX-512 build's orders (fk_ggml_avx2_orders.c says what differs).
extern int fk_avx2_orders;
float fk_dot8_f32(int n, const void *w, const void *a);
float fk_dot8_f16(int n, const void *w, const void *a);
float fk_dot8_bf16(int n, const void *w, const void *a);
float fk_dot8_f32_vec(int n, const void *w, const void *a);
float fk_dot8_f16_vec(int n, const void *w, const void *a);
float fk_dot8_bf16_vec(int n, const void *w, const void *a);
float fk_dot8_f32_portable(int n, const void *w, const void *a);
float fk_dot8_f16_portable(int n, const void *w, const void *a);
float fk_dot8_bf16_portable(int n, const void *w, const void *a);
float fk_dot8_f32_vec_portable(int n, const void *w, const void *a);
float fk_dot8_f16_vec_portable(int n, const void *w, const void *a);
float fk_dot8_bf16_vec_portable(int n, const void *w, const void *a);

/// ggml's eight-lane hsum (tinyBLAS hsum, the softmax and bf16 reductions).
static inline float fk_hsum8(const float *v) {
    const float t0 = v[0] + v[4], t1 = v[1] + v[5], t2 = v[2] + v[6], t3 = v[3] + v[7];
    return (t0 + t2) + (t1 + t3);
}

/// GGML_F32x8_REDUCE of four eight-lane accumulators (acc[8·j + l]): (0+2) + (1+3) lane by
/// lane, lane i + lane i+4, then two horizontal adds: (t0 + t1) + (t2 + t3).
static inline float fk_reduce4x8(const float *acc) {
    float v[8];
    for (int l = 0; l < 8; l++) v[l] = (acc[l] + acc[16 + l]) + (acc[8 + l] + acc[24 + l]);
    const float t0 = v[0] + v[4], t1 = v[1] + v[5], t2 = v[2] + v[6], t3 = v[3] + v[7];
    return (t0 + t1) + (t2 + t3);
}

/// exp as llama.cpp's AVX2 build computes it (ggml_v_expf for __m256).
static inline float fk_expf_avx2(float x) {
    const float r = 0x1.8p23f;
    const float z = __builtin_fmaf(x, 0x1.715476p+0f, r);
    const float n = z - r;
    const float b = __builtin_fmaf(-n, 0x1.7f7d1cp-20f, __builtin_fmaf(-n, 0x1.62e4p-1f, x));
    const uint32_t e = fk_bits(z) << 23;
    const float k = fk_from_bits(e + fk_bits(1.0f));
    const float u = b * b;
    const float j = __builtin_fmaf(__builtin_fmaf(__builtin_fmaf(0x1.0e4020p-7f, b, 0x1.573e2ep-5f), u,
                                                  __builtin_fmaf(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)),
                                   u, 0x1.ffffecp-1f * b);
    const float an = __builtin_fabsf(n);
    if (!(an > 126)) return __builtin_fmaf(j, k, k);
    const uint32_t g = n <= 0 ? 0x82000000u : 0;
    const float s1 = fk_from_bits(g + 0x7f000000u), s2 = fk_from_bits(e - g);
    if (an > 192) return s1 * s1;
    return __builtin_fmaf(s2, j, s2) * s1;
}

/// Sum of sixteen lanes in the pairwise order of AVX-512 reductions.
float fk_reduce16(const float *lane);
/// The tail of ggml_vec_dot_f32 after its last full run, as GCC vectorised it: products rounded
/// and added in order, except the last (tail % width), which are fused. The AVX-512 build (runs
/// of 64) fuses the last tail % 8, the AVX2 build (runs of 32) the last tail % 4 (measured
/// against each build, scripts/check_kernels.py).
static inline float fk_f32_tail_by(const float *x, const float *y, int np, int n, float sum, int width) {
    const int fused_from = n - (n - np) % width;
    for (int i = np; i < fused_from; i++) {
        const float p = x[i] * y[i];
        sum += p;
    }
    for (int i = fused_from; i < n; i++) sum = __builtin_fmaf(x[i], y[i], sum);
    return sum;
}
static inline float fk_f32_tail(const float *x, const float *y, int np, int n, float sum) {
    return fk_f32_tail_by(x, y, np, n, sum, 8);
}
/// Four sixteen-lane accumulators (acc[16·j + l]) reduced as ggml's GGML_F32x16_REDUCE:
/// (0+2)+(1+3) lane by lane, then the sixteen-lane tree.
float fk_reduce4x16(const float *acc);

// Scalar kernels (fk_dot_scalar.c, fk_quantize.c).
float fk_dot_f32_scalar(int n, const void *w, const void *a);
float fk_dot_f16_scalar(int n, const void *w, const void *a);
float fk_dot_f16_vec_scalar(int n, const void *w, const void *a);
float fk_dot_f32_vec_scalar(int n, const void *w, const void *a);
float fk_dot_bf16_vec_scalar(int n, const void *w, const void *a);
float fk_dot_bf16_scalar(int n, const void *w, const void *a);
float fk_dot_q4_0_scalar(int n, const void *w, const void *a);
float fk_dot_q8_0_scalar(int n, const void *w, const void *a);
float fk_dot_q4_K_scalar(int n, const void *w, const void *a);
float fk_dot_q5_K_scalar(int n, const void *w, const void *a);
float fk_dot_q6_K_scalar(int n, const void *w, const void *a);
// K-quant dots in the order of llama.cpp's tiled matmul (batches of 8+ tokens; fk_dot_tiled.c).
float fk_dot_q4_K_tiled(int n, const void *w, const void *a);
float fk_dot_q5_K_tiled(int n, const void *w, const void *a);
float fk_dot_q6_K_tiled(int n, const void *w, const void *a);
/// The dot product llama.cpp uses for a weight type in a batch of n_tokens tokens (its kernel
/// choice depends on the batch: tinyBLAS, the tiled K-quant matmul or ggml's vec_dot).
fk_dot_fn fk_dot_for_batch(int type, int n_tokens);
void fk_quant_q8_0_scalar(const float *x, void *out, int n);
void fk_quant_f16_scalar(const float *x, void *out, int n);
void fk_quant_bf16(const float *x, void *out, int n);
void fk_quant_q8_K(const float *x, void *out, int n);
void fk_axpy_f16_scalar(int n, float a, const uint16_t *x, float *y);
// Q4_0 repacked sixteen rows at a time (fk_matmul_q4_0_r16.c).
size_t fk_r16_group_bytes(int cols);
void fk_repack_q4_0_r16(const void *src, size_t row_bytes, int rows, int cols, void *dst);
void fk_quant_q8_0_sums(const float *x, void *out, int n);
void fk_tiles_q4_0_r16_scalar(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
// Q4_K repacked sixteen rows at a time (fk_matmul_q4_K_r16.c).
size_t fk_k16_group_bytes(int cols);
void fk_repack_q4_K_r16(const void *src, size_t row_bytes, int rows, int cols, void *dst);
void fk_tiles_q4_K_r16_scalar(const fk_matmul_job *job, int r0, int r1, int t0, int t1);

#if defined(__x86_64__)
// AVX2 + FMA + F16C kernels (fk_dot_avx2.c).
float fk_dot_f32_avx2(int n, const void *w, const void *a);
float fk_dot_f16_avx2(int n, const void *w, const void *a);
float fk_dot_f16_vec_avx2(int n, const void *w, const void *a);
float fk_dot_f32_vec_avx2(int n, const void *w, const void *a);
float fk_dot_bf16_vec_avx2(int n, const void *w, const void *a);
float fk_dot_bf16_avx2(int n, const void *w, const void *a);
float fk_dot_q5_K_avx2(int n, const void *w, const void *a);
float fk_dot_q4_0_avx2(int n, const void *w, const void *a);
float fk_dot_q8_0_avx2(int n, const void *w, const void *a);
float fk_dot_q4_K_avx2(int n, const void *w, const void *a);
float fk_dot_q6_K_avx2(int n, const void *w, const void *a);
float fk_dot_q4_K_tiled_avx2(int n, const void *w, const void *a);
float fk_dot_q5_K_tiled_avx2(int n, const void *w, const void *a);
float fk_dot_q6_K_tiled_avx2(int n, const void *w, const void *a);
void fk_quant_q8_0_avx2(const float *x, void *out, int n);
void fk_quant_f16_avx2(const float *x, void *out, int n);
void fk_axpy_f16_avx2(int n, float a, const uint16_t *x, float *y);
// Tiled products (fk_matmul_q0.c: Q4_0/Q8_0, AVX2 and AVX-512 VNNI; fk_matmul_k.c: Q4_K/Q6_K, VNNI).
void fk_tiles_q4_0_avx2(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
void fk_tiles_q8_0_avx2(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
void fk_tiles_q4_0_vnni(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
void fk_tiles_q8_0_vnni(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
void fk_tiles_q4_K_vnni(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
void fk_tiles_q6_K_vnni(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
void fk_tiles_f16_avx512(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
void fk_tiles_q4_0_r16_avx2(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
void fk_tiles_q4_0_r16_vnni(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
void fk_tiles_q4_K_r16_avx2(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
void fk_tiles_q4_K_r16_vnni(const fk_matmul_job *job, int r0, int r1, int t0, int t1);
#endif

#endif
