// Matrix × activations, rows split across the pool's threads; tokens in tiles so a tile of
// activations stays in cache while the thread's rows stream past.
#include "fk_internal.h"

// FK_ROW_CHUNK stays a multiple of 16: the repacked layouts hold sixteen rows per group, and a
// thread's rows must start at a group. FK_TOKEN_TILE stays a multiple of 4: the repacked Q4_K
// kernel tells llama.cpp's gemm part of a batch (multiples of 4 tokens) from its gemv rest.
enum { FK_TOKEN_TILE = 64, FK_ROW_CHUNK = 16 };
_Static_assert(FK_ROW_CHUNK % 16 == 0 && FK_TOKEN_TILE % 4 == 0, "row chunks by repacked group, token tiles by 4");

static fk_tiles_fn fk_tiles_for(int type, int n_tokens, int cols) {
    switch (type) {
    case FK_F16: return n_tokens >= 2 && cols % 16 == 0 ? fk_active.tiles_f16 : 0;
    case FK_Q4_0: return fk_active.tiles_q4_0;
    case FK_Q8_0: return fk_active.tiles_q8_0;
    case FK_Q4_0_R16: return fk_active.tiles_q4_0_r16;
    case FK_Q4_K_R16: return fk_active.tiles_q4_K_r16;
    case FK_Q4_K: return n_tokens >= 8 ? fk_active.tiles_q4_K : 0;
    case FK_Q6_K: return n_tokens >= 8 ? fk_active.tiles_q6_K : 0;
    default: return 0;
    }
}

static void fk_matmul_run(void *p, int ith, int nth) {
    const fk_matmul_job *job = p;
    // Rows split in chunks of FK_ROW_CHUNK, contiguous per thread.
    const int chunks = (job->rows + FK_ROW_CHUNK - 1) / FK_ROW_CHUNK;
    const int c0 = chunks * ith / nth, c1 = chunks * (ith + 1) / nth;
    const int r0 = c0 * FK_ROW_CHUNK;
    const int r1 = c1 * FK_ROW_CHUNK < job->rows ? c1 * FK_ROW_CHUNK : job->rows;
    const fk_tiles_fn tiles = job->tiles;
    if (tiles) {
        for (int t0 = 0; t0 < job->n_tokens; t0 += FK_TOKEN_TILE)
            tiles(job, r0, r1, t0, t0 + FK_TOKEN_TILE < job->n_tokens ? t0 + FK_TOKEN_TILE : job->n_tokens);
        return;
    }
    for (int t0 = 0; t0 < job->n_tokens; t0 += FK_TOKEN_TILE) {
        const int t1 = t0 + FK_TOKEN_TILE < job->n_tokens ? t0 + FK_TOKEN_TILE : job->n_tokens;
        for (int r = r0; r < r1; r++) {
            const uint8_t *w = job->weights + (size_t)r * job->row_bytes;
            for (int t = t0; t < t1; t++)
                job->out[(size_t)t * job->out_stride + r] = job->dot(job->cols, w, job->acts + (size_t)t * job->act_stride);
        }
    }
}

void fk_matmul(fk_pool *pool, int weight_type, const void *weights, size_t row_bytes, int rows, int cols,
               const void *acts, size_t act_stride, int n_tokens, float *out, int out_stride) {
    fk_matmul_job job = {fk_dot_for_batch(weight_type, n_tokens), fk_tiles_for(weight_type, n_tokens, cols), weights, row_bytes, rows, cols,
                         acts, act_stride, n_tokens, out, out_stride};
    if (!job.dot && !job.tiles) return;
    fk_pool_run(pool, fk_matmul_run, &job);
}
