#!/usr/bin/env python3
"""Prints llama.cpp's answer for prompts given as token ids: the logits after each prompt and
the greedy continuation. The reference that foundry's engine is compared against.

    llama_cpp_reference.py --model M.gguf --prompts '[[1, 15043], [1, 450, 4996]]' [-n 32]
        [--threads 2] [--ctx 512] [--repack]

Prints one JSON document: {"prompts": [{"prompt": [...], "logits": [...], "generated": [...]}],
"system_info": llama_print_system_info()} (the features llama.cpp's CPU backend was built with).
llama.cpp runs through llama-cpp-python's bindings with llama-cpp-python's defaults (no flash
attention, f16 KV cache, one batch of up to 512 tokens) and, unless --repack, without the
weight-repacking buffer types. llama.cpp repacks Q4_0/Q4_K matrices by default, and its repacked
kernels sum in another order than its standard ones; foundry repacks the same matrices and
computes in the repacked order, so the tests pass --repack whenever foundry's engine repacks
(see docs/llama-cpp-agreement.md).
"""
import argparse
import ctypes
import json
import sys

import numpy as np


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("--prompts", required=True, help="JSON list of token-id lists")
    p.add_argument("-n", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--ctx", type=int, default=512)
    p.add_argument("--repack", action="store_true", help="allow llama.cpp's repacked weight layouts")
    a = p.parse_args()

    import llama_cpp as L

    L.llama_backend_init()
    quiet = L.llama_log_callback(lambda level, text, data: None)  # kept alive while llama.cpp runs
    L.llama_log_set(quiet, ctypes.c_void_p(0))
    mp = L.llama_model_default_params()
    mp.use_extra_bufts = a.repack
    model = L.llama_model_load_from_file(a.model.encode(), mp)
    if not model:
        sys.exit(f"llama.cpp could not load {a.model}")
    vocab = L.llama_model_get_vocab(model)
    n_vocab = L.llama_vocab_n_tokens(vocab)
    cp = L.llama_context_default_params()
    cp.n_ctx = a.ctx
    cp.n_batch = 512
    cp.n_ubatch = 512
    cp.n_threads = a.threads
    cp.n_threads_batch = a.threads
    cp.flash_attn_type = 0  # disabled, as llama-cpp-python's Llama(flash_attn=False)
    ctx = L.llama_init_from_model(model, cp)

    def decode(tokens: list) -> np.ndarray:
        arr = (L.llama_token * len(tokens))(*tokens)
        if L.llama_decode(ctx, L.llama_batch_get_one(arr, len(tokens))) != 0:
            sys.exit("llama_decode failed")
        return np.ctypeslib.as_array(L.llama_get_logits_ith(ctx, -1), shape=(n_vocab,)).copy()

    out = []
    for prompt in json.loads(a.prompts):
        L.llama_memory_clear(L.llama_get_memory(ctx), True)
        logits = decode(list(prompt))
        first = [float(x) for x in logits]
        generated = []
        for _ in range(a.n):
            token = int(np.argmax(logits))
            generated.append(token)
            logits = decode([token])
        out.append({"prompt": list(prompt), "logits": first, "generated": generated})
    json.dump({"prompts": out, "system_info": L.llama_print_system_info().decode().strip()}, sys.stdout)
    L.llama_free(ctx)
    L.llama_model_free(model)


if __name__ == "__main__":
    main()
