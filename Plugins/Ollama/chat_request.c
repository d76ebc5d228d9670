/* chat_request.c — turns foundry's request JSON into the body of Ollama's POST /api/chat. */
#include "plugin.h"

#include <string.h>

/* Message content as one string: a plain string, or the "text" of each part of an array. */
static void write_content(oj_buf *b, const oj_value *content) {
    if (content && content->type == OJ_STRING) {
        oj_write_string(b, content->str, content->len);
        return;
    }
    oj_buf joined;
    oj_buf_init(&joined);
    oj_buf_append(&joined, "", 0);
    if (content && content->type == OJ_ARRAY) {
        for (size_t i = 0; i < content->count; i++) {
            const oj_value *part = &content->items[i];
            const oj_value *text = part->type == OJ_STRING ? part : oj_get(part, "text");
            if (text && text->type == OJ_STRING) oj_buf_append(&joined, text->str, text->len);
        }
    }
    oj_write_string(b, joined.data ? joined.data : "", joined.len);
    if (joined.failed) b->failed = true;
    oj_buf_free(&joined);
}

/* Ollama wants tool-call arguments as an object; foundry may hold them as a JSON string. */
static void write_arguments(oj_buf *b, const oj_value *args) {
    if (args && args->type == OJ_OBJECT) {
        oj_write_value(b, args);
        return;
    }
    if (args && args->type == OJ_STRING) {
        oj_value *parsed = oj_parse(args->str, args->len);
        if (parsed && parsed->type == OJ_OBJECT) {
            oj_write_value(b, parsed);
            oj_free(parsed);
            return;
        }
        oj_free(parsed);
    }
    oj_buf_puts(b, "{}");
}

/* Accepts {"id","name","arguments"} and OpenAI's {"id","type","function":{"name","arguments"}}. */
static void write_tool_calls(oj_buf *b, const oj_value *calls) {
    oj_buf_puts(b, "[");
    for (size_t i = 0; i < calls->count; i++) {
        const oj_value *call = &calls->items[i];
        const oj_value *fn = oj_get(call, "function");
        const oj_value *src = fn ? fn : call;
        const char *name = oj_string(oj_get(src, "name"));
        if (i) oj_buf_puts(b, ",");
        oj_buf_puts(b, "{\"function\":{\"name\":");
        oj_write_string(b, name ? name : "", name ? strlen(name) : 0);
        oj_buf_puts(b, ",\"arguments\":");
        write_arguments(b, oj_get(src, "arguments"));
        oj_buf_puts(b, "}}");
    }
    oj_buf_puts(b, "]");
}

static void write_message(oj_buf *b, const oj_value *m) {
    const char *role = oj_string(oj_get(m, "role"));
    bool first = true;
    oj_buf_puts(b, "{");
    oj_write_key(b, &first, "role");
    oj_write_string(b, role ? role : "user", role ? strlen(role) : 4);
    oj_write_key(b, &first, "content");
    write_content(b, oj_get(m, "content"));
    const oj_value *images = oj_get(m, "images");
    if (images && images->type == OJ_ARRAY) {
        oj_write_key(b, &first, "images");
        oj_write_value(b, images);
    }
    const oj_value *calls = oj_get(m, "tool_calls");
    if (calls && calls->type == OJ_ARRAY && calls->count > 0) {
        oj_write_key(b, &first, "tool_calls");
        write_tool_calls(b, calls);
    }
    const char *tool_name = oj_string(oj_get(m, "tool_name"));
    if (!tool_name) tool_name = oj_string(oj_get(m, "name"));
    if (tool_name && role && strcmp(role, "tool") == 0) {
        oj_write_key(b, &first, "tool_name");
        oj_write_string(b, tool_name, strlen(tool_name));
    }
    oj_buf_puts(b, "}");
}

/* Tools pass through; a bare {"name","description","parameters"} is wrapped the way Ollama
 * (like OpenAI) expects: {"type":"function","function":{...}}. */
static void write_tools(oj_buf *b, const oj_value *tools) {
    oj_buf_puts(b, "[");
    for (size_t i = 0; i < tools->count; i++) {
        const oj_value *t = &tools->items[i];
        if (i) oj_buf_puts(b, ",");
        if (oj_get(t, "type") || !oj_get(t, "name")) {
            oj_write_value(b, t);
        } else {
            oj_buf_puts(b, "{\"type\":\"function\",\"function\":");
            oj_write_value(b, t);
            oj_buf_puts(b, "}");
        }
    }
    oj_buf_puts(b, "]");
}

static bool present(const oj_value *v) { return v && v->type != OJ_NULL; }

static void write_options(oj_buf *b, bool *outer_first, const oj_value *req) {
    const oj_value *temperature = oj_get(req, "temperature");
    const oj_value *top_p = oj_get(req, "top_p");
    const oj_value *max_tokens = oj_get(req, "max_tokens");
    const oj_value *stop = oj_get(req, "stop");
    bool has_stop = stop && (stop->type == OJ_STRING || (stop->type == OJ_ARRAY && stop->count > 0));
    if (!oj_is_number(temperature) && !oj_is_number(top_p) && !oj_is_number(max_tokens) && !has_stop)
        return;
    bool first = true;
    oj_write_key(b, outer_first, "options");
    oj_buf_puts(b, "{");
    if (oj_is_number(temperature)) { oj_write_key(b, &first, "temperature"); oj_write_value(b, temperature); }
    if (oj_is_number(top_p)) { oj_write_key(b, &first, "top_p"); oj_write_value(b, top_p); }
    if (oj_is_number(max_tokens)) { oj_write_key(b, &first, "num_predict"); oj_write_value(b, max_tokens); }
    if (has_stop) {
        oj_write_key(b, &first, "stop");
        if (stop->type == OJ_STRING) {
            oj_buf_puts(b, "[");
            oj_write_value(b, stop);
            oj_buf_puts(b, "]");
        } else {
            oj_write_value(b, stop);
        }
    }
    oj_buf_puts(b, "}");
}

bool ol_build_chat_body(const oj_value *req, oj_buf *b, const char **why) {
    if (!req || req->type != OJ_OBJECT) { *why = "the request is not a JSON object"; return false; }
    const char *model = oj_string(oj_get(req, "model"));
    if (!model || !*model) { *why = "the request names no model"; return false; }
    const oj_value *messages = oj_get(req, "messages");
    if (!messages || messages->type != OJ_ARRAY) { *why = "the request has no messages array"; return false; }

    bool first = true;
    oj_buf_puts(b, "{");
    oj_write_key(b, &first, "model");
    oj_write_string(b, model, strlen(model));
    oj_write_key(b, &first, "messages");
    oj_buf_puts(b, "[");
    for (size_t i = 0; i < messages->count; i++) {
        if (i) oj_buf_puts(b, ",");
        write_message(b, &messages->items[i]);
    }
    oj_buf_puts(b, "]");
    oj_write_key(b, &first, "stream");
    oj_buf_puts(b, "true");
    write_options(b, &first, req);
    const char *format = oj_string(oj_get(req, "response_format"));
    if (format && strcmp(format, "json") == 0) {
        oj_write_key(b, &first, "format");
        oj_buf_puts(b, "\"json\"");
    }
    const oj_value *tools = oj_get(req, "tools");
    if (present(tools) && tools->type == OJ_ARRAY && tools->count > 0) {
        oj_write_key(b, &first, "tools");
        write_tools(b, tools);
    }
    oj_buf_puts(b, "}");
    if (b->failed) { *why = "out of memory"; return false; }
    return true;
}
