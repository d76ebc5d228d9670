/* ollama_stream.c — libFuzzer target for the Ollama plugin's stream decoder (C): the NDJSON lines
 * of an /api/chat reply, split into reads at the length the input's first byte gives, through
 * ol_stream_drain exactly as the transfer's write callback feeds them, then the last unterminated
 * line as the end of the transfer handles it. Built by scripts/fuzz with
 * clang -fsanitize=fuzzer,address,undefined against the plugin's own sources. */
#include "../../Plugins/Ollama/chat_stream.h"

#include <stdint.h>
#include <string.h>

static volatile size_t delivered;

static void discard(void *ctx, int32_t kind, const char *json, size_t len) {
    (void)ctx;
    (void)kind;
    /* Every event's JSON must be readable in full. */
    size_t sum = 0;
    for (size_t i = 0; i < len; i++) sum += (unsigned char)json[i];
    delivered += sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    size_t piece = data[0] ? data[0] : 1;
    data++;
    size--;
    stream s;
    memset(&s, 0, sizeof s);
    s.out.fn = discard;
    s.retry_after_ms = -1;
    s.status = 200;
    s.got_body = true;
    oj_buf_init(&s.out.scratch);
    oj_buf_init(&s.pending);
    oj_buf_init(&s.error_body);
    for (size_t off = 0; off < size && !s.ended; off += piece) {
        size_t n = size - off < piece ? size - off : piece;
        oj_buf_append(&s.pending, (const char *)data + off, n);
        ol_stream_drain(&s);
    }
    if (!s.ended && s.pending.len > 0) ol_stream_line(&s, s.pending.data, s.pending.len);
    oj_buf_free(&s.pending);
    oj_buf_free(&s.error_body);
    oj_buf_free(&s.out.scratch);
    return 0;
}
