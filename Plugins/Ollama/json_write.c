/* json_write.c — the growable buffer and the JSON writer (string escaping, value output). */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void oj_buf_init(oj_buf *b) { memset(b, 0, sizeof *b); }

void oj_buf_free(oj_buf *b) {
    free(b->data);
    oj_buf_init(b);
}

void oj_buf_clear(oj_buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

static bool reserve(oj_buf *b, size_t extra) {
    if (b->failed) return false;
    if (extra > SIZE_MAX / 2 - b->len) { b->failed = true; return false; }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap *= 2;
    char *n = realloc(b->data, cap);
    if (!n) { b->failed = true; return false; }
    b->data = n;
    b->cap = cap;
    return true;
}

void oj_buf_append(oj_buf *b, const char *bytes, size_t n) {
    if (!reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, bytes, n);
    b->len += n;
    b->data[b->len] = 0;
}

void oj_buf_puts(oj_buf *b, const char *s) { oj_buf_append(b, s, strlen(s)); }

void oj_buf_printf(oj_buf *b, const char *fmt, ...) {
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) { b->failed = true; return; }
    if ((size_t)n < sizeof small) { oj_buf_append(b, small, (size_t)n); return; }
    if (!reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void oj_buf_consume(oj_buf *b, size_t n) {
    if (n >= b->len) { oj_buf_clear(b); return; }
    memmove(b->data, b->data + n, b->len - n);
    b->len -= n;
    b->data[b->len] = 0;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if it is not valid UTF-8. */
static size_t utf8_seq_len(const unsigned char *s, size_t avail) {
    unsigned char c = s[0];
    size_t n;
    unsigned long cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else return 0;
    if (avail < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

void oj_write_string(oj_buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    oj_buf_append(b, "\"", 1);
    size_t i = 0;
    while (i < n) {
        size_t run = i;
        while (i < n && p[i] >= 0x20 && p[i] < 0x80 && p[i] != '"' && p[i] != '\\') i++;
        oj_buf_append(b, s + run, i - run);
        if (i >= n) break;
        unsigned char c = p[i];
        if (c >= 0x80) {
            size_t len = utf8_seq_len(p + i, n - i);
            if (len) { oj_buf_append(b, s + i, len); i += len; }
            else { oj_buf_append(b, "\xEF\xBF\xBD", 3); i++; }
            continue;
        }
        i++;
        switch (c) {
        case '"': oj_buf_append(b, "\\\"", 2); break;
        case '\\': oj_buf_append(b, "\\\\", 2); break;
        case '\n': oj_buf_append(b, "\\n", 2); break;
        case '\r': oj_buf_append(b, "\\r", 2); break;
        case '\t': oj_buf_append(b, "\\t", 2); break;
        case '\b': oj_buf_append(b, "\\b", 2); break;
        case '\f': oj_buf_append(b, "\\f", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            oj_buf_append(b, u, 6);
        }
        }
    }
    oj_buf_append(b, "\"", 1);
}

void oj_write_key(oj_buf *b, bool *first, const char *key) {
    if (!*first) oj_buf_append(b, ",", 1);
    *first = false;
    oj_write_string(b, key, strlen(key));
    oj_buf_append(b, ":", 1);
}

void oj_write_value(oj_buf *b, const oj_value *v) {
    if (!v) { oj_buf_puts(b, "null"); return; }
    switch (v->type) {
    case OJ_NULL: oj_buf_puts(b, "null"); break;
    case OJ_TRUE: oj_buf_puts(b, "true"); break;
    case OJ_FALSE: oj_buf_puts(b, "false"); break;
    case OJ_NUMBER: oj_buf_append(b, v->str, v->len); break;
    case OJ_STRING: oj_write_string(b, v->str, v->len); break;
    case OJ_ARRAY:
        oj_buf_append(b, "[", 1);
        for (size_t i = 0; i < v->count; i++) {
            if (i) oj_buf_append(b, ",", 1);
            oj_write_value(b, &v->items[i]);
        }
        oj_buf_append(b, "]", 1);
        break;
    case OJ_OBJECT:
        oj_buf_append(b, "{", 1);
        for (size_t i = 0; i < v->count; i++) {
            if (i) oj_buf_append(b, ",", 1);
            oj_write_string(b, v->members[i].key, v->members[i].key_len);
            oj_buf_append(b, ":", 1);
            oj_write_value(b, &v->members[i].value);
        }
        oj_buf_append(b, "}", 1);
        break;
    }
}
