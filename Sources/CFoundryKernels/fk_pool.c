// A persistent pool of worker threads. A job runs on every thread at once; workers spin
// briefly for the next job (generation calls come back to back) and then sleep.
#include "fk_internal.h"
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#if defined(__x86_64__)
#include <immintrin.h>
#define FK_PAUSE() _mm_pause()
#else
#define FK_PAUSE() ((void)0)
#endif

struct fk_pool {
    int n_threads;
    pthread_t *threads;
    pthread_mutex_t mutex;
    pthread_cond_t wake;
    fk_job job;
    void *ctx;
    _Atomic uint64_t generation;
    _Atomic int finished;
    _Atomic int stop;
    int sleepers;
};

typedef struct { fk_pool *pool; int index; } fk_worker_arg;

enum { FK_SPIN_ROUNDS = 200000, FK_YIELD_AFTER = 20000 };

static void *fk_worker(void *p) {
    fk_worker_arg arg = *(fk_worker_arg *)p;
    free(p);
    fk_pool *pool = arg.pool;
    uint64_t seen = 0;
    for (;;) {
        uint64_t g = atomic_load_explicit(&pool->generation, memory_order_acquire);
        for (int spin = 0; g == seen && spin < FK_SPIN_ROUNDS; spin++) {
            FK_PAUSE();
            g = atomic_load_explicit(&pool->generation, memory_order_acquire);
        }
        if (g == seen) {
            pthread_mutex_lock(&pool->mutex);
            pool->sleepers++;
            while ((g = atomic_load_explicit(&pool->generation, memory_order_acquire)) == seen &&
                   !atomic_load(&pool->stop))
                pthread_cond_wait(&pool->wake, &pool->mutex);
            pool->sleepers--;
            pthread_mutex_unlock(&pool->mutex);
        }
        if (atomic_load(&pool->stop)) return NULL;
        seen = g;
        pool->job(pool->ctx, arg.index, pool->n_threads);
        atomic_fetch_add_explicit(&pool->finished, 1, memory_order_acq_rel);
    }
}

fk_pool *fk_pool_create(int n_threads) {
    fk_init();
    if (n_threads < 1) n_threads = 1;
    fk_pool *pool = calloc(1, sizeof(fk_pool));
    if (!pool) return NULL;
    pool->n_threads = n_threads;
    pthread_mutex_init(&pool->mutex, NULL);
    pthread_cond_init(&pool->wake, NULL);
    pool->threads = calloc((size_t)n_threads, sizeof(pthread_t));
    for (int i = 1; i < n_threads; i++) {
        fk_worker_arg *arg = malloc(sizeof(fk_worker_arg));
        arg->pool = pool;
        arg->index = i;
        pthread_create(&pool->threads[i], NULL, fk_worker, arg);
    }
    return pool;
}

void fk_pool_destroy(fk_pool *pool) {
    if (!pool) return;
    pthread_mutex_lock(&pool->mutex);
    atomic_store(&pool->stop, 1);
    atomic_fetch_add(&pool->generation, 1);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mutex);
    for (int i = 1; i < pool->n_threads; i++) pthread_join(pool->threads[i], NULL);
    pthread_cond_destroy(&pool->wake);
    pthread_mutex_destroy(&pool->mutex);
    free(pool->threads);
    free(pool);
}

void fk_pool_run(fk_pool *pool, fk_job job, void *ctx) {
    if (!pool || pool->n_threads == 1) {
        job(ctx, 0, 1);
        return;
    }
    pool->job = job;
    pool->ctx = ctx;
    atomic_store_explicit(&pool->finished, 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&pool->generation, 1, memory_order_acq_rel);
    pthread_mutex_lock(&pool->mutex);
    if (pool->sleepers > 0) pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mutex);
    job(ctx, 0, pool->n_threads);
    // Spin for the workers; if one is not running (more threads than free cores), give the
    // core away instead of burning the time slice it needs.
    for (int spin = 0; atomic_load_explicit(&pool->finished, memory_order_acquire) < pool->n_threads - 1; spin++) {
        if (spin < FK_YIELD_AFTER) FK_PAUSE();
        else sched_yield();
    }
}
