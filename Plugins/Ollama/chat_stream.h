/* chat_stream.h — the state of one streaming chat call, shared by chat_stream.c (the transfer)
 * and chat_lines.c (the NDJSON lines of the reply). */
#ifndef OLLAMA_CHAT_STREAM_H
#define OLLAMA_CHAT_STREAM_H

#include "plugin.h"

#include <curl/curl.h>
#include <time.h>

typedef struct stream {
    ol_call call;
    ol_emitter out;
    CURL *curl;
    const char *base;
    long status;          /* HTTP status, 0 until the body starts */
    long retry_after_ms;  /* from Retry-After, or -1 */
    oj_buf pending;       /* NDJSON bytes not yet ending in a newline */
    size_t scanned;       /* bytes of pending already searched for '\n' */
    oj_buf error_body;    /* the body of a non-2xx reply */
    bool got_body;
    bool ended;           /* FINISH or ERROR was emitted */
    bool failed;          /* ... and it was an ERROR */
    bool first_byte_timed_out;
    long first_byte_ms;
    struct timespec started;
    int tool_calls;
} stream;

/* Emits an ERROR and marks the stream as ended by it. */
OL_HIDDEN void ol_stream_fail(stream *s, const char *kind, long status, const char *message);
/* Handles one NDJSON line (without its newline). */
OL_HIDDEN void ol_stream_line(stream *s, const char *line, size_t len);
/* Handles every complete line in s->pending; lines may have been split across callbacks. */
OL_HIDDEN void ol_stream_drain(stream *s);

#endif
