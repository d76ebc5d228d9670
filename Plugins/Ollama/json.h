/* json.h — a small JSON reader (value tree) and writer (growable buffer) for the Ollama plugin.
 * All symbols are hidden so they never clash with the host or other plugins. */
#ifndef OLLAMA_JSON_H
#define OLLAMA_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OJ_HIDDEN __attribute__((visibility("hidden")))

typedef enum { OJ_NULL, OJ_FALSE, OJ_TRUE, OJ_NUMBER, OJ_STRING, OJ_ARRAY, OJ_OBJECT } oj_type;

typedef struct oj_value oj_value;
typedef struct oj_member oj_member;

struct oj_value {
    oj_type type;
    char *str;          /* OJ_STRING: decoded UTF-8 (NUL-terminated, may hold NULs);
                           OJ_NUMBER: the number exactly as written */
    size_t len;         /* byte length of str */
    double num;         /* OJ_NUMBER */
    size_t count;       /* OJ_ARRAY / OJ_OBJECT element count */
    oj_value *items;    /* OJ_ARRAY */
    oj_member *members; /* OJ_OBJECT, in document order */
};

struct oj_member {
    char *key;
    size_t key_len;
    oj_value value;
};

/* Parses exactly one JSON document (surrounding whitespace allowed). Returns NULL on malformed
 * input or when out of memory. Free the result with oj_free. */
OJ_HIDDEN oj_value *oj_parse(const char *text, size_t len);
OJ_HIDDEN void oj_free(oj_value *v);

/* Lookups; all return NULL/defaults for a NULL or mistyped value. */
OJ_HIDDEN const oj_value *oj_get(const oj_value *object, const char *key);
OJ_HIDDEN const char *oj_string(const oj_value *v);   /* NULL unless OJ_STRING */
OJ_HIDDEN bool oj_is_number(const oj_value *v);
OJ_HIDDEN int64_t oj_int(const oj_value *v, int64_t fallback);
OJ_HIDDEN bool oj_bool(const oj_value *v, bool fallback);

/* A growable byte buffer, always NUL-terminated. After an allocation failure `failed` is set
 * and further appends are ignored. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} oj_buf;

OJ_HIDDEN void oj_buf_init(oj_buf *b);
OJ_HIDDEN void oj_buf_free(oj_buf *b);
OJ_HIDDEN void oj_buf_clear(oj_buf *b);
OJ_HIDDEN void oj_buf_append(oj_buf *b, const char *bytes, size_t n);
OJ_HIDDEN void oj_buf_puts(oj_buf *b, const char *s);
OJ_HIDDEN void oj_buf_printf(oj_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Removes the first n bytes. */
OJ_HIDDEN void oj_buf_consume(oj_buf *b, size_t n);

/* Appends s as a quoted JSON string. Invalid UTF-8 becomes U+FFFD so output is always valid. */
OJ_HIDDEN void oj_write_string(oj_buf *b, const char *s, size_t n);
/* Appends "key": (with a leading comma unless *first), clearing *first. */
OJ_HIDDEN void oj_write_key(oj_buf *b, bool *first, const char *key);
/* Appends any parsed value as compact JSON. */
OJ_HIDDEN void oj_write_value(oj_buf *b, const oj_value *v);

#endif
