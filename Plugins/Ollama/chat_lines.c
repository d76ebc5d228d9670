/* chat_lines.c — the NDJSON lines of an /api/chat reply: message content becomes TEXT, tool calls
 * TOOL_CALL, the final done:true line USAGE and FINISH, an {"error":…} line ERROR. */
#define _POSIX_C_SOURCE 200809L
#include "chat_stream.h"

#include <stdio.h>
#include <string.h>

void ol_stream_fail(stream *s, const char *kind, long status, const char *message) {
    ol_emit_error(&s->out, kind, status, -1, message);
    s->ended = s->failed = true;
}

static const char *finish_reason(const stream *s, const char *done_reason) {
    if (done_reason && strcmp(done_reason, "length") == 0) return "length";
    if (s->tool_calls > 0) return "tool_calls";
    if (!done_reason || strcmp(done_reason, "stop") == 0) return "stop";
    return "other";
}

static void emit_tool_calls(stream *s, const oj_value *calls) {
    for (size_t i = 0; i < calls->count; i++) {
        const oj_value *fn = oj_get(&calls->items[i], "function");
        const char *name = oj_string(oj_get(fn, "name"));
        if (!name) continue;
        const oj_value *args = oj_get(fn, "arguments");
        oj_buf json;
        oj_buf_init(&json);
        if (args && args->type == OJ_STRING) oj_buf_append(&json, args->str, args->len);
        else if (args) oj_write_value(&json, args);
        else oj_buf_puts(&json, "{}");
        const char *given_id = oj_string(oj_get(&calls->items[i], "id"));
        char id[32];
        snprintf(id, sizeof id, "call_%d", s->tool_calls);
        ol_emit_tool_call(&s->out, s->tool_calls, given_id && *given_id ? given_id : id, name,
                          json.data ? json.data : "{}", json.data ? json.len : 2);
        s->tool_calls++;
        oj_buf_free(&json);
    }
}

void ol_stream_line(stream *s, const char *line, size_t len) {
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t')) len--;
    while (len > 0 && (*line == ' ' || *line == '\t')) { line++; len--; }
    if (len == 0) return;
    oj_value *v = oj_parse(line, len);
    if (!v || v->type != OJ_OBJECT) {
        oj_free(v);
        ol_stream_fail(s, "protocol", -1, "ollama sent a line that is not a JSON object");
        return;
    }
    const oj_value *error = oj_get(v, "error");
    if (error) {
        const char *text = oj_string(error);
        if (!text) text = oj_string(oj_get(error, "message"));
        if (!text) text = "ollama reported an error";
        ol_stream_fail(s, strstr(text, "not found") ? "not_found" : "server", -1, text);
        oj_free(v);
        return;
    }
    const oj_value *message = oj_get(v, "message");
    const oj_value *content = oj_get(message, "content");
    if (content && content->type == OJ_STRING && content->len > 0) ol_emit_text(&s->out, content->str, content->len);
    const oj_value *calls = oj_get(message, "tool_calls");
    if (calls && calls->type == OJ_ARRAY) emit_tool_calls(s, calls);
    if (oj_bool(oj_get(v, "done"), false)) {
        const oj_value *prompt = oj_get(v, "prompt_eval_count");
        const oj_value *eval = oj_get(v, "eval_count");
        if (oj_is_number(prompt) || oj_is_number(eval))
            ol_emit_usage(&s->out, oj_int(prompt, -1), oj_int(eval, -1));
        ol_emit_finish(&s->out, finish_reason(s, oj_string(oj_get(v, "done_reason"))));
        s->ended = true;
    }
    oj_free(v);
}

void ol_stream_drain(stream *s) {
    size_t start = 0;
    while (!s->ended) {
        char *nl = memchr(s->pending.data + s->scanned, '\n', s->pending.len - s->scanned);
        if (!nl) {
            s->scanned = s->pending.len;
            break;
        }
        size_t end = (size_t)(nl - s->pending.data);
        ol_stream_line(s, s->pending.data + start, end - start);
        start = s->scanned = end + 1;
    }
    if (s->ended) start = s->pending.len;
    oj_buf_consume(&s->pending, start);
    s->scanned = s->scanned >= start ? s->scanned - start : 0;
}
