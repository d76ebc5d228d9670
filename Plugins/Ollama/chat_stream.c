/* chat_stream.c — one streaming chat call: POST {base}/api/chat with libcurl, feed the reply to
 * chat_lines.c as it arrives, and turn HTTP and transport failures into ERROR events. */
#define _POSIX_C_SOURCE 200809L
#include "chat_stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DEFAULT_CONNECT_MS 10000
#define DEFAULT_FIRST_BYTE_MS 60000
#define MAX_PENDING_LINE (16u << 20)
#define MAX_ERROR_BODY 65536

/* ---- curl callbacks ---- */

static long elapsed_ms(const stream *s) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - s->started.tv_sec) * 1000 + (now.tv_nsec - s->started.tv_nsec) / 1000000;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata) {
    stream *s = userdata;
    size_t len = size * nmemb;
    s->got_body = true;
    if (s->status == 0) curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &s->status);
    if (s->status < 200 || s->status > 299) {
        size_t room = MAX_ERROR_BODY - s->error_body.len;
        oj_buf_append(&s->error_body, data, len < room ? len : room);
        return len;
    }
    if (s->ended) return s->failed ? 0 : len;
    oj_buf_append(&s->pending, data, len);
    if (s->pending.failed) {
        ol_stream_fail(s, "protocol", -1, "out of memory while reading the stream");
        return 0;
    }
    ol_stream_drain(s);
    if (!s->ended && s->pending.len > MAX_PENDING_LINE)
        ol_stream_fail(s, "protocol", -1, "ollama sent a line longer than 16 MiB");
    return s->failed ? 0 : len;
}

static long parse_retry_after(const char *value) {
    char buf[64];
    size_t n = 0;
    while (*value == ' ' || *value == '\t') value++;
    while (value[n] && value[n] != '\r' && value[n] != '\n' && n < sizeof buf - 1) { buf[n] = value[n]; n++; }
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t')) n--;
    buf[n] = 0;
    if (n == 0) return -1;
    char *end;
    double seconds = strtod(buf, &end);
    if (*end == 0 && seconds >= 0 && seconds < 1e7) return (long)(seconds * 1000.0 + 0.5);
    time_t when = curl_getdate(buf, NULL);
    if (when == (time_t)-1) return -1;
    time_t now = time(NULL);
    return when > now ? (long)(when - now) * 1000 : 0;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata) {
    stream *s = userdata;
    size_t len = size * nmemb;
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        s->retry_after_ms = -1; /* a new response (after 1xx) starts */
    } else if (len > 12 && strncasecmp(data, "retry-after:", 12) == 0) {
        char value[80];
        size_t n = len - 12 < sizeof value - 1 ? len - 12 : sizeof value - 1;
        memcpy(value, data + 12, n);
        value[n] = 0;
        s->retry_after_ms = parse_retry_after(value);
    }
    return len;
}

static int on_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    (void)dltotal; (void)dlnow; (void)ultotal; (void)ulnow;
    stream *s = userdata;
    if (atomic_load(&s->call.cancelled)) return 1;
    if (!s->got_body && elapsed_ms(s) > s->first_byte_ms) {
        s->first_byte_timed_out = true;
        return 1;
    }
    return 0;
}

/* ---- outcome ---- */

static const char *kind_for_status(long status) {
    if (status == 401 || status == 403) return "auth";
    if (status == 404) return "not_found";
    if (status == 408) return "timeout";
    if (status == 429) return "rate_limited";
    if (status >= 500) return "server";
    return "bad_request";
}

static void fail_http(stream *s) {
    char message[320];
    const char *text = NULL;
    oj_value *body = oj_parse(s->error_body.data, s->error_body.len);
    const oj_value *error = oj_get(body, "error");
    text = oj_string(error);
    if (!text) text = oj_string(oj_get(error, "message"));
    if (text && *text) {
        snprintf(message, sizeof message, "%s", text);
    } else if (s->error_body.len > 0 && s->error_body.len < 200 && s->error_body.data[0] != '<') {
        snprintf(message, sizeof message, "HTTP %ld: %s", s->status, s->error_body.data);
    } else {
        snprintf(message, sizeof message, "HTTP %ld from ollama at %s", s->status, s->base);
    }
    oj_free(body);
    ol_emit_error(&s->out, kind_for_status(s->status), s->status,
                  s->status == 429 || s->status >= 500 ? s->retry_after_ms : -1, message);
    s->ended = s->failed = true;
}

static bool is_tls_error(CURLcode rc) {
    switch (rc) {
    case CURLE_SSL_CONNECT_ERROR: case CURLE_PEER_FAILED_VERIFICATION: case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER: case CURLE_SSL_CACERT_BADFILE: case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED: case CURLE_SSL_ISSUER_ERROR: case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH: case CURLE_SSL_INVALIDCERTSTATUS: case CURLE_USE_SSL_FAILED:
        return true;
    default:
        return false;
    }
}

static int32_t outcome(stream *s, CURLcode rc, const char *curl_error, long connect_ms) {
    char message[400];
    const char *detail = curl_error && *curl_error ? curl_error : curl_easy_strerror(rc);
    if (s->ended) return s->failed ? FOUNDRY_FAILED : FOUNDRY_OK;
    if (s->status == 0) curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &s->status); /* empty body */
    if (atomic_load(&s->call.cancelled)) {
        ol_emit_error(&s->out, "cancelled", -1, -1, "cancelled");
        return FOUNDRY_CANCELLED;
    }
    if (s->status >= 400) {
        fail_http(s);
        return FOUNDRY_FAILED;
    }
    if (s->first_byte_timed_out) {
        snprintf(message, sizeof message, "no response from ollama at %s within %ld ms", s->base, s->first_byte_ms);
        ol_stream_fail(s, "timeout", -1, message);
        return FOUNDRY_FAILED;
    }
    if (s->status != 0 && (s->status < 200 || s->status > 299)) {
        snprintf(message, sizeof message, "unexpected HTTP status %ld from ollama at %s", s->status, s->base);
        ol_stream_fail(s, "protocol", s->status, message);
        return FOUNDRY_FAILED;
    }
    if (rc == CURLE_OK || ((rc == CURLE_PARTIAL_FILE || rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING) && s->got_body)) {
        if (rc == CURLE_OK && s->pending.len > 0) { /* a last line without its newline */
            ol_stream_line(s, s->pending.data, s->pending.len);
            if (s->ended) return s->failed ? FOUNDRY_FAILED : FOUNDRY_OK;
        }
        ol_stream_fail(s, "protocol", -1, "stream ended before done");
        return FOUNDRY_FAILED;
    }
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        snprintf(message, sizeof message, "connecting to ollama at %s timed out after %ld ms", s->base, connect_ms);
        ol_stream_fail(s, "timeout", -1, message);
    } else if (is_tls_error(rc)) {
        snprintf(message, sizeof message, "TLS error talking to %s: %s", s->base, detail);
        ol_stream_fail(s, "tls", -1, message);
    } else if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_RESOLVE_PROXY) {
        snprintf(message, sizeof message, "cannot reach ollama at %s (is `ollama serve` running?): %s", s->base, detail);
        ol_stream_fail(s, "network", -1, message);
    } else {
        snprintf(message, sizeof message, "network error talking to ollama at %s: %s", s->base, detail);
        ol_stream_fail(s, "network", -1, message);
    }
    return FOUNDRY_FAILED;
}

/* ---- the call ---- */

static long positive_or(const oj_value *v, long fallback) {
    int64_t n = oj_int(v, 0);
    return n > 0 && n < 86400000 ? (long)n : fallback;
}

static int32_t run(stream *s, const oj_value *req) {
    const oj_value *endpoint = oj_get(req, "endpoint");
    const char *api_key = oj_string(oj_get(endpoint, "api_key"));
    s->out.secret = api_key;
    long connect_ms = positive_or(oj_get(endpoint, "connect_timeout_ms"), DEFAULT_CONNECT_MS);
    s->first_byte_ms = positive_or(oj_get(endpoint, "first_byte_timeout_ms"), DEFAULT_FIRST_BYTE_MS);

    const char *why = NULL;
    oj_buf body, url, auth;
    oj_buf_init(&body);
    oj_buf_init(&url);
    oj_buf_init(&auth);
    char *base = NULL;
    struct curl_slist *headers = NULL;
    int32_t result = FOUNDRY_FAILED;
    char curl_error[CURL_ERROR_SIZE] = {0};

    if (!ol_build_chat_body(req, &body, &why)) {
        ol_stream_fail(s, "bad_request", -1, why);
        goto done;
    }
    base = ol_base_url(oj_string(oj_get(endpoint, "base_url")));
    if (!base) { ol_stream_fail(s, "network", -1, "out of memory"); goto done; }
    s->base = base;
    oj_buf_puts(&url, base);
    oj_buf_puts(&url, "/api/chat");
    if (!ol_global_init() || url.failed || !(s->curl = curl_easy_init())) {
        ol_stream_fail(s, "network", -1, "could not initialise libcurl");
        goto done;
    }
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: application/x-ndjson");
    headers = curl_slist_append(headers, "Expect:");
    if (api_key && *api_key) {
        oj_buf_printf(&auth, "Authorization: Bearer %s", api_key);
        headers = curl_slist_append(headers, auth.data);
    }
    CURL *c = s->curl;
    curl_easy_setopt(c, CURLOPT_URL, url.data);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body.len);
    curl_easy_setopt(c, CURLOPT_USERAGENT, OL_USER_AGENT);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_error);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, s);
    clock_gettime(CLOCK_MONOTONIC, &s->started);
    CURLcode rc = atomic_load(&s->call.cancelled) ? CURLE_ABORTED_BY_CALLBACK : curl_easy_perform(c);
    result = outcome(s, rc, curl_error, connect_ms);
done:
    if (s->curl) curl_easy_cleanup(s->curl);
    curl_slist_free_all(headers);
    free(base);
    oj_buf_free(&body);
    oj_buf_free(&url);
    if (auth.data) memset(auth.data, 0, auth.len);
    oj_buf_free(&auth);
    return result;
}

int32_t ol_chat_stream(uint64_t call_id, const char *request_json, size_t request_len,
                       foundry_emit_fn emit, void *emit_ctx) {
    if (!emit) {
        ol_set_error("chat_stream needs an emit callback");
        return FOUNDRY_FAILED;
    }
    stream s;
    memset(&s, 0, sizeof s);
    s.retry_after_ms = -1;
    s.base = "(unknown)";
    s.out.fn = emit;
    s.out.ctx = emit_ctx;
    oj_buf_init(&s.out.scratch);
    oj_buf_init(&s.pending);
    oj_buf_init(&s.error_body);
    ol_calls_register(&s.call, call_id);

    int32_t result;
    oj_value *req = oj_parse(request_json, request_len);
    if (!req) {
        ol_stream_fail(&s, "bad_request", -1, "the request is not valid JSON");
        result = FOUNDRY_FAILED;
    } else {
        result = run(&s, req);
    }

    ol_calls_unregister(&s.call);
    oj_free(req);
    oj_buf_free(&s.out.scratch);
    oj_buf_free(&s.pending);
    oj_buf_free(&s.error_body);
    return result;
}
