/* models.c — the catalog: the models the local Ollama server has pulled (GET /api/tags), with
 * context windows from POST /api/show. Computed once per process; [] if the server is down. */
#define _POSIX_C_SOURCE 200809L
#include "plugin.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROBE_TIMEOUT_MS 5000L  /* connect + total, per request (refused connections fail at once) */
#define SHOW_BUDGET_MS 8000L    /* after this, remaining models get the default window */
#define DEFAULT_CONTEXT 8192

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char *catalog;
static char catalog_problem[384]; /* why the catalog is empty, reported through last_error */

static size_t collect(char *data, size_t size, size_t nmemb, void *userdata) {
    oj_buf *b = userdata;
    oj_buf_append(b, data, size * nmemb);
    return b->failed ? 0 : size * nmemb;
}

/* GET url (or POST body as JSON); the parsed reply when the server answers 200, else NULL with
 * the reason in problem (when given). */
static oj_value *fetch_json(const char *url, const char *body, char *problem, size_t problem_size) {
    CURL *c = curl_easy_init();
    if (!c) return NULL;
    oj_buf reply;
    oj_buf_init(&reply);
    struct curl_slist *headers = NULL;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, PROBE_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, PROBE_TIMEOUT_MS);
    curl_easy_setopt(c, CURLOPT_USERAGENT, OL_USER_AGENT);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
    if (body) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    }
    long status = 0;
    oj_value *parsed = NULL;
    CURLcode code = curl_easy_perform(c);
    if (code == CURLE_OK && curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200 && !reply.failed)
        parsed = oj_parse(reply.data, reply.len);
    if (!parsed && problem) {
        if (code != CURLE_OK) snprintf(problem, problem_size, "unreachable (%s)", curl_easy_strerror(code));
        else if (status != 200) snprintf(problem, problem_size, "answered HTTP %ld", status);
        else snprintf(problem, problem_size, "answered with malformed JSON");
    }
    curl_easy_cleanup(c);
    curl_slist_free_all(headers);
    oj_buf_free(&reply);
    return parsed;
}

/* "<architecture>.context_length" from /api/show's model_info, else any *.context_length. */
static int64_t context_window(const char *base, const char *name) {
    oj_buf url, body;
    oj_buf_init(&url);
    oj_buf_init(&body);
    oj_buf_puts(&url, base);
    oj_buf_puts(&url, "/api/show");
    oj_buf_puts(&body, "{\"model\":"); /* "name" for servers older than 0.3 */
    oj_write_string(&body, name, strlen(name));
    oj_buf_puts(&body, ",\"name\":");
    oj_write_string(&body, name, strlen(name));
    oj_buf_puts(&body, "}");
    oj_value *show = url.failed || body.failed ? NULL : fetch_json(url.data, body.data, NULL, 0);
    oj_buf_free(&url);
    oj_buf_free(&body);

    const oj_value *info = oj_get(show, "model_info");
    int64_t n = 0;
    const char *arch = oj_string(oj_get(info, "general.architecture"));
    if (arch) {
        oj_buf key;
        oj_buf_init(&key);
        oj_buf_puts(&key, arch);
        oj_buf_puts(&key, ".context_length");
        if (!key.failed) n = oj_int(oj_get(info, key.data), 0);
        oj_buf_free(&key);
    }
    for (size_t i = 0; n <= 0 && info && info->type == OJ_OBJECT && i < info->count; i++) {
        const oj_member *m = &info->members[i];
        static const char suffix[] = ".context_length";
        size_t sl = sizeof suffix - 1;
        if (m->key_len > sl && memcmp(m->key + m->key_len - sl, suffix, sl) == 0) n = oj_int(&m->value, 0);
    }
    oj_free(show);
    return n > 0 ? n : DEFAULT_CONTEXT;
}

static long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void write_entry(oj_buf *b, const char *name, int64_t window, const char *today) {
    size_t n = strlen(name);
    oj_buf id;
    oj_buf_init(&id);
    oj_buf_puts(&id, "ollama/");
    oj_buf_append(&id, name, n);
    if (id.failed) b->failed = true;
    bool first = true;
    oj_buf_puts(b, "{");
    oj_write_key(b, &first, "id");
    oj_write_string(b, id.data ? id.data : "", id.len);
    oj_buf_free(&id);
    oj_write_key(b, &first, "provider");
    oj_buf_puts(b, "\"ollama\"");
    oj_write_key(b, &first, "model");
    oj_write_string(b, name, n);
    oj_write_key(b, &first, "display_name");
    oj_write_string(b, name, n);
    oj_write_key(b, &first, "context_window");
    oj_buf_printf(b, "%lld", (long long)window);
    oj_write_key(b, &first, "max_output_tokens");
    oj_buf_printf(b, "%lld", (long long)window);
    oj_buf_puts(b, ",\"input_modalities\":[\"text\"],\"output_modalities\":[\"text\"]"
                   ",\"capabilities\":[\"streaming\"],\"location\":\"local\""
                   ",\"prices\":{\"input\":0,\"output\":0}"
                   ",\"price_source\":{\"url\":\"https://ollama.com\",\"as_of\":\"");
    oj_buf_puts(b, today);
    oj_buf_puts(b, "\",\"retrieved\":\"");
    oj_buf_puts(b, today);
    oj_buf_puts(b, "\",\"note\":\"runs on your own hardware\"}}");
}

static void compute_catalog(void) {
    if (!ol_global_init()) return;
    char *base = ol_base_url(NULL);
    if (!base) return;
    oj_buf url;
    oj_buf_init(&url);
    oj_buf_puts(&url, base);
    oj_buf_puts(&url, "/api/tags");
    char problem[256] = "";
    oj_value *tags = url.failed ? NULL : fetch_json(url.data, NULL, problem, sizeof problem);
    if (!tags)
        snprintf(catalog_problem, sizeof catalog_problem, "ollama plugin: the Ollama server at %s is %s", base,
                 problem[0] ? problem : "unreachable");
    oj_buf_free(&url);

    char today[16];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);

    oj_buf out;
    oj_buf_init(&out);
    oj_buf_puts(&out, "[");
    const oj_value *models = oj_get(tags, "models");
    long started = now_ms();
    size_t written = 0;
    for (size_t i = 0; models && models->type == OJ_ARRAY && i < models->count; i++) {
        const char *name = oj_string(oj_get(&models->items[i], "name"));
        if (!name) name = oj_string(oj_get(&models->items[i], "model"));
        if (!name || !*name) continue;
        int64_t window = now_ms() - started < SHOW_BUDGET_MS ? context_window(base, name) : DEFAULT_CONTEXT;
        if (written++) oj_buf_puts(&out, ",");
        write_entry(&out, name, window, today);
    }
    oj_buf_puts(&out, "]");
    oj_free(tags);
    free(base);
    if (out.failed) oj_buf_free(&out);
    else catalog = out.data; /* kept for the life of the process */
}

const char *ol_models_json(void) {
    pthread_once(&once, compute_catalog);
    if (catalog_problem[0]) ol_set_error(catalog_problem);
    return catalog ? catalog : "[]";
}
