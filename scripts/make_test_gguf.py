#!/usr/bin/env python3
"""Writes a llama-architecture GGUF with seeded random weights and a real vocabulary.

The vocabulary and tokenizer metadata are copied from a vocabulary-only GGUF (for example
../shared/data/tokenizer/ggml-vocab-llama-spm.gguf), so llama.cpp and foundry tokenize real text.
The weights are random but deterministic for a seed: the files are for checking that two
engines compute the same function, not for producing sensible text.

    make_test_gguf.py --vocab VOCAB.gguf --out model.gguf [--dim 64 --layers 2 --heads 4
        --kv-heads 2 --ffn 128 --ctx 512 --type f32|f16|q8_0 --seed 1 --head-dim N --tied]
"""
import argparse
import sys

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
    p.add_argument("--type", default="f32", choices=["f32", "f16", "q8_0"])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tied", action="store_true", help="no output.weight: the output reuses token_embd")
    p.add_argument("--name", default="foundry-test")
    a = p.parse_args()

    rng = np.random.default_rng(a.seed)
    head_dim = a.head_dim or a.dim // a.heads
    w = gguf.GGUFWriter(a.out, "llama")
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
    ftype = {"f32": gguf.LlamaFileType.ALL_F32, "f16": gguf.LlamaFileType.MOSTLY_F16, "q8_0": gguf.LlamaFileType.MOSTLY_Q8_0}[a.type]
    w.add_file_type(ftype)

    def tensor(name: str, shape: tuple, scale: float, quantize: bool = True) -> None:
        data = (rng.standard_normal(shape) * scale).astype(np.float32)
        if a.type == "f32" or not quantize:
            w.add_tensor(name, data)
        elif a.type == "f16":
            w.add_tensor(name, data.astype(np.float16))
        else:
            q = gguf.quants.quantize(data, gguf.GGMLQuantizationType.Q8_0)
            w.add_tensor(name, q, raw_shape=q.shape, raw_dtype=gguf.GGMLQuantizationType.Q8_0)

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
    # Norm weights near 1 keep activations in a sensible range.
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
