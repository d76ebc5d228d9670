// RMSNorm, SwiGLU, residual adds and RoPE, rounding as llama.cpp's CPU backend does.
#include "fk_internal.h"
#pragma clang fp contract(off)
#include <math.h>

void fk_rms_norm(const float *x, const float *w, float *out, int n, float eps) {
    double sum = 0.0;
    for (int i = 0; i < n; i++) sum += (double)(x[i] * x[i]);
    const float mean = (float)(sum / n);
    const float scale = 1.0f / sqrtf(mean + eps);
    for (int i = 0; i < n; i++) out[i] = (x[i] * scale) * w[i];
}

FK_CLONES void fk_swiglu(const float *gate, const float *up, float *out, int n) {
    // llama.cpp: full chunks of its vector width (sixteen with AVX-512, eight with AVX2) with its
    // vector exp, the rest with the C library's.
    const int avx2 = fk_avx2_orders;
    const int full = n - n % (avx2 ? 8 : 16);
    for (int i = 0; i < n; i++) {
        const float g = gate[i];
        const float e = i < full ? (avx2 ? fk_expf_avx2(0.0f - g) : fk_expf(0.0f - g)) : expf(-g);
        out[i] = g / (1.0f + e) * up[i];
    }
}

void fk_add(float *y, const float *x, int n) {
    for (int i = 0; i < n; i++) y[i] += x[i];
}

static float yarn_corr_dim(int n_dims, int n_ctx_orig, float n_rot, float base) {
    return n_dims * logf(n_ctx_orig / (n_rot * 2 * (float)M_PI)) / (2 * logf(base));
}

void fk_rope_cache(float pos, int n_dims, float freq_base, float freq_scale, const float *freq_factors,
                   float ext_factor, float attn_factor, float beta_fast, float beta_slow, int n_ctx_orig, float *cs) {
    const float theta_scale = powf(freq_base, -2.0f / n_dims);
    float low = 0, high = 0;
    if (ext_factor != 0.0f) {
        low = floorf(yarn_corr_dim(n_dims, n_ctx_orig, beta_fast, freq_base));
        high = ceilf(yarn_corr_dim(n_dims, n_ctx_orig, beta_slow, freq_base));
        if (low < 0) low = 0;
        if (high > n_dims - 1) high = (float)(n_dims - 1);
    }
    float theta = pos;
    for (int i0 = 0; i0 < n_dims; i0 += 2) {
        const float ff = freq_factors ? freq_factors[i0 / 2] : 1.0f;
        const float extrap = theta / ff;
        const float interp = freq_scale * extrap;
        float t = interp, mscale = attn_factor;
        if (ext_factor != 0.0f) {
            float y = (float)(i0 / 2 - low) / fmaxf(0.001f, high - low);
            const float ramp = (1 - fminf(1, fmaxf(0, y))) * ext_factor;
            // ggml's compiler fuses the first product and the sum (FMA builds): so do we.
            t = fmaf(interp, 1 - ramp, extrap * ramp);
            mscale *= fmaf(0.1f, logf(1.0f / freq_scale), 1.0f);
        }
        cs[i0] = cosf(t) * mscale;
        cs[i0 + 1] = sinf(t) * mscale;
        theta *= theta_scale;
    }
}

void fk_rope_apply(float *x, int n_heads, int head_dim, int n_dims, const float *cs) {
    for (int h = 0; h < n_heads; h++) {
        float *v = x + (size_t)h * head_dim;
        for (int i0 = 0; i0 < n_dims; i0 += 2) {
            const float c = cs[i0], s = cs[i0 + 1];
            const float x0 = v[i0], x1 = v[i0 + 1];
            // As ggml's rotate_pairs compiles with FMA: x0·c − (x1·s) and x0·s + (x1·c), the
            // x0 product fused, the x1 product rounded.
            v[i0] = fmaf(x0, c, -(x1 * s));
            v[i0 + 1] = fmaf(x0, s, x1 * c);
        }
    }
}
