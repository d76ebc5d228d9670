/* ollama.c — the plugin table for Ollama's native API, init, and the thread-local last error.
 * The work is done in models.c (catalog) and chat_stream.c (streaming chat). */
#include "include/foundry_ollama.h"
#include "plugin.h"

#include <curl/curl.h>
#include <pthread.h>
#include <string.h>

/* ---- last error (thread-local) ---- */

static _Thread_local char tl_error[512];
static _Thread_local bool tl_has_error;

void ol_clear_error(void) { tl_has_error = false; }

void ol_set_error(const char *message) {
    size_t n = strlen(message);
    if (n >= sizeof tl_error) {
        n = sizeof tl_error - 1;
        while (n > 0 && ((unsigned char)message[n] & 0xC0) == 0x80) n--; /* keep UTF-8 whole */
    }
    memcpy(tl_error, message, n);
    tl_error[n] = 0;
    tl_has_error = true;
}

const char *ol_last_error(void) { return tl_has_error ? tl_error : NULL; }

/* ---- libcurl global state ---- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static bool curl_ready;

static void curl_init_once(void) { curl_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }

bool ol_global_init(void) {
    pthread_once(&curl_once, curl_init_once);
    return curl_ready;
}

/* ---- the table ---- */

static int32_t plugin_init(const char *host_json, size_t host_json_len) {
    ol_clear_error();
    oj_value *host = oj_parse(host_json, host_json_len);
    if (host) {
        const oj_value *major = oj_get(host, "abi_major");
        if (oj_is_number(major) && oj_int(major, 0) != FOUNDRY_PLUGIN_ABI_MAJOR) {
            oj_free(host);
            ol_set_error("ollama plugin: host speaks a different plugin ABI major version");
            return FOUNDRY_FAILED;
        }
        oj_free(host);
    }
    if (!ol_global_init()) {
        ol_set_error("ollama plugin: curl_global_init failed");
        return FOUNDRY_FAILED;
    }
    return FOUNDRY_OK;
}

static const char *plugin_models_json(void) { return ol_models_json(); }

static int32_t plugin_chat_stream(uint64_t call_id, const char *request_json, size_t request_len,
                                  foundry_emit_fn emit, void *emit_ctx) {
    ol_clear_error();
    return ol_chat_stream(call_id, request_json, request_len, emit, emit_ctx);
}

static void plugin_cancel(uint64_t call_id) { ol_calls_cancel(call_id); }

static const char *plugin_last_error(void) { return ol_last_error(); }

static const struct foundry_plugin_v1 plugin_table = {
    .struct_size = sizeof(struct foundry_plugin_v1),
    .abi_major = FOUNDRY_PLUGIN_ABI_MAJOR,
    .abi_minor = FOUNDRY_PLUGIN_ABI_MINOR,
    .name = OL_NAME,
    .version = OL_VERSION,
    .init = plugin_init,
    .models_json = plugin_models_json,
    .chat_stream = plugin_chat_stream,
    .cancel = plugin_cancel,
    .last_error = plugin_last_error,
};

const struct foundry_plugin_v1 *foundry_plugin_entry_v1(void) { return &plugin_table; }
