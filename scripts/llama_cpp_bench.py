#!/usr/bin/env python3
"""Measures a GGUF model with llama.cpp the way `foundry bench run` measures it, and prints the
same JSON keys, so the two can be compared side by side (Benchmarks/RunBench runs both).

    llama_cpp_bench.py --model M.gguf [-p 512] [-n 128] [--threads 2] [--repetitions 3]
        [--seed 1] [--no-repack]

The protocol is llama-bench's: pp evaluates P random tokens in one batch (n_batch = n_ubatch =
512), tg evaluates N tokens one at a time; each runs once to warm up, then R times with the KV
cache cleared before each. load_ms runs from loading the model to the first token's logits.
peak_rss_bytes is the process's VmHWM. kernels lists the features llama.cpp's CPU backend was
built with (llama_print_system_info, the ones set to 1) and system_info the full line. llama.cpp runs through llama-cpp-python's low-level
bindings with llama-bench's defaults: f16 KV cache, flash attention off, and repacked weight
layouts on (what users get; --no-repack turns them off).
"""
import argparse
import ctypes
import json
import random
import sys
import time


def peak_rss_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def median(values: list) -> float:
    s = sorted(values)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def kernel_set(system_info: str) -> str:
    """The features set to 1 in llama_print_system_info's line ("CPU : AVX2 = 1 | ..."), in order."""
    names = []
    for part in system_info.replace("CPU :", "|").split("|"):
        name, _, value = part.partition("=")
        if value.strip() == "1" and name.strip() not in names:
            names.append(name.strip())
    return " ".join(names)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True)
    p.add_argument("-p", type=int, default=512)
    p.add_argument("-n", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repetitions", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--no-repack", action="store_true")
    a = p.parse_args()

    import llama_cpp as L

    L.llama_backend_init()
    quiet = L.llama_log_callback(lambda level, text, data: None)  # kept alive while llama.cpp runs
    L.llama_log_set(quiet, ctypes.c_void_p(0))
    rng = random.Random(a.seed)

    start = time.perf_counter()
    mp = L.llama_model_default_params()
    mp.use_extra_bufts = not a.no_repack
    model = L.llama_model_load_from_file(a.model.encode(), mp)
    if not model:
        sys.exit(f"llama.cpp could not load {a.model}")
    n_vocab = L.llama_vocab_n_tokens(L.llama_model_get_vocab(model))
    cp = L.llama_context_default_params()
    cp.n_ctx = max(a.p + a.n, 16)
    cp.n_batch = 512
    cp.n_ubatch = 512
    cp.n_threads = a.threads
    cp.n_threads_batch = a.threads
    cp.flash_attn_type = 0
    ctx = L.llama_init_from_model(model, cp)
    memory = L.llama_get_memory(ctx)

    def decode(tokens: list) -> None:
        arr = (L.llama_token * len(tokens))(*tokens)
        if L.llama_decode(ctx, L.llama_batch_get_one(arr, len(tokens))) != 0:
            sys.exit("llama_decode failed")
        L.llama_get_logits_ith(ctx, -1)  # the logits are read, as a caller would
        L.llama_synchronize(ctx)

    def token() -> int:
        return rng.randrange(n_vocab)

    decode([token()])
    load_ms = (time.perf_counter() - start) * 1000

    def time_prompt() -> float:
        L.llama_memory_clear(memory, True)
        tokens = [token() for _ in range(a.p)]
        t = time.perf_counter()
        for i in range(0, a.p, 512):
            decode(tokens[i:i + 512])
        return (time.perf_counter() - t) * 1000

    def time_generation(count: int) -> float:
        L.llama_memory_clear(memory, True)
        t = time.perf_counter()
        for _ in range(count):
            decode([token()])
        return (time.perf_counter() - t) * 1000

    system_info = L.llama_print_system_info().decode()
    result = {"engine": "llama.cpp", "model": a.model, "threads": a.threads, "load_ms": load_ms,
              "kernels": kernel_set(system_info), "system_info": system_info.strip()}
    if a.p > 0:
        time_prompt()
        ms = [time_prompt() for _ in range(a.repetitions)]
        result["prompt"] = {"name": f"pp{a.p}", "samples_ms": ms, "samples_tok_s": [a.p / (m / 1000) for m in ms]}
        result["pp_tok_s"] = median(result["prompt"]["samples_tok_s"])
    if a.n > 0:
        time_generation(1)
        ms = [time_generation(a.n) for _ in range(a.repetitions)]
        result["generation"] = {"name": f"tg{a.n}", "samples_ms": ms, "samples_tok_s": [a.n / (m / 1000) for m in ms]}
        result["tg_tok_s"] = median(result["generation"]["samples_tok_s"])
    result["peak_rss_bytes"] = peak_rss_bytes()
    json.dump(result, sys.stdout)
    print()
    L.llama_free(ctx)
    L.llama_model_free(model)


if __name__ == "__main__":
    main()
