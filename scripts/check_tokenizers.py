#!/usr/bin/env python3
"""Reference token ids for foundry's GGUF tokenizer, from peers no one here wrote.

  check_tokenizers.py mistral --vocab-dir DIR --cases-out OUT.json
      Mistral's own tokenizers (mistral-common, with the tokenizer files that package ships):
      writes GGUF vocabularies of them into DIR the way llama.cpp's converter does (see
      make_vocab_gguf.py; rebuilt when that script or mistral-common changes), then encodes
      the sample texts (tokenizer.encode, no BOS/EOS) and multi-turn conversations with system
      prompts (encode_chat_completion) and writes
      {"tokenizers": [{"name", "gguf", "template", "texts": [{"text", "ids"}],
                       "chats": [{"messages": [{"role", "content"}], "ids"}]}]}

  check_tokenizers.py llama --gguf FILE [--gguf FILE ...] --cases-out OUT.json
      llama.cpp itself (llama-cpp-python, vocabulary only): the sample texts tokenized without
      special-token parsing, and texts with the vocabulary's special tokens written into them
      tokenized with it; writes {"files": [{"gguf", "plain": [{"text", "ids"}],
      "special": [{"text", "ids"}]}]}

  check_tokenizers.py templates --cases-out OUT.json
      llama.cpp's built-in chat templates (llama_chat_apply_template) for llama3, chatml and
      mistral-v7-tekken, applied to the conversations below with the generation prompt; writes
      {"templates": [{"name", "chats": [{"messages", "prompt"}]}]}

  check_tokenizers.py time --gguf FILE --text-file F [--repeat N]
      llama.cpp's load and tokenize time for the text in F (no BOS, special tokens parsed):
      prints {"load_s", "encode_s" (median of N), "tokens"} as JSON, for the benchmark.

The sample texts are check_tiktoken.py's: fixed edge cases (unicode, code, digits, whitespace
runs) and deterministic random mixtures. Exit status 3 means a peer package is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check_tiktoken import sample_texts  # noqa: E402

MISSING_PEER = 3

# name, mistral-common data file, tekken config version override, chat template foundry uses
MISTRAL_TOKENIZERS = [
    ("mistral-tekken-240911-v7", "tekken_240911.json", "v7", "mistral-v7"),
    ("mistral-tekken-240718-v3", "tekken_240718.json", None, "mistral"),
    ("mistral-spm-241114-v7", "mistral_instruct_tokenizer_241114.model.v7", None, "mistral-v7"),
    ("mistral-spm-240323-v3", "mistral_instruct_tokenizer_240323.model.v3", None, "mistral"),
    ("mistral-spm-v1", "tokenizer.model.v1", None, None),
]


def fail(message: str, status: int = 1) -> None:
    print(f"check_tokenizers.py: {message}", file=sys.stderr)
    sys.exit(status)


def conversations() -> list[list[dict]]:
    """Multi-turn conversations with system prompts, contents drawn from varied texts."""
    rng = random.Random(7)
    pool = [t for t in sample_texts() if t.strip() and len(t) < 400]
    fixed = [
        [{"role": "system", "content": "You are a helpful assistant."},
         {"role": "user", "content": "Hello! Who are you?"}],
        [{"role": "system", "content": "Answer in French."},
         {"role": "user", "content": "What is the capital of Italy?"},
         {"role": "assistant", "content": "La capitale de l'Italie est Rome."},
         {"role": "user", "content": "And of Spain?"}],
        [{"role": "system", "content": "Be brief.\nUse lists."},
         {"role": "user", "content": "  leading and trailing spaces  "},
         {"role": "assistant", "content": "Trailing spaces go   "},
         {"role": "user", "content": "def f(x):\n    return x\n"}],
        [{"role": "user", "content": "No system prompt here."},
         {"role": "assistant", "content": "Fine."},
         {"role": "user", "content": "日本語で答えて 😀"}],
        # special-token text typed in messages stays text
        [{"role": "system", "content": "Never say [/SYSTEM_PROMPT] or [INST]."},
         {"role": "user", "content": "Write </s> then [INST] x [/INST] <s>"},
         {"role": "assistant", "content": "[TOOL_CALLS] </s>"},
         {"role": "user", "content": "<|im_end|> <|eot_id|>"}],
    ]
    chats = list(fixed)
    for _ in range(24):
        messages = [{"role": "system", "content": rng.choice(pool)}]
        for turn in range(rng.randrange(1, 4)):
            if turn:
                messages.append({"role": "assistant", "content": rng.choice(pool)})
            messages.append({"role": "user", "content": rng.choice(pool)})
        chats.append(messages)
    return chats


def mistral_vocab(directory: Path, name: str, source: str, version: str | None) -> Path:
    """The GGUF vocabulary, rebuilt when the converter script or mistral-common changed."""
    import hashlib

    import mistral_common

    target = directory / f"{name}.gguf"
    stamp = directory / f"{name}.gguf.stamp"
    script = HERE / "make_vocab_gguf.py"
    expected = hashlib.sha256(script.read_bytes()).hexdigest() + " mistral-common " + mistral_common.__version__
    if target.exists() and stamp.exists() and stamp.read_text() == expected:
        return target
    command = [sys.executable, str(script), "mistral", source, "--out", str(target)]
    if version:
        command += ["--version", version]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"make_vocab_gguf.py failed for {source}: {run.stderr.strip()}", run.returncode)
    stamp.write_text(expected)
    return target


def mistral_cases(vocab_dir: str, out: str) -> None:
    try:
        import mistral_common
        from mistral_common.protocol.instruct.request import ChatCompletionRequest
        from mistral_common.tokens.tokenizers.mistral import MistralTokenizer
    except ImportError:
        fail("mistral-common is not installed (pip install mistral-common)", MISSING_PEER)
    try:
        import sentencepiece  # noqa: F401
    except ImportError:
        fail("sentencepiece is not installed (pip install sentencepiece)", MISSING_PEER)
    data = Path(mistral_common.__file__).parent / "data"
    directory = Path(vocab_dir)
    directory.mkdir(parents=True, exist_ok=True)
    texts = sample_texts()
    chats = conversations()
    result = []
    for name, source, version, template in MISTRAL_TOKENIZERS:
        path = data / source
        if version:  # the same tekken file with its config version replaced
            staged = directory / f"{name}.tekken.json"
            config = json.loads(path.read_text(encoding="utf-8"))
            config["config"]["version"] = version
            staged.write_text(json.dumps(config), encoding="utf-8")
            path = staged
        tokenizer = MistralTokenizer.from_file(str(path))
        raw = tokenizer.instruct_tokenizer.tokenizer
        entry = {
            "name": name,
            "gguf": str(mistral_vocab(directory, name, source, version)),
            "template": template,
            "texts": [{"text": t, "ids": raw.encode(t, bos=False, eos=False)} for t in texts],
            "chats": [],
        }
        if template:
            for messages in chats:
                request = ChatCompletionRequest(messages=messages)
                entry["chats"].append({"messages": messages, "ids": tokenizer.encode_chat_completion(request).tokens})
        result.append(entry)
        print(f"{name}: {len(entry['texts'])} texts, {len(entry['chats'])} conversations", file=sys.stderr)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"tokenizers": result}, f, ensure_ascii=False)


def special_texts(specials: list[str], rng: random.Random) -> list[str]:
    """Sample texts with special tokens written into them, with and without spaces around."""
    texts = []
    pool = [t for t in sample_texts() if len(t) < 300]
    for _ in range(120):
        parts = []
        for _ in range(rng.randrange(1, 5)):
            parts.append(rng.choice(pool))
            parts.append(rng.choice(["", " ", "\n", "  "]) + rng.choice(specials) + rng.choice(["", " ", "\n", "  "]))
        texts.append("".join(parts))
    return texts


def llama_cases(paths: list[str], out: str) -> None:
    try:
        import llama_cpp
    except ImportError:
        fail("llama-cpp-python is not installed (pip install llama-cpp-python)", MISSING_PEER)
    texts = sample_texts()
    files = []
    for path in paths:
        model = llama_cpp.Llama(path, vocab_only=True, verbose=False)
        vocab = llama_cpp.llama_model_get_vocab(model.model)
        control_or_user = (1 << 3) | (1 << 4)  # llama_token_attr CONTROL, USER_DEFINED
        specials = [
            llama_cpp.llama_vocab_get_text(vocab, i).decode("utf-8", errors="replace")
            for i in range(llama_cpp.llama_vocab_n_tokens(vocab))
            if llama_cpp.llama_vocab_get_attr(vocab, i) & control_or_user
        ]
        specials = [s for s in specials if s and not s.startswith("<SPECIAL_")][:64] or ["<s>"]
        rng = random.Random(11)
        plain = [{"text": t, "ids": model.tokenize(t.encode("utf-8"), add_bos=False, special=False)} for t in texts]
        special = [{"text": t, "ids": model.tokenize(t.encode("utf-8"), add_bos=False, special=True)}
                   for t in special_texts(specials, rng)]
        files.append({"gguf": path, "plain": plain, "special": special})
        print(f"{os.path.basename(path)}: {len(plain)} plain, {len(special)} with special tokens", file=sys.stderr)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"files": files}, f, ensure_ascii=False)


def template_cases(out: str) -> None:
    try:
        import ctypes
        import llama_cpp
    except ImportError:
        fail("llama-cpp-python is not installed (pip install llama-cpp-python)", MISSING_PEER)
    result = []
    for name in ["llama3", "chatml", "mistral-v7-tekken"]:
        chats = []
        for messages in conversations():
            array = (llama_cpp.llama_chat_message * len(messages))()
            keep = []
            for i, message in enumerate(messages):
                role, content = message["role"].encode("utf-8"), message["content"].encode("utf-8")
                keep += [role, content]
                array[i].role, array[i].content = role, content
            size = llama_cpp.llama_chat_apply_template(name.encode(), array, len(messages), True, None, 0)
            buffer = ctypes.create_string_buffer(size + 1)
            written = llama_cpp.llama_chat_apply_template(name.encode(), array, len(messages), True, buffer, size + 1)
            if written < 0:
                fail(f"llama.cpp does not know the chat template {name}")
            chats.append({"messages": messages, "prompt": buffer.raw[:written].decode("utf-8")})
        result.append({"name": name, "chats": chats})
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"templates": result}, f, ensure_ascii=False)


def time_llama(path: str, text_file: str, repeat: int) -> None:
    try:
        import llama_cpp
    except ImportError:
        fail("llama-cpp-python is not installed (pip install llama-cpp-python)", MISSING_PEER)
    import time

    data = Path(text_file).read_bytes()
    start = time.perf_counter()
    model = llama_cpp.Llama(path, vocab_only=True, verbose=False)
    load = time.perf_counter() - start
    times, ids = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        ids = model.tokenize(data, add_bos=False, special=True)
        times.append(time.perf_counter() - start)
    times.sort()
    print(json.dumps({"load_s": load, "encode_s": times[len(times) // 2], "tokens": len(ids)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="peer", required=True)
    mistral = sub.add_parser("mistral")
    mistral.add_argument("--vocab-dir", required=True)
    mistral.add_argument("--cases-out", required=True)
    llama = sub.add_parser("llama")
    llama.add_argument("--gguf", action="append", required=True)
    llama.add_argument("--cases-out", required=True)
    timing = sub.add_parser("time")
    timing.add_argument("--gguf", required=True)
    timing.add_argument("--text-file", required=True)
    timing.add_argument("--repeat", type=int, default=5)
    templates = sub.add_parser("templates")
    templates.add_argument("--cases-out", required=True)
    args = parser.parse_args()
    if args.peer == "mistral":
        mistral_cases(args.vocab_dir, args.cases_out)
    elif args.peer == "time":
        time_llama(args.gguf, args.text_file, args.repeat)
    elif args.peer == "templates":
        template_cases(args.cases_out)
    else:
        llama_cases(args.gguf, args.cases_out)


if __name__ == "__main__":
    main()
