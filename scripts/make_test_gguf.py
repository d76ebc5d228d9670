#!/usr/bin/env python3
"""Writes a llama-architecture GGUF with seeded random weights and a real vocabulary.

The vocabulary and tokenizer metadata are copied from a vocabulary-only GGUF (for example
../shared/data/tokenizer/ggml-vocab-llama-spm.gguf), so llama.cpp and foundry tokenize real text.
The weights are random but deterministic for a seed: the files are for checking that two
engines compute the same function, not for producing sensible text.

    make_test_gguf.py --vocab VOCAB.gguf --out model.gguf [--dim 64 --layers 2 --heads 4
        --kv-heads 2 --ffn 128 --ctx 512 --type TYPE --seed 1 --head-dim N --tied
        --arch llama|mistral3 --rope-scaling linear|yarn --rope-factor F --rope-freqs
        --f32-cache F32.gguf]

TYPE is f32, or a llama.cpp file type that llama.cpp's own quantizer (through llama-cpp-python)
produces from the f32 weights: f16, bf16, q8_0, q4_0, q4_k_m, q5_k_m, q6_k. K-quant types need
--dim and --ffn to be multiples of 256 (llama.cpp substitutes other types otherwise).
With --f32-cache, the f32 file is kept at that path (written first if it is absent) and
quantized from there, so several types of one large shape share one weight generation; the
caller is responsible for passing the same shape and seed.
"""
import argparse
import os
import sys
import tempfile

import numpy as np
import gguf


def copy_tokenizer(writer: gguf.GGUFWriter, vocab_path: str) -> int:
    reader = gguf.GGUFReader(vocab_path)
    n_vocab = 0
    for field in reader.fields.values():
        name = field.name
        if not name.startswith("tokenizer."):
            continue
        vtype = field.types[0]
        if vtype == gguf.GGUFValueType.ARRAY:
            etype = field.types[1]
            if etype == gguf.GGUFValueType.STRING:
                values = [bytes(field.parts[i]).decode("utf-8", errors="surrogateescape") for i in field.data]
            else:
                values = [field.parts[i].tolist()[0] for i in field.data]
            writer.add_array(name, values)
            if name == "tokenizer.ggml.tokens":
                n_vocab = len(values)
        elif vtype == gguf.GGUFValueType.STRING:
            writer.add_string(name, bytes(field.parts[field.data[0]]).decode("utf-8"))
        else:
            value = field.parts[field.data[0]].tolist()[0]
            if vtype == gguf.GGUFValueType.BOOL:
                writer.add_bool(name, bool(value))
            elif vtype == gguf.GGUFValueType.FLOAT32:
                writer.add_float32(name, float(value))
            elif vtype == gguf.GGUFValueType.INT32:
                writer.add_int32(name, int(value))
            else:
                writer.add_uint32(name, int(value))
    if n_vocab == 0:
        sys.exit(f"{vocab_path}: no tokenizer.ggml.tokens")
    return n_vocab


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vocab", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--dim", type=int, default=64)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--kv-heads", type=int, default=2)
    p.add_argument("--head-dim", type=int, default=0, help="attention key/value length (default dim/heads)")
    p.add_argument("--ffn", type=int, default=128)
    p.add_argument("--ctx", type=int, default=512)
    p.add_argument("--type", default="f32", choices=list(FILE_TYPES) + ["f32"])
    p.add_argument("--arch", default="llama", choices=["llama", "mistral3"])
    p.add_argument("--rope-scaling", choices=["linear", "yarn"])
    p.add_argument("--rope-factor", type=float, default=4.0)
    p.add_argument("--rope-freqs", action="store_true", help="llama3-style per-dimension frequency factors")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tied", action="store_true", help="no output.weight: the output reuses token_embd")
    p.add_argument("--name", default="foundry-test")
    p.add_argument("--f32-cache", help="keep (or reuse) the f32 weights at this path")
    a = p.parse_args()

    if a.type == "f32":
        write_f32(a, a.out)
    elif a.f32_cache:
        if not os.path.exists(a.f32_cache):
            partial = a.f32_cache + ".partial"
            write_f32(a, partial)
            os.replace(partial, a.f32_cache)
        quantize(a.f32_cache, a.out, a.type, a.threads)
    else:
        fd, tmp = tempfile.mkstemp(suffix=".gguf", dir=os.path.dirname(os.path.abspath(a.out)))
        os.close(fd)
        try:
            write_f32(a, tmp)
            quantize(tmp, a.out, a.type, a.threads)
        finally:
            os.unlink(tmp)


# llama.cpp's llama_ftype values.
FILE_TYPES = {"f16": 1, "q4_0": 2, "q8_0": 7, "q4_k_m": 15, "q5_k_m": 17, "q6_k": 18, "bf16": 32}


def quantize(src: str, dst: str, kind: str, threads: int) -> None:
    import llama_cpp
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = FILE_TYPES[kind]
    params.nthread = threads
    partial = dst + ".partial"
    rc = llama_cpp.llama_model_quantize(src.encode(), partial.encode(), params)
    if rc != 0:
        if os.path.exists(partial):
            os.unlink(partial)
        sys.exit(f"llama.cpp's quantizer failed for {kind} (status {rc})")
    os.replace(partial, dst)


def write_f32(a: argparse.Namespace, path: str) -> None:
    rng = np.random.default_rng(a.seed)
    head_dim = a.head_dim or a.dim // a.heads
    w = gguf.GGUFWriter(path, a.arch)
    w.add_name(a.name)
    n_vocab = copy_tokenizer(w, a.vocab)
    w.add_context_length(a.ctx)
    w.add_embedding_length(a.dim)
    w.add_block_count(a.layers)
    w.add_feed_forward_length(a.ffn)
    w.add_head_count(a.heads)
    w.add_head_count_kv(a.kv_heads)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_freq_base(10000.0)
    w.add_rope_dimension_count(head_dim)
    if a.head_dim:
        w.add_key_length(head_dim)
        w.add_value_length(head_dim)
    if a.rope_scaling:
        w.add_rope_scaling_type(gguf.RopeScalingType.LINEAR if a.rope_scaling == "linear" else gguf.RopeScalingType.YARN)
        w.add_rope_scaling_factor(a.rope_factor)
        w.add_rope_scaling_orig_ctx_len(a.ctx // 2)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)

    def tensor(name: str, shape: tuple, scale: float, quantize: bool = True) -> None:
        data = rng.standard_normal(shape) * scale
        if not quantize:
            data += 1.0  # norm weights near 1 keep activations in a sensible range
        w.add_tensor(name, data.astype(np.float32))

    # numpy shapes are (rows, cols); GGUF stores ne0 = cols.
    tensor("token_embd.weight", (n_vocab, a.dim), 0.5)
    for i in range(a.layers):
        tensor(f"blk.{i}.attn_norm.weight", (a.dim,), 0.1, quantize=False)
        tensor(f"blk.{i}.attn_q.weight", (a.heads * head_dim, a.dim), a.dim ** -0.5)
        tensor(f"blk.{i}.attn_k.weight", (a.kv_heads * head_dim, a.dim), a.dim ** -0.5)
        tensor(f"blk.{i}.attn_v.weight", (a.kv_heads * head_dim, a.dim), a.dim ** -0.5)
        tensor(f"blk.{i}.attn_output.weight", (a.dim, a.heads * head_dim), (a.heads * head_dim) ** -0.5)
        tensor(f"blk.{i}.ffn_norm.weight", (a.dim,), 0.1, quantize=False)
        tensor(f"blk.{i}.ffn_gate.weight", (a.ffn, a.dim), a.dim ** -0.5)
        tensor(f"blk.{i}.ffn_up.weight", (a.ffn, a.dim), a.dim ** -0.5)
        tensor(f"blk.{i}.ffn_down.weight", (a.dim, a.ffn), a.ffn ** -0.5)
    tensor("output_norm.weight", (a.dim,), 0.1, quantize=False)
    if not a.tied:
        tensor("output.weight", (n_vocab, a.dim), a.dim ** -0.5)
    if a.rope_freqs:
        # Factors rising from 1 to 8 across the rotary dimensions, like Llama 3.1's.
        w.add_tensor("rope_freqs.weight", np.linspace(1.0, 8.0, head_dim // 2).astype(np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
