// foundry_kernels.h — the hot loops of foundry's local inference engine (FoundryLM), in C.
//
// Why C: the integer dot products that make quantized inference fast (maddubs/madd/dpbusd)
// have no Swift SIMD spelling, and Swift cannot compile one function for AVX2 and another for
// a baseline CPU in the same module. Each kernel here has a portable scalar version and, where
// the CPU has them at run time, AVX2/FMA/F16C versions (selected once by fk_init).
//
// Block formats are GGML's (GGUF tensor types). Activations are quantized the way llama.cpp
// quantizes them for each weight type, so results agree with llama.cpp to rounding order.
#ifndef FOUNDRY_KERNELS_H
#define FOUNDRY_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// GGML type ids (subset this engine computes with).
enum {
    FK_F32 = 0, FK_F16 = 1, FK_Q4_0 = 2, FK_Q8_0 = 8,
    FK_Q4_K = 12, FK_Q5_K = 13, FK_Q6_K = 14, FK_Q8_K = 15, FK_BF16 = 30,
    // foundry's own layouts (fk_repack): Q4_0 and Q4_K interleaved sixteen rows at a time, and
    // the Q8_0 activations Q4_0_R16 takes (Q8_0 blocks, then one int32 Σ qs per block).
    FK_Q4_0_R16 = 1002, FK_Q8_0_SUMS = 1008, FK_Q4_K_R16 = 1012,
};

/// Selects the fastest kernels this CPU runs. Idempotent; call before anything else.
void fk_init(void);
/// "avx2+avx512vnni", "avx2" or "scalar": which kernels are selected.
const char *fk_kernel_set(void);
/// Whose summation orders the float kernels reproduce: "llama.cpp AVX-512" or "llama.cpp AVX2"
/// (llama.cpp built for this CPU; FOUNDRY_KERNELS=avx2 chooses the AVX2 build's).
const char *fk_kernel_orders(void);
/// Forces the portable kernels (tests compare both); off returns to the "default" set.
void fk_force_scalar(int on);
/// Selects "best", "avx2" (no AVX-512), "scalar" or "scalar-avx2" (the portable kernels in the
/// AVX2 build's orders) kernels; 0 when this CPU cannot run them.
/// The environment variable FOUNDRY_KERNELS does the same at start-up; "default" returns to
/// the set chosen then (the best when FOUNDRY_KERNELS is unset).
int fk_use_kernels(const char *set);

/// The activation type a weight type is multiplied with (Q8_0, Q8_K, F16, BF16 or F32).
int fk_activation_type(int weight_type);
/// Bytes one quantized activation row of n elements takes.
size_t fk_activation_row_bytes(int weight_type, int n);

/// Quantizes n floats (n a multiple of the block) into the activation format for weight_type.
void fk_quantize_activation(int weight_type, const float *x, void *out, int n);
/// Dequantizes one row of n elements of any supported type to floats.
void fk_dequantize_row(int type, const void *row, float *out, int n);
/// Dot product of one weight row with one quantized activation row of n elements.
float fk_vec_dot(int weight_type, int n, const void *w_row, const void *a_row);
/// The same as fk_matmul computes it for a batch of n_tokens (see fk_matmul).
float fk_vec_dot_batch(int weight_type, int n_tokens, int n, const void *w_row, const void *a_row);

// ---- weights repacked at load ---------------------------------------------------------------

/// The layout fk_repack gives a rows × cols matrix of `type`, or `type` itself when it keeps
/// its own. Q4_0 and Q4_K with a row count that is a multiple of 8 become FK_Q4_0_R16 and
/// FK_Q4_K_R16, whose products sum in the order of the repacked kernels llama.cpp uses on AVX2
/// CPUs for such matrices.
int fk_repacked_type(int type, int rows, int cols);
/// Bytes of the repacked matrix, and the bytes between its groups of rows (fk_matmul's row_bytes).
size_t fk_repacked_bytes(int type, int rows, int cols);
size_t fk_repacked_stride(int type, int cols);
typedef struct fk_pool fk_pool;
/// Writes the repacked form of rows × cols weights (row_bytes apart) to dst (fk_repacked_bytes),
/// the rows split across the pool's threads.
void fk_repack(fk_pool *pool, int type, const void *src, size_t row_bytes, int rows, int cols, void *dst);

// ---- a persistent pool of worker threads -------------------------------------------------

/// A job: called once on every thread with its index (0 = the caller) and the thread count.
typedef void (*fk_job)(void *ctx, int ith, int nth);
fk_pool *fk_pool_create(int n_threads);
void fk_pool_destroy(fk_pool *pool);
/// Runs job on all threads and returns when every thread has finished it.
void fk_pool_run(fk_pool *pool, fk_job job, void *ctx);

// ---- matrix multiplication ---------------------------------------------------------------

/// out[t*out_stride + r] = dot(weight row r, activation row t) for r < rows, t < n_tokens.
/// weights: rows × (cols elements), row_bytes apart. acts: n_tokens quantized rows, act_stride
/// bytes apart (fk_quantize_activation output). Rows are split across the pool's threads.
/// The summation order follows the kernel llama.cpp picks for a batch of n_tokens: K-quants
/// through its tiled matmul from 8 tokens on (vec_dot below); F32/F16/BF16 through tinyBLAS
/// from 2 tokens on and ggml_vec_dot_f32/f16/bf16 for one; Q4_0/Q8_0 as vec_dot (= tinyBLAS);
/// FK_Q4_0_R16/FK_Q4_K_R16 as ggml_gemm/gemv_q4_0_8x8_q8_0/q4_K_8x8_q8_K (weights and row_bytes
/// from fk_repack).
void fk_matmul(fk_pool *pool, int weight_type, const void *weights, size_t row_bytes, int rows, int cols,
               const void *acts, size_t act_stride, int n_tokens, float *out, int out_stride);

// ---- attention over an f16 KV cache ------------------------------------------------------

typedef struct {
    int n_tokens;          // query tokens in this batch
    int n_head, n_head_kv, head_dim_k, head_dim_v;
    const float *q;        // [n_tokens][n_head * head_dim_k], RoPE applied
    int q_stride;          // floats between tokens
    const uint16_t *k;     // f16 [n_ctx][n_head_kv * head_dim_k]
    const uint16_t *v;     // f16 [n_ctx][n_head_kv * head_dim_v]
    const int32_t *pos;    // position of each query token
    int window;            // sliding window (keys with pos - key_pos >= window are masked); 0 = none
    float scale;           // 1/sqrt(head_dim) or the model's attention scale
    float *out;            // [n_tokens][n_head * head_dim_v]
    int out_stride;
    float *scratch;        // n_threads * scratch_per_thread floats (n_ctx + head_dim_k + 64·head_dim_v + 16)
    int scratch_per_thread;
} fk_attention_args;

/// Causal attention of each query token over cache positions 0...pos (llama.cpp's non-flash
/// path: Q rounded to f16 for Q·K, softmax in f32, weights rounded to f16 for ·V; tinyBLAS's
/// summation order for batches of several tokens, ggml_vec_dot_f16's for one token).
void fk_attention(fk_pool *pool, const fk_attention_args *args);

// ---- element-wise steps of a transformer layer (llama.cpp's rounding) ----------------------

/// out = (x · 1/sqrt(mean(x²) + eps)) · w, the mean summed in double as ggml does.
void fk_rms_norm(const float *x, const float *w, float *out, int n, float eps);
/// out = silu(gate) · up
void fk_swiglu(const float *gate, const float *up, float *out, int n);
/// y += x
void fk_add(float *y, const float *x, int n);
/// cos/sin pairs for one position (ggml's rope cache: iterated theta, YaRN ramp, freq factors).
void fk_rope_cache(float pos, int n_dims, float freq_base, float freq_scale, const float *freq_factors,
                   float ext_factor, float attn_factor, float beta_fast, float beta_slow, int n_ctx_orig, float *cos_sin);
/// Rotates adjacent pairs of the first n_dims elements of each head ("normal" RoPE).
void fk_rope_apply(float *x, int n_heads, int head_dim, int n_dims, const float *cos_sin);

#ifdef __cplusplus
}
#endif
#endif
