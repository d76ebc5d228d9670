#!/usr/bin/env python3
"""Writes vocabulary-only GGUF files (tokenizer metadata, no tensors), like llama.cpp's
models/ggml-vocab-*.gguf.

  make_vocab_gguf.py mistral SOURCE --out FILE [--version v7]
      A Mistral tokenizer shipped inside the installed `mistral-common` package (SOURCE is a file
      name in mistral_common/data, e.g. tekken_240911.json or
      mistral_instruct_tokenizer_241114.model.v7, or a path), converted exactly as llama.cpp's
      convert_hf_to_gguf.py does it for Mistral-format models: tokens, scores and types from
      gguf-py's own `MistralVocab`, `tokenizer.ggml.pre = tekken` and the merges for tekken,
      bos/eos/unk/pad ids, add_bos_token true, add_eos_token false. `--version v7` rewrites the
      tekken config's version (the vocabulary and special tokens stay the same), which gives a
      v7-tekken tokenizer like Mistral Small 3's from the tekken files the package ships.

  make_vocab_gguf.py copy VOCAB.gguf --out FILE [--pre NAME] [--name NAME] [--chat-template TEXT]
      The tokenizer metadata of another GGUF file (e.g. ../shared/data/tokenizer/*.gguf), with
      tokenizer.ggml.pre, general.name or the chat template replaced: the same vocabulary under
      another pre-tokenizer.

  make_vocab_gguf.py tiny spm|bpe --out FILE [--chat-template TEXT] [--arch llama]
      A tiny hand-made vocabulary (a few hundred tokens) for fast model tests: SentencePiece
      style (`llama`: <unk> <s> </s>, 256 byte tokens, scored pieces) or byte-level BPE (`gpt2`:
      the 256 byte-unicode tokens, merges, <|endoftext|>). Both carry a few control tokens
      ([INST] [/INST] <|im_start|> <|im_end|>) so chat templates can be rendered.

The gguf package (llama.cpp's gguf-py) writes the files; `mistral` also needs mistral-common
and sentencepiece. Exit status 3 means one of those packages is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

MISSING_PEER = 3


def fail(message: str, status: int = 1) -> None:
    print(f"make_vocab_gguf.py: {message}", file=sys.stderr)
    sys.exit(status)


def need_gguf():
    try:
        import gguf  # noqa: F401
    except ImportError:
        fail("the gguf package is not installed (pip install gguf)", MISSING_PEER)
    import gguf

    return gguf


def mistral_data_dir() -> Path:
    try:
        import mistral_common
    except ImportError:
        fail("mistral-common is not installed (pip install mistral-common)", MISSING_PEER)
    return Path(mistral_common.__file__).parent / "data"


def mistral_source(source: str) -> Path:
    path = Path(source)
    if path.is_file():
        return path
    shipped = mistral_data_dir() / source
    if shipped.is_file():
        return shipped
    names = sorted(p.name for p in mistral_data_dir().iterdir() if p.is_file())
    fail(f"no tokenizer file '{source}' (mistral-common ships: {', '.join(names)})")
    raise AssertionError


def staged_tokenizer_dir(source: Path, version: str | None, into: str) -> Path:
    """A directory holding only the tokenizer file, named as MistralVocab looks for it."""
    directory = Path(into)
    if source.suffix == ".json":
        data = json.loads(source.read_text(encoding="utf-8"))
        if version:
            data["config"]["version"] = version
        (directory / "tekken.json").write_text(json.dumps(data), encoding="utf-8")
    else:
        if version:
            fail("--version applies to tekken files only")
        shutil.copyfile(source, directory / source.name)
    return directory


def write_mistral(source: Path, out: str, version: str | None) -> None:
    gguf = need_gguf()
    try:
        import sentencepiece  # noqa: F401
    except ImportError:
        fail("sentencepiece is not installed (pip install sentencepiece)", MISSING_PEER)
    from gguf.vocab import MistralTokenizerType, MistralVocab

    with tempfile.TemporaryDirectory() as staging:
        vocab = MistralVocab(staged_tokenizer_dir(source, version, staging))
        # convert_hf_to_gguf.py, TextModel._set_vocab_mistral, without the model tensors.
        writer = gguf.GGUFWriter(out + ".partial", "llama")
        writer.add_name(f"{vocab.tokenizer_name} ({source.name})")
        writer.add_tokenizer_model(vocab.gguf_tokenizer_model)
        tokens, scores, types = [], [], []
        for text, score, toktype in vocab.all_tokens():
            tokens.append(text)
            scores.append(score)
            types.append(toktype)
        if len(tokens) != vocab.vocab_size:
            fail(f"token count ({len(tokens)}) != vocab size ({vocab.vocab_size})")
        if vocab.tokenizer_type == MistralTokenizerType.tekken:
            writer.add_tokenizer_pre("tekken")
            writer.add_token_merges(vocab.extract_vocab_merges_from_model())
        writer.add_bos_token_id(vocab.bos_id)
        writer.add_eos_token_id(vocab.eos_id)
        writer.add_unk_token_id(vocab.unk_id)
        writer.add_pad_token_id(vocab.pad_id)
        writer.add_token_list(tokens)
        writer.add_token_scores(scores)
        writer.add_token_types(types)
        writer.add_vocab_size(vocab.vocab_size)
        writer.add_add_bos_token(True)
        writer.add_add_eos_token(False)
        finish(writer, out)


def finish(writer, out: str) -> None:
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    os.replace(out + ".partial", out)


# --- tiny vocabularies ---------------------------------------------------------------------------

TINY_WORDS = [
    "the", "a", "an", "and", "of", "to", "in", "is", "it", "that", "for", "on", "with", "as", "was",
    "hello", "world", "model", "token", "you", "what", "can", "do", "your", "country", "ask", "not",
]
TINY_CONTROL = ["[INST]", "[/INST]", "<|im_start|>", "<|im_end|>"]


def bytes_to_unicode() -> dict[int, str]:
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


def write_tiny(kind: str, out: str, chat_template: str | None, arch: str) -> None:
    gguf = need_gguf()
    writer = gguf.GGUFWriter(out + ".partial", arch)
    writer.add_name(f"tiny-{kind}")
    tokens: list[str] = []
    scores: list[float] = []
    types: list[int] = []

    def add(text: str, score: float, toktype) -> None:
        tokens.append(text)
        scores.append(score)
        types.append(int(toktype))

    if kind == "spm":
        add("<unk>", 0.0, gguf.TokenType.UNKNOWN)
        add("<s>", 0.0, gguf.TokenType.CONTROL)
        add("</s>", 0.0, gguf.TokenType.CONTROL)
        for b in range(256):
            add(f"<0x{b:02X}>", 0.0, gguf.TokenType.BYTE)
        pieces: list[str] = ["▁"]
        for word in TINY_WORDS:
            text = "▁" + word
            # every prefix of a piece is a piece, so the bigram merges can reach it
            for end in range(2, len(text) + 1):
                if text[:end] not in pieces:
                    pieces.append(text[:end])
        for letter in "abcdefghijklmnopqrstuvwxyz,.!?'":
            if letter not in pieces:
                pieces.append(letter)
        for rank, piece in enumerate(pieces):
            add(piece, -float(rank), gguf.TokenType.NORMAL)
        for text in TINY_CONTROL:
            add(text, 0.0, gguf.TokenType.CONTROL)
        writer.add_tokenizer_model("llama")
        writer.add_tokenizer_pre("default")
        writer.add_token_list(tokens)
        writer.add_token_scores(scores)
        writer.add_token_types(types)
        writer.add_bos_token_id(1)
        writer.add_eos_token_id(2)
        writer.add_unk_token_id(0)
        writer.add_add_bos_token(True)
        writer.add_add_eos_token(False)
    elif kind == "bpe":
        mapping = bytes_to_unicode()
        for b in range(256):
            add(mapping[b], 0.0, gguf.TokenType.NORMAL)
        merges: list[str] = []
        known = set(tokens)
        for word in TINY_WORDS:
            for text in (word, " " + word):
                encoded = "".join(mapping[b] for b in text.encode("utf-8"))
                for end in range(2, len(encoded) + 1):
                    merged = encoded[:end]
                    if merged not in known:
                        merges.append(f"{encoded[:end - 1]} {encoded[end - 1]}")
                        known.add(merged)
                        add(merged, 0.0, gguf.TokenType.NORMAL)
        eot = len(tokens)
        add("<|endoftext|>", 0.0, gguf.TokenType.CONTROL)
        for text in TINY_CONTROL:
            add(text, 0.0, gguf.TokenType.CONTROL)
        writer.add_tokenizer_model("gpt2")
        writer.add_tokenizer_pre("gpt-2")
        writer.add_token_list(tokens)
        writer.add_token_types(types)
        writer.add_token_merges(merges)
        writer.add_bos_token_id(eot)
        writer.add_eos_token_id(eot)
        writer.add_add_bos_token(False)
    else:
        fail(f"unknown tiny vocabulary kind '{kind}' (spm or bpe)")
    if chat_template:
        writer.add_chat_template(chat_template)
    finish(writer, out)


def write_copy(source: str, out: str, pre: str | None, name: str | None, chat_template: str | None) -> None:
    gguf = need_gguf()
    reader = gguf.GGUFReader(source)
    arch_field = reader.fields.get("general.architecture")
    arch = bytes(arch_field.parts[arch_field.data[0]]).decode("utf-8") if arch_field else "llama"
    writer = gguf.GGUFWriter(out + ".partial", arch)
    replaced = {"tokenizer.ggml.pre": pre, "general.name": name, "tokenizer.chat_template": chat_template}
    for field in reader.fields.values():
        key = field.name
        if key.startswith("GGUF.") or key == "general.architecture" or replaced.get(key) is not None:
            continue
        vtype = field.types[0]
        if vtype == gguf.GGUFValueType.ARRAY:
            etype = field.types[1]
            if etype == gguf.GGUFValueType.STRING:
                values = [bytes(field.parts[i]) for i in field.data]
                writer.add_array(key, values)
            else:
                writer.add_key_value(key, [field.parts[i].tolist()[0] for i in field.data], vtype, sub_type=etype)
        elif vtype == gguf.GGUFValueType.STRING:
            writer.add_string(key, bytes(field.parts[field.data[0]]).decode("utf-8"))
        else:
            writer.add_key_value(key, field.parts[field.data[0]].tolist()[0], vtype)
    for key, value in replaced.items():
        if value is not None:
            writer.add_string(key, value)
    finish(writer, out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    mistral = sub.add_parser("mistral", help="a tokenizer from mistral-common's data files")
    mistral.add_argument("source")
    mistral.add_argument("--out", required=True)
    mistral.add_argument("--version", help="tekken only: the config version to write (e.g. v7)")
    copy = sub.add_parser("copy", help="another GGUF file's tokenizer, some keys replaced")
    copy.add_argument("source")
    copy.add_argument("--out", required=True)
    copy.add_argument("--pre")
    copy.add_argument("--name")
    copy.add_argument("--chat-template")
    tiny = sub.add_parser("tiny", help="a tiny hand-made vocabulary")
    tiny.add_argument("kind", choices=["spm", "bpe"])
    tiny.add_argument("--out", required=True)
    tiny.add_argument("--chat-template")
    tiny.add_argument("--arch", default="llama")
    args = parser.parse_args()
    if args.command == "mistral":
        write_mistral(mistral_source(args.source), args.out, args.version)
    elif args.command == "copy":
        write_copy(args.source, args.out, args.pre, args.name, args.chat_template)
    else:
        write_tiny(args.kind, args.out, args.chat_template, args.arch)


if __name__ == "__main__":
    main()
