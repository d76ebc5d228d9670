/* json.c — a strict recursive-descent JSON parser producing an oj_value tree. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#define OJ_MAX_DEPTH 256

typedef struct {
    const char *p;
    const char *end;
    int depth;
} parser;

static bool parse_value(parser *ps, oj_value *out);

static void skip_ws(parser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static bool literal(parser *ps, const char *word, oj_type type, oj_value *out) {
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) return false;
    ps->p += n;
    out->type = type;
    return true;
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads XXXX after "\u"; returns -1 when malformed. */
static long read_hex4(parser *ps) {
    if (ps->end - ps->p < 4) return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_digit(ps->p[i]);
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    ps->p += 4;
    return v;
}

static void put_utf8(oj_buf *b, unsigned long cp) {
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    oj_buf_append(b, u, n);
}

/* Parses a string starting at the opening quote into a malloc'ed buffer. */
static bool parse_string_raw(parser *ps, char **out, size_t *out_len) {
    if (ps->p >= ps->end || *ps->p != '"') return false;
    ps->p++;
    oj_buf b;
    oj_buf_init(&b);
    for (;;) {
        if (ps->p >= ps->end) goto fail;
        const char *run = ps->p;
        while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (unsigned char)*ps->p >= 0x20)
            ps->p++;
        oj_buf_append(&b, run, (size_t)(ps->p - run));
        if (ps->p >= ps->end) goto fail;
        char c = *ps->p++;
        if (c == '"') break;
        if (c != '\\') goto fail; /* raw control character */
        if (ps->p >= ps->end) goto fail;
        char e = *ps->p++;
        switch (e) {
        case '"': oj_buf_append(&b, "\"", 1); break;
        case '\\': oj_buf_append(&b, "\\", 1); break;
        case '/': oj_buf_append(&b, "/", 1); break;
        case 'b': oj_buf_append(&b, "\b", 1); break;
        case 'f': oj_buf_append(&b, "\f", 1); break;
        case 'n': oj_buf_append(&b, "\n", 1); break;
        case 'r': oj_buf_append(&b, "\r", 1); break;
        case 't': oj_buf_append(&b, "\t", 1); break;
        case 'u': {
            long cp = read_hex4(ps);
            if (cp < 0) goto fail;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                /* High surrogate: combine with a following \uDC00-\uDFFF, else U+FFFD. */
                if (ps->end - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') {
                    parser look = *ps;
                    look.p += 2;
                    long lo = read_hex4(&look);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        ps->p = look.p;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    } else {
                        cp = 0xFFFD;
                    }
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD; /* lone low surrogate */
            }
            put_utf8(&b, (unsigned long)cp);
            break;
        }
        default: goto fail;
        }
    }
    oj_buf_append(&b, "", 0); /* allocates the terminator for an empty string */
    if (b.failed) goto fail;
    *out = b.data;
    *out_len = b.len;
    return true;
fail:
    oj_buf_free(&b);
    return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool parse_number(parser *ps, oj_value *out) {
    const char *start = ps->p;
    if (ps->p < ps->end && *ps->p == '-') ps->p++;
    if (ps->p >= ps->end || !is_digit(*ps->p)) return false;
    if (*ps->p == '0') ps->p++;
    else while (ps->p < ps->end && is_digit(*ps->p)) ps->p++;
    bool integral = true;
    if (ps->p < ps->end && *ps->p == '.') {
        integral = false;
        ps->p++;
        if (ps->p >= ps->end || !is_digit(*ps->p)) return false;
        while (ps->p < ps->end && is_digit(*ps->p)) ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        integral = false;
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
        if (ps->p >= ps->end || !is_digit(*ps->p)) return false;
        while (ps->p < ps->end && is_digit(*ps->p)) ps->p++;
    }
    size_t n = (size_t)(ps->p - start);
    out->str = malloc(n + 1);
    if (!out->str) return false;
    memcpy(out->str, start, n);
    out->str[n] = 0;
    out->len = n;
    out->type = OJ_NUMBER;
    if (integral && n <= 18) {
        /* Exact for every integer of up to 18 digits, independent of the C locale. */
        const char *q = out->str;
        bool neg = *q == '-';
        if (neg) q++;
        int64_t v = 0;
        while (*q) v = v * 10 + (*q++ - '0');
        out->num = (double)(neg ? -v : v);
    } else {
        out->num = strtod(out->str, NULL);
    }
    return true;
}

static bool parse_array(parser *ps, oj_value *out) {
    ps->p++; /* [ */
    out->type = OJ_ARRAY;
    size_t cap = 0;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') { ps->p++; return true; }
    for (;;) {
        if (out->count == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            oj_value *n = realloc(out->items, ncap * sizeof *n);
            if (!n) return false;
            out->items = n;
            cap = ncap;
        }
        oj_value *item = &out->items[out->count];
        memset(item, 0, sizeof *item);
        out->count++;
        skip_ws(ps);
        if (!parse_value(ps, item)) return false;
        skip_ws(ps);
        if (ps->p >= ps->end) return false;
        if (*ps->p == ',') { ps->p++; continue; }
        if (*ps->p == ']') { ps->p++; return true; }
        return false;
    }
}

static bool parse_object(parser *ps, oj_value *out) {
    ps->p++; /* { */
    out->type = OJ_OBJECT;
    size_t cap = 0;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '}') { ps->p++; return true; }
    for (;;) {
        if (out->count == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            oj_member *n = realloc(out->members, ncap * sizeof *n);
            if (!n) return false;
            out->members = n;
            cap = ncap;
        }
        oj_member *m = &out->members[out->count];
        memset(m, 0, sizeof *m);
        out->count++;
        skip_ws(ps);
        if (!parse_string_raw(ps, &m->key, &m->key_len)) return false;
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != ':') return false;
        ps->p++;
        skip_ws(ps);
        if (!parse_value(ps, &m->value)) return false;
        skip_ws(ps);
        if (ps->p >= ps->end) return false;
        if (*ps->p == ',') { ps->p++; continue; }
        if (*ps->p == '}') { ps->p++; return true; }
        return false;
    }
}

static bool parse_value(parser *ps, oj_value *out) {
    if (ps->p >= ps->end) return false;
    switch (*ps->p) {
    case 'n': return literal(ps, "null", OJ_NULL, out);
    case 't': return literal(ps, "true", OJ_TRUE, out);
    case 'f': return literal(ps, "false", OJ_FALSE, out);
    case '"':
        out->type = OJ_STRING;
        return parse_string_raw(ps, &out->str, &out->len);
    case '[':
    case '{': {
        if (++ps->depth > OJ_MAX_DEPTH) return false;
        bool ok = *ps->p == '[' ? parse_array(ps, out) : parse_object(ps, out);
        ps->depth--;
        return ok;
    }
    default: return parse_number(ps, out);
    }
}

static void free_contents(oj_value *v) {
    free(v->str);
    for (size_t i = 0; v->type == OJ_ARRAY && i < v->count; i++) free_contents(&v->items[i]);
    for (size_t i = 0; v->type == OJ_OBJECT && i < v->count; i++) {
        free(v->members[i].key);
        free_contents(&v->members[i].value);
    }
    free(v->items);
    free(v->members);
}

oj_value *oj_parse(const char *text, size_t len) {
    if (!text) return NULL;
    oj_value *root = calloc(1, sizeof *root);
    if (!root) return NULL;
    parser ps = {text, text + len, 0};
    skip_ws(&ps);
    bool ok = parse_value(&ps, root);
    skip_ws(&ps);
    if (!ok || ps.p != ps.end) {
        oj_free(root);
        return NULL;
    }
    return root;
}

void oj_free(oj_value *v) {
    if (!v) return;
    free_contents(v);
    free(v);
}

const oj_value *oj_get(const oj_value *object, const char *key) {
    if (!object || object->type != OJ_OBJECT) return NULL;
    size_t n = strlen(key);
    /* The last duplicate wins, as in most JSON readers. */
    for (size_t i = object->count; i-- > 0;) {
        const oj_member *m = &object->members[i];
        if (m->key_len == n && memcmp(m->key, key, n) == 0) return &m->value;
    }
    return NULL;
}

const char *oj_string(const oj_value *v) { return v && v->type == OJ_STRING ? v->str : NULL; }

bool oj_is_number(const oj_value *v) { return v && v->type == OJ_NUMBER; }

int64_t oj_int(const oj_value *v, int64_t fallback) {
    if (!oj_is_number(v) || !(v->num >= -9.2e18 && v->num <= 9.2e18)) return fallback;
    return (int64_t)v->num;
}

bool oj_bool(const oj_value *v, bool fallback) {
    if (v && v->type == OJ_TRUE) return true;
    if (v && v->type == OJ_FALSE) return false;
    return fallback;
}
