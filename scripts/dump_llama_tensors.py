#!/usr/bin/env python3
"""Dumps llama.cpp's intermediate tensors (ggml's eval callback) for a prompt and the greedy
decode steps after it, and optionally compares them with foundry's own dump. A tool for finding
the first operation where foundry's engine and llama.cpp stop agreeing bit for bit.

    dump_llama_tensors.py --model M.gguf --prompt '[1, 15043, 3186]' [-n 8] --out ref.npz
        [--names 'attn_norm,Qcur,kq,...'] [--threads 2] [--ctx 512] [--repack]
    dump_llama_tensors.py --compare ref.npz ours_dir [--steps 0,5]

Dumping: llama.cpp runs as scripts/llama_cpp_reference.py runs it (no flash attention, f16 KV
cache, repacked weights only with --repack). Every tensor whose name (without the "-LAYER" suffix) is in
--names is saved as "STEP/NAME" (step 0 = the prompt batch, step k = the k-th decoded token);
a name computed several times in one graph (Qcur, Kcur after the matmul, the reshape and RoPE)
is saved as "STEP/NAME" (the last value) and "STEP/NAME@I" (the I-th, from 0). Each tensor is
stored as ggml lays it out, converted to float32, shaped [..., ne1, ne0] (numpy order). The
greedy tokens are saved as "tokens".

Comparing: foundry writes the same names when FOUNDRY_DUMP_DIR is set (LlamaModel reads it once
at load; tests set LlamaModel.tensorDump): DIR/STEP/NAME.f32 as raw little-endian float32 in
the same element order, for attn_norm, Qcur, Kcur, Vcur (after RoPE), kqv_out, attn_out,
ffn_inp, ffn_norm, ffn_gate, ffn_up, ffn_swiglu, ffn_out, l_out, result_norm and
result_output. foundry's step 0 is the first batch evaluated after loading, so run the same
token ids (`foundry run tokenize MODEL TEXT --bos` prints them). --compare prints, step by step
in graph order, the max abs difference and the number of differing elements, so the first line
that is not 0 names the operation to look at (where llama.cpp keeps only the last token, in the
last layer after attention, the last row of foundry's tensor is compared). Exit status 1 when
any tensor differs (or none was found).
"""
import argparse
import ctypes
import json
import os
import sys

import numpy as np

DEFAULT_NAMES = ("attn_norm,Qcur,Kcur,Vcur,kq,kq_soft_max,kqv,kqv_out,attn_out,ffn_inp,ffn_norm,ffn_gate,ffn_up,"
                 "ffn_swiglu,ffn_out,l_out,result_norm,result_output")

# struct ggml_tensor (ggml.h): offsets on 64-bit platforms.
OFF_TYPE, OFF_NE, OFF_NB, OFF_DATA, OFF_NAME = 0, 16, 48, 248, 256
GGML_F32, GGML_F16 = 0, 1


def tensor_to_numpy(t: int) -> np.ndarray:
    typ = ctypes.c_int32.from_address(t + OFF_TYPE).value
    ne = [ctypes.c_int64.from_address(t + OFF_NE + 8 * i).value for i in range(4)]
    nb = [ctypes.c_uint64.from_address(t + OFF_NB + 8 * i).value for i in range(4)]
    data = ctypes.c_void_p.from_address(t + OFF_DATA).value
    if typ == GGML_F32:
        dt = np.float32
    elif typ == GGML_F16:
        dt = np.float16
    else:
        return None
    item = np.dtype(dt).itemsize
    span = sum((n - 1) * s for n, s in zip(ne, nb)) + item
    flat = np.frombuffer((ctypes.c_char * (span + (-span) % item)).from_address(data), dtype=dt)
    view = np.lib.stride_tricks.as_strided(flat, shape=tuple(reversed(ne)), strides=tuple(reversed(nb)))
    return np.array(view, dtype=np.float32)


def dump(a) -> None:
    import llama_cpp as L

    wanted = set(a.names.split(","))
    store = {}
    seen = {}
    step = [0]

    def callback(t, ask, user):
        name = ctypes.string_at(t + OFF_NAME).decode(errors="replace")
        base = name.rsplit("-", 1)[0] if name.rsplit("-", 1)[-1].isdigit() else name
        if ask:
            return base in wanted
        arr = tensor_to_numpy(t)
        if arr is not None:
            key = f"{step[0]}/{name}"
            seen[key] = seen.get(key, -1) + 1
            store[f"{key}@{seen[key]}"] = arr  # every evaluation of this name
            store[key] = arr  # the last one
        return True

    cb = L.ggml_backend_sched_eval_callback(lambda t, ask, user: callback(t, ask, user))
    L.llama_backend_init()
    quiet = L.llama_log_callback(lambda level, text, data: None)
    L.llama_log_set(quiet, ctypes.c_void_p(0))
    mp = L.llama_model_default_params()
    mp.use_extra_bufts = a.repack
    model = L.llama_model_load_from_file(a.model.encode(), mp)
    if not model:
        sys.exit(f"llama.cpp could not load {a.model}")
    n_vocab = L.llama_vocab_n_tokens(L.llama_model_get_vocab(model))
    cp = L.llama_context_default_params()
    cp.n_ctx = a.ctx
    cp.n_batch = cp.n_ubatch = 512
    cp.n_threads = cp.n_threads_batch = a.threads
    cp.flash_attn_type = 0
    cp.cb_eval = cb
    cp.cb_eval_user_data = None
    ctx = L.llama_init_from_model(model, cp)

    def decode(tokens):
        arr = (L.llama_token * len(tokens))(*tokens)
        if L.llama_decode(ctx, L.llama_batch_get_one(arr, len(tokens))) != 0:
            sys.exit("llama_decode failed")
        return np.ctypeslib.as_array(L.llama_get_logits_ith(ctx, -1), shape=(n_vocab,)).copy()

    logits = decode(json.loads(a.prompt))
    tokens = []
    for k in range(a.n):
        tok = int(np.argmax(logits))
        tokens.append(tok)
        step[0] = k + 1
        logits = decode([tok])
    store["tokens"] = np.array(tokens, dtype=np.int32)
    np.savez(a.out, **store)
    print(f"{len(store) - 1} tensors, greedy tokens {tokens}", file=sys.stderr)
    L.llama_free(ctx)
    L.llama_model_free(model)


def compare(a) -> None:
    ref = np.load(a.compare)
    ours_dir = a.ours
    steps = sorted({int(k.split("/")[0]) for k in ref.files if "/" in k})
    if a.steps:
        steps = [s for s in steps if s in {int(x) for x in a.steps.split(",")}]
    order = [k for k in ref.files if "/" in k and "@" not in k]
    compared = differing = 0
    for s in steps:
        for key in [k for k in order if k.startswith(f"{s}/")]:
            path = os.path.join(ours_dir, key + ".f32")
            if not os.path.exists(path):
                continue
            want = ref[key].reshape(-1)
            got = np.fromfile(path, dtype=np.float32)
            if got.size != want.size:
                # foundry may keep only the last token where llama.cpp keeps all (result_norm).
                if got.size < want.size and want.size % got.size == 0:
                    want = want[-got.size:]
                elif got.size > want.size and got.size % want.size == 0:
                    got = got[-want.size:]  # llama.cpp keeps only the last token in the last layer
                else:
                    print(f"{key:28s} size {got.size} vs {want.size}")
                    continue
            diff = np.abs(got - want)
            bad = int(np.count_nonzero(got != want))
            compared += 1
            differing += 1 if bad else 0
            first = int(np.argmax(got != want)) if bad else -1
            print(f"{key:28s} max|Δ| {diff.max():.3g}  differing {bad}/{want.size}" + (f"  first at {first}" if bad else ""))
    print(f"{compared} tensors compared, {differing} differ")
    if compared == 0 or differing:
        sys.exit(1)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model")
    p.add_argument("--prompt")
    p.add_argument("-n", type=int, default=8)
    p.add_argument("--out")
    p.add_argument("--names", default=DEFAULT_NAMES)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--ctx", type=int, default=512)
    p.add_argument("--repack", action="store_true", help="allow llama.cpp's repacked weight layouts")
    p.add_argument("--compare")
    p.add_argument("ours", nargs="?")
    p.add_argument("--steps")
    a = p.parse_args()
    if a.compare:
        compare(a)
    else:
        if not (a.model and a.prompt and a.out):
            p.error("--model, --prompt and --out are required to dump")
        dump(a)


if __name__ == "__main__":
    main()
