#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (Fuzz/corpus/TARGET/seed-*) from the project's own test
data: ../shared/data (vocabularies and their test texts, routing datasets, the speech
recording), the embedded catalog and quality model, the README's config examples, tiny GGUF
models written by make_test_gguf.py, and hand-written protocol messages of each wire format.

    make_fuzz_seeds.py [--python VENV_PYTHON]

Needs the gguf package (scripts/bootstrap --python) for the GGUF seeds, sox and opusenc for the
audio ones. Seeds are small (a fuzzer mutates small inputs fastest); existing seed-* files are
replaced, other corpus files (inputs the fuzzer found) are kept.
"""
import base64
import glob
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("FOUNDRY_SHARED_DATA") or os.path.join(os.path.dirname(ROOT), "shared", "data")
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")


def put(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


def clear_seeds():
    for path in glob.glob(os.path.join(CORPUS, "*", "seed-*")):
        os.remove(path)


def sse(events):
    return "".join("data: " + (e if isinstance(e, str) else json.dumps(e)) + "\n\n" for e in events)


def openai_streams():
    chunk = lambda delta, finish=None: {"id": "c1", "object": "chat.completion.chunk", "model": "m",
                                        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    text = [chunk({"role": "assistant", "content": ""}), chunk({"content": "Hello"}), chunk({"content": " world"}),
            chunk({}, "stop"), {"id": "c1", "choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11,
                                                                      "prompt_tokens_details": {"cached_tokens": 4}}}, "[DONE]"]
    tools = [chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": ""}}]}),
             chunk({"tool_calls": [{"index": 0, "function": {"arguments": "{\"city\":"}}]}),
             chunk({"tool_calls": [{"index": 0, "function": {"arguments": "\"Paris\"}"}}]}), chunk({}, "tool_calls"), "[DONE]"]
    error = [{"error": {"message": "The server had an error", "type": "server_error", "code": 500}}]
    azure = [{"choices": [], "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}]},
             chunk({"content": "Hi"}), chunk({}, "content_filter"), "[DONE]"]
    return {"text": sse(text), "tools": sse(tools), "error": sse(error), "azure": sse(azure),
            "crlf": sse(text).replace("\n", "\r\n"), "comments": ": keep-alive\n\n" + sse(text[:2]) + "retry: 100\nevent: x\n" + sse(text[2:])}


def anthropic_stream():
    events = [
        ("message_start", {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude",
                                                                 "usage": {"input_tokens": 12, "output_tokens": 1}}}),
        ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("content_block_start", {"type": "content_block_start", "index": 1,
                                 "content_block": {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {}}}),
        ("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "{\"city\": \"Paris\"}"}}),
        ("content_block_stop", {"type": "content_block_stop", "index": 1}),
        ("ping", {"type": "ping"}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": {"output_tokens": 15}}),
        ("message_stop", {"type": "message_stop"}),
    ]
    body = "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)
    error = 'event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n'
    return {"tools": body, "error": error}


def ollama_lines():
    """/api/chat NDJSON replies, each prefixed with the read size the C target splits them at."""
    line = lambda **kw: json.dumps({"model": "llama3.2", "created_at": "2026-12-07T00:00:00Z", **kw})
    chat = "\n".join([line(message={"role": "assistant", "content": "Hello"}, done=False),
                      line(message={"role": "assistant", "content": " there"}, done=False),
                      line(message={"role": "assistant", "content": ""}, done=True, done_reason="stop", prompt_eval_count=26, eval_count=3)]) + "\n"
    tools = "\n".join([line(message={"role": "assistant", "content": "", "tool_calls": [
                           {"function": {"name": "get_weather", "arguments": {"city": "Paris", "days": [1, 2]}}},
                           {"id": "t2", "function": {"name": "now", "arguments": "{}"}}]}, done=False),
                       line(message={"role": "assistant", "content": ""}, done=True, done_reason="length")])
    error = json.dumps({"error": "model \"nope\" not found, try pulling it first"}) + "\n"
    return {"chat": b"\x40" + chat.encode(), "tools": b"\x07" + tools.encode(), "error": b"\x01" + error.encode()}


def http_responses(streams):
    body = streams["text"]
    chunked = "".join(f"{len(part):x}\r\n{part}\r\n" for part in [body[:40], body[40:]]) + "0\r\n\r\n"
    return {
        "length": f"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: {len(body)}\r\n\r\n{body}",
        "chunked": f"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n{chunked}",
        "close": f"HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n{body}",
        "error": 'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nContent-Type: application/json\r\nContent-Length: 58\r\n\r\n'
                 '{"error":{"message":"slow down","type":"rate_limit","c":1}}',
        "continue": f"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n{body}",
    }


def realtime(jfk_pcm24):
    audio = base64.b64encode(jfk_pcm24[:9600]).decode()
    client = {
        "session-update": {"type": "session.update", "session": {"type": "realtime", "instructions": "Be brief.",
                                                                "audio": {"input": {"format": {"type": "audio/pcm", "rate": 24000},
                                                                                    "turn_detection": {"type": "server_vad", "threshold": 0.5,
                                                                                                       "prefix_padding_ms": 300, "silence_duration_ms": 500}},
                                                                          "output": {"voice": "alloy"}},
                                                                "foundry": {"codec": "opus"}}},
        "session-update-beta": {"type": "session.update", "session": {"modalities": ["text", "audio"], "input_audio_format": "pcm16",
                                                                     "turn_detection": None, "voice": "alloy"}},
        "append": {"event_id": "e1", "type": "input_audio_buffer.append", "audio": audio},
        "commit": {"type": "input_audio_buffer.commit"},
        "clear": {"type": "input_audio_buffer.clear"},
        "item": {"type": "conversation.item.create", "item": {"type": "message", "role": "user",
                                                              "content": [{"type": "input_text", "text": "What is the capital of France?"}]}},
        "truncate": {"type": "conversation.item.truncate", "item_id": "item_1", "content_index": 0, "audio_end_ms": 1500},
        "delete": {"type": "conversation.item.delete", "item_id": "item_1"},
        "response": {"type": "response.create", "response": {"instructions": "Answer in one word."}},
        "cancel": {"type": "response.cancel"},
    }
    server = {
        "session-created": {"type": "session.created", "event_id": "ev1", "session": {"id": "sess_1", "model": "gpt-realtime", "voice": "alloy"}},
        "speech-started": {"type": "input_audio_buffer.speech_started", "audio_start_ms": 120, "item_id": "item_1"},
        "transcript": {"type": "conversation.item.input_audio_transcription.completed", "item_id": "item_1", "content_index": 0,
                       "transcript": "ask not what your country can do for you"},
        "text-delta": {"type": "response.output_text.delta", "response_id": "resp_1", "item_id": "item_2", "delta": "Hello"},
        "audio-delta": {"type": "response.output_audio.delta", "response_id": "resp_1", "item_id": "item_2", "delta": audio[:640]},
        "audio-delta-beta": {"type": "response.audio.delta", "response_id": "resp_1", "item_id": "item_2", "delta": audio[:640]},
        "done": {"type": "response.done", "response": {"id": "resp_1", "status": "completed",
                                                        "usage": {"total_tokens": 30, "input_tokens": 20, "output_tokens": 10,
                                                                  "input_token_details": {"audio_tokens": 12, "text_tokens": 8, "cached_tokens": 0},
                                                                  "output_token_details": {"audio_tokens": 6, "text_tokens": 4}},
                                                        "foundry": {"timings": {"vad_ms": 5, "stt_ms": 120, "llm_ttft_ms": 300, "tts_first_audio_ms": 80}}}},
        "error": {"type": "error", "error": {"type": "invalid_request_error", "code": "invalid_value", "message": "bad", "param": "session"}},
        "rate-limits": {"type": "rate_limits.updated", "rate_limits": [{"name": "requests", "limit": 100, "remaining": 99, "reset_seconds": 1.5}]},
    }
    return ({k: json.dumps(v) for k, v in client.items()}, {k: json.dumps(v) for k, v in server.items()})


def ogg_packets(path):
    """The audio packets of an Ogg Opus file (its header packets skipped)."""
    data = open(path, "rb").read()
    packets, partial, offset = [], b"", 0
    while offset + 27 <= len(data) and data[offset:offset + 4] == b"OggS":
        segments = data[offset + 26]
        table = data[offset + 27:offset + 27 + segments]
        offset += 27 + segments
        for size in table:
            partial += data[offset:offset + size]
            offset += size
            if size < 255:
                packets.append(partial)
                partial = b""
    return packets[2:]


def requests():
    chat = {
        "simple": {"model": "auto", "messages": [{"role": "user", "content": "Say hello"}]},
        "stream": {"model": "gpt-4o-mini", "stream": True, "stream_options": {"include_usage": True}, "max_tokens": 64,
                   "temperature": 0.2, "top_p": 0.9, "stop": ["\n\n"], "seed": 7,
                   "messages": [{"role": "developer", "content": "Be brief."}, {"role": "user", "content": "Hi"}]},
        "parts": {"model": "auto", "max_completion_tokens": 10, "messages": [
            {"role": "system", "content": [{"type": "text", "text": "You help."}]},
            {"role": "user", "content": [{"type": "text", "text": "Describe"}, {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}]},
        "tools": {"model": "auto", "tool_choice": "auto", "parallel_tool_calls": False,
                  "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
                                                              "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}],
                  "messages": [{"role": "user", "content": "Weather in Paris?"},
                               {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function",
                                                                                    "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
                               {"role": "tool", "tool_call_id": "call_1", "content": "18 C"}]},
        "json": {"model": "auto", "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}},
                 "messages": [{"role": "user", "content": "JSON please"}], "foundry": {"max_cost_usd": 0.01, "needs": ["json"], "policy": "cost"}},
    }
    completions = {
        "simple": {"model": "local", "prompt": "Once upon a time", "max_tokens": 16},
        "sampling": {"prompt": ["a", "b"], "temperature": 0.7, "top_k": 40, "min_p": 0.05, "stream": True, "stop": "."},
    }
    return {k: json.dumps(v) for k, v in chat.items()}, {k: json.dumps(v) for k, v in completions.items()}


def toml_blocks():
    blocks = []
    for path in [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        text = open(path, encoding="utf-8").read()
        blocks += re.findall(r"```toml\n(.*?)```", text, flags=re.S)
    return blocks


def catalog_seeds():
    own = json.load(open(os.path.join(ROOT, "Sources", "FoundryCatalog", "catalog.json")))
    models = own["models"] if isinstance(own, dict) else own
    small = {"schema_version": 1, "models": models[:4]}
    litellm = {
        "sample_spec": {"max_tokens": "LEGACY", "input_cost_per_token": 0},
        "gpt-4o-mini": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 16384,
                        "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07, "cache_read_input_token_cost": 7.5e-08,
                        "supports_function_calling": True, "supports_vision": True, "supports_response_schema": True},
        "anthropic/claude-haiku-4-5": {"litellm_provider": "anthropic", "mode": "chat", "max_input_tokens": 200000,
                                       "input_cost_per_token": 1e-06, "output_cost_per_token": 5e-06},
        "text-embedding-3-small": {"litellm_provider": "openai", "mode": "embedding", "input_cost_per_token": 2e-08},
        "azure/gpt-4o": {"litellm_provider": "azure", "mode": "chat", "input_cost_per_token": "2.5e-06", "output_cost_per_token": None},
    }
    return {"foundry": json.dumps(small), "litellm": json.dumps(litellm)}


def csv_seeds():
    out = {}
    for path in sorted(glob.glob(os.path.join(DATA, "routing", "*.csv")))[:3] + sorted(glob.glob(os.path.join(DATA, "routing", "routellm-mmlu", "*.csv")))[:2]:
        with open(path, "rb") as f:
            head = b"".join(f.readline() for _ in range(4))
        out[os.path.basename(path)] = head[:60000]
    return out


def quality_model_seed():
    model = json.load(open(os.path.join(ROOT, "Sources", "FoundryRouting", "Quality", "Resources", "quality-model.json")))
    features = model["features"]
    dense = len(base64.b64decode(model["curves"][0]["weights_f32le_base64"])) // 4 - features["word_buckets"] - features["char_buckets"]
    features["word_buckets"], features["char_buckets"] = 16, 16
    for curve in model["curves"][:3]:
        weights = base64.b64decode(curve["weights_f32le_base64"])[:4 * (32 + dense)]
        curve["weights_f32le_base64"] = base64.b64encode(weights).decode()
    model["curves"] = model["curves"][:3]
    return json.dumps(model)


def audio_seeds(work):
    jfk = os.path.join(DATA, "audio", "jfk.wav")
    out = {}
    short = os.path.join(work, "short.wav")
    subprocess.run(["sox", jfk, short, "trim", "0", "0.3"], check=True)
    for ext, extra in [("wav", []), ("flac", []), ("aiff", []), ("ogg", []), ("au", []), ("wav", ["-e", "a-law"])]:
        path = os.path.join(work, f"a{len(out)}.{ext}")
        subprocess.run(["sox", short] + extra + [path], check=True)
        out[f"{len(out)}.{ext}"] = open(path, "rb").read()
    opus = os.path.join(work, "a.opus")
    subprocess.run(["opusenc", "--quiet", short, opus], check=True)
    out["opus"] = open(opus, "rb").read()
    return out, opus


def gguf_seeds(python, work):
    tiny = {}
    for kind in ["spm", "bpe"]:
        path = os.path.join(work, f"vocab-{kind}.gguf")
        subprocess.run([python, os.path.join(ROOT, "scripts", "make_vocab_gguf.py"), "tiny", kind, "--out", path,
                        "--chat-template", "{% for m in messages %}{{ m['content'] }}{% endfor %}"], check=True)
        tiny[kind] = path
    models = {}
    for kind, path in tiny.items():
        for t in ["f32", "f16", "q8_0", "q4_0"]:
            out = os.path.join(work, f"model-{kind}-{t}.gguf")
            subprocess.run([python, os.path.join(ROOT, "scripts", "make_test_gguf.py"), "--vocab", path, "--out", out, "--dim", "32",
                            "--layers", "1", "--heads", "2", "--kv-heads", "1", "--ffn", "64", "--ctx", "64", "--type", t, "--seed", "1"],
                           check=True, capture_output=True)
            models[f"{kind}-{t}"] = open(out, "rb").read()
    return {k: open(p, "rb").read() for k, p in tiny.items()}, models


def main():
    python = sys.argv[sys.argv.index("--python") + 1] if "--python" in sys.argv else \
        os.path.expanduser(os.environ.get("FOUNDRY_VENV", "~/.cache/foundry/venv")) + "/bin/python"
    if not os.path.isdir(DATA):
        sys.exit(f"make_fuzz_seeds: the shared test data is missing: {DATA}")
    clear_seeds()
    with tempfile.TemporaryDirectory() as work:
        vocabs, models = gguf_seeds(python, work)
        for name, data in {**{"vocab-" + k: v for k, v in vocabs.items()}, **models}.items():
            put("gguf", name, data)
            put("gguf-model", name, data)
        for i, name in enumerate(["llama-spm", "llama-bpe", "gpt-2", "phi-3", "qwen2"]):
            texts = open(os.path.join(DATA, "tokenizer", f"ggml-vocab-{name}.gguf.inp"), encoding="utf-8").read().split("\n__ggml_vocab_test__\n")
            for j, text in enumerate(texts[:12]):
                put("tokenizer-encode", f"{name}-{j}", bytes([i | (0x80 if j % 2 else 0) | (0x40 if j % 3 == 0 else 0)]) + text.encode())
            ids = open(os.path.join(DATA, "tokenizer", f"ggml-vocab-{name}.gguf.out")).read().split("\n")
            for j, line in enumerate(ids[:6]):
                put("tokenizer-decode", f"{name}-{j}", bytes([i]) + b"".join(struct.pack("<i", int(x)) for x in line.split()))
        streams = openai_streams()
        for name, body in streams.items():
            put("sse", "openai-" + name, body)
            put("openai-stream", name, body)
        for name, body in anthropic_stream().items():
            put("sse", "anthropic-" + name, body)
            put("anthropic-stream", name, body)
        for name, lines in ollama_lines().items():
            put("ollama-stream", name, lines)
        for name, response in http_responses(streams).items():
            put("http1-response", name, response)
        audio, opus = audio_seeds(work)
        for name, data in audio.items():
            put("audio-file", name, data)
        packets = ogg_packets(opus)
        put("opus-packets", "speech", b"".join(bytes([len(p) + 2]) + struct.pack(">H", i) + p for i, p in enumerate(packets[:6]) if len(p) + 2 < 256))
        put("opus-packets", "gap", b"".join(bytes([len(p) + 2]) + struct.pack(">H", i * 7) + p for i, p in enumerate(packets[:4]) if len(p) + 2 < 256))
        pcm = subprocess.run(["sox", os.path.join(DATA, "audio", "jfk.wav"), "-t", "raw", "-r", "24000", "-e", "signed", "-b", "16", "-c", "1", "-",
                              "trim", "0", "0.4"], check=True, capture_output=True).stdout
        client, server = realtime(pcm)
        for name, text in client.items():
            put("realtime-client-events", name, text)
        for name, text in server.items():
            put("realtime-server-events", name, text)
    chat, completions = requests()
    for name, body in chat.items():
        put("chat-request", name, body)
        put("json", "chat-" + name, body)
    for name, body in completions.items():
        put("completions-request", name, body)
    for i, block in enumerate(toml_blocks()):
        put("toml-config", f"doc-{i}", block)
    for name, text in catalog_seeds().items():
        put("catalog-import", name, text)
        put("json", "catalog-" + name, text)
    for name, data in csv_seeds().items():
        put("routing-csv", name, data)
    put("quality-model", "small", quality_model_seed())
    with open(os.path.join(DATA, "routing", "routellm-mmlu", "contaminated_prompts.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f.readlines()[:3]):
            put("json", f"jsonl-{i}", line.strip()[:4000])
    counts = {t: len(os.listdir(os.path.join(CORPUS, t))) for t in sorted(os.listdir(CORPUS))}
    print("make_fuzz_seeds: " + ", ".join(f"{t} {n}" for t, n in counts.items()))


if __name__ == "__main__":
    main()
