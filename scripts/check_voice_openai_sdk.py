#!/usr/bin/env python3
"""One spoken turn against `foundry voice serve` with the official openai SDK's realtime client.

Usage: check_voice_openai_sdk.py WS_BASE_URL AUDIO.raw
  WS_BASE_URL  e.g. ws://127.0.0.1:8765/v1 (the SDK appends /realtime?model=...)
  AUDIO.raw    24 kHz mono 16-bit little-endian PCM (the protocol's format)

Sends session.update (server VAD, input transcription), appends the audio in 20 ms chunks and a
second of silence, then reads events until response.done. Prints one JSON object: the event
types in order, the user transcript, the assistant transcript and the reply audio byte count.
"""
import asyncio
import base64
import json
import sys

from openai import AsyncOpenAI


async def main(base: str, path: str) -> None:
    http_base = base.replace("ws://", "http://", 1)
    client = AsyncOpenAI(api_key="sk-local-test", base_url=http_base, websocket_base_url=base)
    pcm = open(path, "rb").read()
    chunk = 24000 * 2 // 50  # 20 ms
    events: list[str] = []
    result = {"events": events, "user_transcript": None, "assistant_transcript": "", "audio_bytes": 0,
              "status": None, "voice": None, "reply": None}
    async with client.realtime.connect(model="foundry-local") as conn:
        await conn.session.update(session={
            "type": "realtime",
            "output_modalities": ["audio"],
            "audio": {
                "input": {"transcription": {"model": "whisper-1"},
                          "turn_detection": {"type": "server_vad", "threshold": 0.5, "silence_duration_ms": 500,
                                             "prefix_padding_ms": 300}},
                "output": {"voice": "marin"},
            },
        })
        sent = False
        async for event in conn:
            events.append(event.type)
            if event.type == "session.created":
                extra = getattr(event.session, "model_extra", None) or {}
                result["reply"] = (extra.get("foundry") or {}).get("reply")
            elif event.type == "session.updated":
                result["voice"] = event.session.audio.output.voice
                if not sent:
                    sent = True
                    for i in range(0, len(pcm), chunk):
                        await conn.input_audio_buffer.append(audio=base64.b64encode(pcm[i:i + chunk]).decode())
                    silence = base64.b64encode(bytes(chunk)).decode()
                    for _ in range(50):
                        await conn.input_audio_buffer.append(audio=silence)
            elif event.type == "conversation.item.input_audio_transcription.completed":
                result["user_transcript"] = event.transcript
            elif event.type == "response.output_audio.delta":
                result["audio_bytes"] += len(base64.b64decode(event.delta))
            elif event.type == "response.output_audio_transcript.delta":
                result["assistant_transcript"] += event.delta
            elif event.type == "error":
                result["error"] = event.error.message
                break
            elif event.type == "response.done":
                result["status"] = event.response.status
                break
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
