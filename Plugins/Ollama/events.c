/* events.c — builds each event's JSON payload and hands it to the host's emit callback. */
#include "plugin.h"

#include <string.h>

static void deliver(ol_emitter *e, int32_t kind) {
    if (e->scratch.failed) return; /* out of memory: drop the event rather than send garbage */
    e->fn(e->ctx, kind, e->scratch.data, e->scratch.len);
}

void ol_emit_text(ol_emitter *e, const char *text, size_t len) {
    oj_buf_clear(&e->scratch);
    oj_buf_puts(&e->scratch, "{\"text\":");
    oj_write_string(&e->scratch, text, len);
    oj_buf_puts(&e->scratch, "}");
    deliver(e, FOUNDRY_EVENT_TEXT);
}

void ol_emit_tool_call(ol_emitter *e, int index, const char *id, const char *name,
                       const char *arguments, size_t arguments_len) {
    oj_buf *b = &e->scratch;
    oj_buf_clear(b);
    oj_buf_printf(b, "{\"index\":%d,\"id\":", index);
    oj_write_string(b, id, strlen(id));
    oj_buf_puts(b, ",\"name\":");
    oj_write_string(b, name, strlen(name));
    oj_buf_puts(b, ",\"arguments\":");
    oj_write_string(b, arguments, arguments_len);
    oj_buf_puts(b, "}");
    deliver(e, FOUNDRY_EVENT_TOOL_CALL);
}

void ol_emit_usage(ol_emitter *e, int64_t input_tokens, int64_t output_tokens) {
    oj_buf *b = &e->scratch;
    oj_buf_clear(b);
    bool first = true;
    oj_buf_puts(b, "{");
    if (input_tokens >= 0) {
        oj_write_key(b, &first, "input_tokens");
        oj_buf_printf(b, "%lld", (long long)input_tokens);
    }
    if (output_tokens >= 0) {
        oj_write_key(b, &first, "output_tokens");
        oj_buf_printf(b, "%lld", (long long)output_tokens);
    }
    oj_buf_puts(b, "}");
    deliver(e, FOUNDRY_EVENT_USAGE);
}

void ol_emit_finish(ol_emitter *e, const char *reason) {
    oj_buf_clear(&e->scratch);
    oj_buf_puts(&e->scratch, "{\"reason\":");
    oj_write_string(&e->scratch, reason, strlen(reason));
    oj_buf_puts(&e->scratch, "}");
    deliver(e, FOUNDRY_EVENT_FINISH);
}

/* One trimmed line of at most 300 bytes, with the secret (if any) replaced by "***". */
static void clean_message(const char *in, const char *secret, char *out, size_t cap) {
    size_t w = 0;
    size_t slen = secret ? strlen(secret) : 0;
    bool space = false;
    for (const char *p = in; *p && w + 4 < cap;) {
        if (slen >= 4 && strncmp(p, secret, slen) == 0) {
            memcpy(out + w, "***", 3);
            w += 3;
            p += slen;
            space = false;
            continue;
        }
        unsigned char c = (unsigned char)*p++;
        if (c < 0x20 || c == 0x7F) {
            space = w > 0;
            continue;
        }
        if (space) { out[w++] = ' '; space = false; }
        out[w++] = (char)c;
    }
    /* If the cap cut a multi-byte character, drop its first bytes. */
    size_t k = w;
    while (k > 0 && ((unsigned char)out[k - 1] & 0xC0) == 0x80) k--;
    if (k > 0 && (unsigned char)out[k - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)out[k - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (w - (k - 1) < need) w = k - 1;
    }
    while (w > 0 && out[w - 1] == ' ') w--;
    out[w] = 0;
}

void ol_emit_error(ol_emitter *e, const char *kind, long status, long retry_after_ms,
                   const char *message) {
    char line[304];
    clean_message(message && *message ? message : kind, e->secret, line, sizeof line);
    ol_set_error(line);
    oj_buf *b = &e->scratch;
    oj_buf_clear(b);
    oj_buf_puts(b, "{\"kind\":");
    oj_write_string(b, kind, strlen(kind));
    if (status >= 0) oj_buf_printf(b, ",\"status\":%ld", status);
    if (retry_after_ms >= 0) oj_buf_printf(b, ",\"retry_after_ms\":%ld", retry_after_ms);
    oj_buf_puts(b, ",\"message\":");
    oj_write_string(b, line, strlen(line));
    oj_buf_puts(b, "}");
    deliver(e, FOUNDRY_EVENT_ERROR);
}
