// Target attributes and horizontal sums shared by the x86 kernel files.
#ifndef FK_X86_H
#define FK_X86_H
#if defined(__x86_64__)
#include <immintrin.h>

#define FK_AVX2 __attribute__((target("avx2,fma,f16c")))
#define FK_VNNI __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))

/// Sum of eight lanes in ggml's hsum_float_8 order.
static inline FK_AVX2 float fk_hsum_ps(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}
#endif
#endif
