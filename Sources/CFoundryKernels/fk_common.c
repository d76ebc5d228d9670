// Conversions, type tables and the choice between scalar and AVX2 kernels.
#include "fk_internal.h"
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

float fk_fp16_table[65536];
fk_dispatch fk_active;
static int fk_has_avx2 = 0, fk_has_avx512 = 0, fk_has_vnni = 0, fk_allow_vnni = 1;
/* The set FOUNDRY_KERNELS chose at start (NULL: the best); "default" returns to it. */
static const char *fk_chosen = 0;
int fk_avx2_orders = 0;
static const char *fk_set_name = "scalar";

static float half_to_float_exact(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    int exp = (h >> 10) & 0x1F;
    uint32_t mant = h & 0x3FF;
    float magnitude;
    if (exp == 0) magnitude = ldexpf((float)mant, -24);
    else if (exp == 31) return fk_from_bits(sign | 0x7F800000 | (mant << 13));
    else magnitude = ldexpf((float)(mant | 0x400), exp - 25);
    return fk_from_bits(sign | fk_bits(magnitude));
}

// Round to nearest, ties to even — what F16C's vcvtps2ph and llama.cpp's converter do.
uint16_t fk_fp32_to_fp16(float f) {
    uint32_t x = fk_bits(f);
    uint16_t sign = (uint16_t)((x >> 16) & 0x8000);
    uint32_t ax = x & 0x7FFFFFFF;
    if (ax >= 0x7F800000) return sign | (ax > 0x7F800000 ? 0x7E00 : 0x7C00);
    if (ax >= 0x477FF000) return sign | 0x7C00;             // ≥ 65520 rounds to infinity
    if (ax < 0x38800000) {                                   // below 2^-14: subnormal half
        float scaled = fk_from_bits(ax) * 16777216.0f;      // exact: a power-of-two scaling
        return sign | (uint16_t)lrintf(scaled);              // 0x400 here is the smallest normal
    }
    uint32_t h = (((ax >> 23) - 112) << 10) | ((ax >> 13) & 0x3FF);
    uint32_t rest = ax & 0x1FFF;
    if (rest > 0x1000 || (rest == 0x1000 && (h & 1))) h += 1;
    return sign | (uint16_t)h;
}

uint16_t fk_fp32_to_bf16(float f) {
    uint32_t u = fk_bits(f);
    if ((u & 0x7FFFFFFF) > 0x7F800000) return (uint16_t)((u >> 16) | 64);  // quiet NaN
    return (uint16_t)((u + (0x7FFF + ((u >> 16) & 1))) >> 16);
}

float fk_bf16_to_fp32(uint16_t h) { return fk_from_bits((uint32_t)h << 16); }

int fk_block_elements(int type) {
    switch (type) {
    case FK_F32: case FK_F16: case FK_BF16: return 1;
    case FK_Q4_0: case FK_Q8_0: case FK_Q8_0_SUMS: return 32;
    case FK_Q4_K: case FK_Q5_K: case FK_Q6_K: case FK_Q8_K: return QK_K;
    default: return 0;
    }
}

int fk_block_bytes(int type) {
    switch (type) {
    case FK_F32: return 4;
    case FK_F16: case FK_BF16: return 2;
    case FK_Q4_0: return (int)sizeof(fk_block_q4_0);
    case FK_Q8_0: return (int)sizeof(fk_block_q8_0);
    case FK_Q8_0_SUMS: return (int)sizeof(fk_block_q8_0) + 4;
    case FK_Q4_K: return (int)sizeof(fk_block_q4_K);
    case FK_Q5_K: return (int)sizeof(fk_block_q5_K);
    case FK_Q6_K: return (int)sizeof(fk_block_q6_K);
    case FK_Q8_K: return (int)sizeof(fk_block_q8_K);
    default: return 0;
    }
}

int fk_activation_type(int weight_type) {
    switch (weight_type) {
    case FK_Q4_0: case FK_Q8_0: return FK_Q8_0;
    case FK_Q4_0_R16: return FK_Q8_0_SUMS;
    case FK_Q4_K_R16: return FK_Q8_K;
    case FK_Q4_K: case FK_Q5_K: case FK_Q6_K: return FK_Q8_K;
    case FK_F16: return FK_F16;
    case FK_BF16: return FK_BF16;
    default: return FK_F32;
    }
}

size_t fk_activation_row_bytes(int weight_type, int n) {
    int t = fk_activation_type(weight_type);
    return (size_t)(n / fk_block_elements(t)) * (size_t)fk_block_bytes(t);
}

/// The float dots in the orders of llama.cpp's AVX2 build, for the AVX2 and the portable set.
typedef struct { fk_dot_fn f32, f16, bf16, f32_vec, f16_vec, bf16_vec; } fk_float_dots;
static const fk_float_dots fk_dots8_avx2 = {fk_dot8_f32, fk_dot8_f16, fk_dot8_bf16, fk_dot8_f32_vec, fk_dot8_f16_vec, fk_dot8_bf16_vec};
static const fk_float_dots fk_dots8_portable = {fk_dot8_f32_portable, fk_dot8_f16_portable, fk_dot8_bf16_portable,
                                                fk_dot8_f32_vec_portable, fk_dot8_f16_vec_portable, fk_dot8_bf16_vec_portable};

static void fk_take_float_dots(fk_dispatch *d, const fk_float_dots *dots) {
    d->dot_f32 = dots->f32;
    d->dot_f16 = dots->f16;
    d->dot_bf16 = dots->bf16;
    d->dot_f32_vec = dots->f32_vec;
    d->dot_f16_vec = dots->f16_vec;
    d->dot_bf16_vec = dots->bf16_vec;
}

static void fk_select(int scalar) {
    fk_dispatch d = {
        fk_dot_f32_scalar, fk_dot_f16_scalar, fk_dot_bf16_scalar, fk_dot_q4_0_scalar, fk_dot_q8_0_scalar,
        fk_dot_q4_K_scalar, fk_dot_q5_K_scalar, fk_dot_q6_K_scalar, fk_dot_f32_vec_scalar, fk_dot_f16_vec_scalar,
        fk_dot_bf16_vec_scalar, fk_dot_q4_K_tiled, fk_dot_q5_K_tiled, fk_dot_q6_K_tiled, fk_quant_q8_0_scalar,
        fk_quant_f16_scalar, 0, 0, fk_axpy_f16_scalar,
    };
    d.tiles_q4_0_r16 = fk_tiles_q4_0_r16_scalar;
    d.tiles_q4_K_r16 = fk_tiles_q4_K_r16_scalar;
    fk_set_name = "scalar";
    // On an AVX2 CPU without AVX-512 the reference is llama.cpp's AVX2 build: so are the orders
    // ("scalar-avx2" asks for them on any CPU).
    fk_avx2_orders = fk_has_avx2 && (!fk_has_avx512 || !fk_allow_vnni);
    if (fk_avx2_orders) fk_take_float_dots(&d, &fk_dots8_portable);
#if defined(__x86_64__)
    if (!scalar && fk_has_avx2) {
        d.dot_f32 = fk_dot_f32_avx2;
        d.dot_f16 = fk_dot_f16_avx2;
        d.dot_f32_vec = fk_dot_f32_vec_avx2;
        d.dot_f16_vec = fk_dot_f16_vec_avx2;
        d.dot_bf16_vec = fk_dot_bf16_vec_avx2;
        d.dot_q4_K_tiled = fk_dot_q4_K_tiled_avx2;
        d.dot_q5_K_tiled = fk_dot_q5_K_tiled_avx2;
        d.dot_q6_K_tiled = fk_dot_q6_K_tiled_avx2;
        d.dot_bf16 = fk_dot_bf16_avx2;
        d.dot_q5_K = fk_dot_q5_K_avx2;
        d.dot_q4_0 = fk_dot_q4_0_avx2;
        d.dot_q8_0 = fk_dot_q8_0_avx2;
        d.dot_q4_K = fk_dot_q4_K_avx2;
        d.dot_q6_K = fk_dot_q6_K_avx2;
        d.quant_q8_0 = fk_quant_q8_0_avx2;
        d.quant_f16 = fk_quant_f16_avx2;
        d.axpy_f16 = fk_axpy_f16_avx2;
        d.tiles_q4_0 = fk_tiles_q4_0_avx2;
        d.tiles_q8_0 = fk_tiles_q8_0_avx2;
        d.tiles_q4_0_r16 = fk_tiles_q4_0_r16_avx2;
        d.tiles_q4_K_r16 = fk_tiles_q4_K_r16_avx2;
        fk_set_name = "avx2";
        // llama.cpp built for this CPU has eight-lane float kernels when the CPU lacks AVX-512
        // (scripts/bootstrap builds it so); FOUNDRY_KERNELS=avx2 reproduces that machine.
        fk_avx2_orders = !fk_has_avx512 || !fk_allow_vnni;
        if (fk_avx2_orders) fk_take_float_dots(&d, &fk_dots8_avx2);
        if (fk_has_vnni && fk_allow_vnni) {
            d.tiles_q4_0 = fk_tiles_q4_0_vnni;
            d.tiles_q8_0 = fk_tiles_q8_0_vnni;
            d.tiles_q4_K = fk_tiles_q4_K_vnni;
            d.tiles_q6_K = fk_tiles_q6_K_vnni;
            d.tiles_f16 = fk_tiles_f16_avx512;
            d.tiles_q4_0_r16 = fk_tiles_q4_0_r16_vnni;
            d.tiles_q4_K_r16 = fk_tiles_q4_K_r16_vnni;
            fk_set_name = "avx2+avx512vnni";
        }
    }
#endif
    fk_active = d;
}

static int fk_use(const char *set);

static pthread_once_t fk_once = PTHREAD_ONCE_INIT;

static void fk_init_once(void) {
    for (uint32_t i = 0; i < 65536; i++) fk_fp16_table[i] = half_to_float_exact((uint16_t)i);
#if defined(__x86_64__)
    __builtin_cpu_init();
    fk_has_avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    fk_has_avx512 = fk_has_avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
                    __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw");
    fk_has_vnni = fk_has_avx512 && __builtin_cpu_supports("avx512vnni");
#endif
    fk_select(0);
    fk_chosen = getenv("FOUNDRY_KERNELS");
    if (fk_chosen) (void)fk_use(fk_chosen);
}

fk_dot_fn fk_dot_for(int type) {
    switch (type) {
    case FK_F32: return fk_active.dot_f32;
    case FK_F16: return fk_active.dot_f16;
    case FK_BF16: return fk_active.dot_bf16;
    case FK_Q4_0: return fk_active.dot_q4_0;
    case FK_Q8_0: return fk_active.dot_q8_0;
    case FK_Q4_K: return fk_active.dot_q4_K;
    case FK_Q5_K: return fk_active.dot_q5_K;
    case FK_Q6_K: return fk_active.dot_q6_K;
    default: return 0;
    }
}

fk_dot_fn fk_dot_for_batch(int type, int n_tokens) {
    switch (type) {
    // llama.cpp's tiled K-quant matmul takes batches of 8 or more tokens.
    case FK_Q4_K: if (n_tokens >= 8) return fk_active.dot_q4_K_tiled; break;
    case FK_Q5_K: if (n_tokens >= 8) return fk_active.dot_q5_K_tiled; break;
    case FK_Q6_K: if (n_tokens >= 8) return fk_active.dot_q6_K_tiled; break;
    // tinyBLAS declines batches of one token: ggml's own vec_dot runs.
    case FK_F32: if (n_tokens == 1) return fk_active.dot_f32_vec; break;
    case FK_F16: if (n_tokens == 1) return fk_active.dot_f16_vec; break;
    case FK_BF16: if (n_tokens == 1) return fk_active.dot_bf16_vec; break;
    default: break;
    }
    return fk_dot_for(type);
}

void fk_init(void) { pthread_once(&fk_once, fk_init_once); }
const char *fk_kernel_set(void) { return fk_set_name; }
const char *fk_kernel_orders(void) { fk_init(); return fk_avx2_orders ? "llama.cpp AVX2" : "llama.cpp AVX-512"; }
void fk_force_scalar(int on) {
    fk_init();
    // Under FOUNDRY_KERNELS=avx2 the portable kernels keep the AVX2 build's orders too.
    if (on) (void)fk_use(fk_chosen && strcmp(fk_chosen, "avx2") == 0 ? "scalar-avx2" : "scalar");
    else (void)fk_use("default");
}

static int fk_use(const char *set) {
    if (strcmp(set, "default") == 0) {
        fk_select(0);
        if (fk_chosen && strcmp(fk_chosen, "default") != 0) (void)fk_use(fk_chosen);
        return 1;
    }
    if (strcmp(set, "scalar") == 0) { fk_select(1); return 1; }
    /* The portable kernels in the AVX2 build's orders: what "avx2" must equal on any CPU. */
    if (strcmp(set, "scalar-avx2") == 0) { fk_allow_vnni = 0; fk_select(1); fk_allow_vnni = 1; return fk_has_avx2; }
    if (strcmp(set, "avx2") == 0) { fk_allow_vnni = 0; fk_select(0); fk_allow_vnni = 1; return fk_has_avx2; }
    if (strcmp(set, "best") == 0) { fk_select(0); return 1; }
    return 0;
}

int fk_use_kernels(const char *set) { fk_init(); return fk_use(set); }

int fk_repacked_type(int type, int rows, int cols) {
    if (rows % 8 != 0) return type;
    if (type == FK_Q4_0 && cols % QK4_0 == 0) return FK_Q4_0_R16;
    if (type == FK_Q4_K && cols % QK_K == 0) return FK_Q4_K_R16;
    return type;
}

size_t fk_repacked_stride(int type, int cols) {
    switch (type) {
    case FK_Q4_0_R16: return fk_r16_group_bytes(cols);
    case FK_Q4_K_R16: return fk_k16_group_bytes(cols);
    default: return 0;
    }
}

size_t fk_repacked_bytes(int type, int rows, int cols) {
    const int layout = fk_repacked_type(type, rows, cols);
    return layout == type ? 0 : (size_t)((rows + 15) / 16) * fk_repacked_stride(layout, cols);
}

typedef void (*fk_repack_fn)(const void *src, size_t row_bytes, int rows, int cols, void *dst);
typedef struct { fk_repack_fn repack; const uint8_t *src; size_t row_bytes, stride; int rows, cols; uint8_t *dst; } fk_repack_job;

static void fk_repack_run(void *p, int ith, int nth) {
    const fk_repack_job *job = p;
    const int groups = (job->rows + 15) / 16, g0 = groups * ith / nth, g1 = groups * (ith + 1) / nth;
    const int r1 = 16 * g1 < job->rows ? 16 * g1 : job->rows;
    if (g0 >= g1) return;
    job->repack(job->src + (size_t)(16 * g0) * job->row_bytes, job->row_bytes, r1 - 16 * g0, job->cols,
                job->dst + (size_t)g0 * job->stride);
}

void fk_repack(fk_pool *pool, int type, const void *src, size_t row_bytes, int rows, int cols, void *dst) {
    const int layout = fk_repacked_type(type, rows, cols);
    if (layout == type) return;
    fk_repack_job job = {layout == FK_Q4_0_R16 ? fk_repack_q4_0_r16 : fk_repack_q4_K_r16, src, row_bytes,
                         fk_repacked_stride(layout, cols), rows, cols, dst};
    fk_pool_run(pool, fk_repack_run, &job);
}
