#!/usr/bin/env python3
"""Checks foundry's kernels bit for bit against llama.cpp's own (the ggml shared libraries that
llama-cpp-python ships): activation quantization, the quantized dot products, the one-token
F32/F16/BF16 dot products (ggml_vec_dot_*) and SwiGLU, on random data quantized by ggml's
reference quantizers. (The batch kernels, tinyBLAS and the tiled K-quant matmul, are not
exported by ggml; LlamaCppAgreementTests checks them through whole models.)

    check_kernels.py [--trials 2000] [--cc clang]

Compiles Sources/CFoundryKernels into a temporary shared library with the same compiler
flags as the package, loads it beside libggml-cpu, and prints one line per kernel with the
number of results that differ (0 expected). Exit status 1 if any differ.
"""
import argparse
import ctypes
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPES = {"q4_0": (2, 32, 18), "q8_0": (8, 32, 34), "q4_K": (12, 256, 144), "q5_K": (13, 256, 176), "q6_K": (14, 256, 210)}
ACT = {"q4_0": ("q8_0", 34, 32), "q8_0": ("q8_0", 34, 32), "q4_K": ("q8_K", 292, 256), "q5_K": ("q8_K", 292, 256), "q6_K": ("q8_K", 292, 256)}


def build(cc: str, out: str) -> ctypes.CDLL:
    sources = sorted(glob.glob(os.path.join(ROOT, "Sources/CFoundryKernels/*.c")))
    cmd = [cc, "-O3", "-fno-math-errno", "-shared", "-fPIC", "-I", os.path.join(ROOT, "Sources/CFoundryKernels/include"),
           *sources, "-o", out, "-lpthread", "-lm"]
    subprocess.run(cmd, check=True)
    lib = ctypes.CDLL(out)
    lib.fk_init()
    lib.fk_vec_dot.restype = ctypes.c_float
    return lib


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--trials", type=int, default=2000)
    p.add_argument("--cc", default=os.environ.get("CC", "clang"))
    p.add_argument("--n", type=int, default=2048, help="row length")
    p.add_argument("--scalar", action="store_true", help="check the portable kernels instead of the AVX2 ones")
    a = p.parse_args()

    import llama_cpp
    libdir = os.path.join(os.path.dirname(llama_cpp.__file__), "lib")
    base = ctypes.CDLL(os.path.join(libdir, "libggml-base.so"), mode=ctypes.RTLD_GLOBAL)
    cpu = ctypes.CDLL(os.path.join(libdir, "libggml-cpu.so"), mode=ctypes.RTLD_GLOBAL)
    cpu.ggml_cpu_init()
    with tempfile.TemporaryDirectory() as tmp:
        ours = build(a.cc, os.path.join(tmp, "libfk.so"))
        ours.fk_kernel_set.restype = ctypes.c_char_p
        if a.scalar:
            ours.fk_force_scalar(1)
        print(f"foundry kernels: {ours.fk_kernel_set().decode()}")
        rng = np.random.default_rng(7)
        failures = 0
        n = a.n
        for name, (tid, blk, size) in TYPES.items():
            act_name, act_size, act_blk = ACT[name]
            wq = ctypes.create_string_buffer(n // blk * size)
            aq_theirs = ctypes.create_string_buffer(n // act_blk * act_size)
            aq_ours = ctypes.create_string_buffer(n // act_blk * act_size)
            quant_ref = getattr(base, f"quantize_row_{name}_ref")
            quant_act = getattr(cpu, f"quantize_row_{act_name}")
            dot = getattr(cpu, f"ggml_vec_dot_{name}_q8_{'K' if act_name == 'q8_K' else '0'}")
            s = ctypes.c_float()
            differ_q = differ_d = differ_t = 0
            ours.fk_vec_dot_batch.restype = ctypes.c_float
            for trial in range(a.trials):
                w = (rng.standard_normal(n) * rng.uniform(0.01, 2)).astype(np.float32)
                x = (rng.standard_normal(n) * rng.uniform(0.01, 10)).astype(np.float32)
                quant_ref(w.ctypes.data_as(ctypes.c_void_p), wq, ctypes.c_int64(n))
                quant_act(x.ctypes.data_as(ctypes.c_void_p), aq_theirs, ctypes.c_int64(n))
                ours.fk_quantize_activation(tid, x.ctypes.data_as(ctypes.c_void_p), aq_ours, n)
                if aq_theirs.raw != aq_ours.raw:
                    differ_q += 1
                dot(n, ctypes.byref(s), ctypes.c_size_t(0), wq, ctypes.c_size_t(0), aq_theirs, ctypes.c_size_t(0), 1)
                mine = ours.fk_vec_dot(tid, n, wq, aq_theirs)
                if np.float32(mine).tobytes() != np.float32(s.value).tobytes():
                    differ_d += 1
                if act_name == "q8_K":
                    # The tiled-matmul order (batches of 8+): the AVX2 and portable kernels agree.
                    tiled = [0.0, 0.0]
                    for k, force in enumerate((0, 1)):
                        ours.fk_force_scalar(force)
                        tiled[k] = ours.fk_vec_dot_batch(tid, 8, n, wq, aq_theirs)
                    ours.fk_force_scalar(1 if a.scalar else 0)
                    if np.float32(tiled[0]).tobytes() != np.float32(tiled[1]).tobytes():
                        differ_t += 1
            failures += differ_q + differ_d + differ_t
            tiled_note = f", tiled order AVX2 vs portable differs in {differ_t}/{a.trials}" if act_name == "q8_K" else ""
            print(f"{name}: activation quantization differs in {differ_q}/{a.trials}, dot product differs in {differ_d}/{a.trials}"
                  + tiled_note)
        # One-token F32/F16/BF16 matmuls: ggml_vec_dot_f32/f16/bf16 (tinyBLAS declines n < 2),
        # on lengths with and without a tail after the last full SIMD run.
        ours.fk_vec_dot_batch.restype = ctypes.c_float
        for name, tid, conv in (("f32", 0, None), ("f16", 1, "ggml_cpu_fp32_to_fp16"), ("bf16", 30, "ggml_cpu_fp32_to_bf16")):
            dot = getattr(cpu, f"ggml_vec_dot_{name}")
            s = ctypes.c_float()
            differ = 0
            for trial in range(a.trials // 10):
                m = (n, n + 40, 100, 24, 7, 57, 71, 130, n + 15, 88)[trial % 10]
                w = (rng.standard_normal(m) * 0.5).astype(np.float32)
                x = (rng.standard_normal(m) * 3).astype(np.float32)
                if conv:
                    wb, xb = np.zeros(m, np.uint16), np.zeros(m, np.uint16)
                    getattr(cpu, conv)(w.ctypes.data_as(ctypes.c_void_p), wb.ctypes.data_as(ctypes.c_void_p), ctypes.c_int64(m))
                    getattr(cpu, conv)(x.ctypes.data_as(ctypes.c_void_p), xb.ctypes.data_as(ctypes.c_void_p), ctypes.c_int64(m))
                    w, x = wb, xb
                wp, xp = w.ctypes.data_as(ctypes.c_void_p), x.ctypes.data_as(ctypes.c_void_p)
                dot(m, ctypes.byref(s), ctypes.c_size_t(0), wp, ctypes.c_size_t(0), xp, ctypes.c_size_t(0), 1)
                mine = ours.fk_vec_dot_batch(tid, 1, m, wp, xp)
                if np.float32(mine).tobytes() != np.float32(s.value).tobytes():
                    differ += 1
            failures += differ
            print(f"{name} one-token dot (ggml_vec_dot_{name}): differs in {differ}/{a.trials // 10}")
        # SwiGLU: y = silu(x) * g
        y1 = np.zeros(n, np.float32)
        y2 = np.zeros(n, np.float32)
        differ = 0
        for trial in range(a.trials // 10):
            x = (rng.standard_normal(n) * 4).astype(np.float32)
            g = rng.standard_normal(n).astype(np.float32)
            cpu.ggml_vec_swiglu_f32(n, y1.ctypes.data_as(ctypes.c_void_p), x.ctypes.data_as(ctypes.c_void_p), g.ctypes.data_as(ctypes.c_void_p))
            ours.fk_swiglu(x.ctypes.data_as(ctypes.c_void_p), g.ctypes.data_as(ctypes.c_void_p), y2.ctypes.data_as(ctypes.c_void_p), n)
            differ += int(np.count_nonzero(y1.view(np.uint32) != y2.view(np.uint32)))
        failures += differ
        print(f"swiglu: {differ} of {n * (a.trials // 10)} values differ")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
