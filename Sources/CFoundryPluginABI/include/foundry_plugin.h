/*
 * foundry_plugin.h — the versioned C contract between foundry and provider plugins.
 *
 * A plugin is a shared object exporting one symbol, foundry_plugin_entry_v1, that returns a
 * pointer to a constant, never-freed struct foundry_plugin_v1. Only C types cross the boundary:
 * requests, model lists and stream events are UTF-8 JSON byte buffers, and every buffer is freed
 * by the side that allocated it:
 *   - buffers the host passes in (host info, request JSON) are valid only during the call;
 *   - buffers the plugin passes to the emit callback are valid only during that callback;
 *   - strings returned by name/version/models_json live as long as the plugin (never unloaded);
 *   - the string returned by last_error is owned by the plugin and valid on the calling thread
 *     until that thread's next call into the plugin.
 *
 * Versioning: the host refuses a table whose abi_major differs from its own, and accepts a
 * newer abi_minor by reading only the fields it knows (struct_size tells how many there are).
 * New fields are only ever appended.
 *
 * Threads: chat_stream may be called from several threads at once, each call blocking its own
 * thread until the stream ends; cancel may be called from any thread while a call runs.
 * The full contract with examples is in docs/plugins.md.
 */
#ifndef FOUNDRY_PLUGIN_H
#define FOUNDRY_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FOUNDRY_PLUGIN_ABI_MAJOR 1
#define FOUNDRY_PLUGIN_ABI_MINOR 0
#define FOUNDRY_PLUGIN_ENTRY_SYMBOL "foundry_plugin_entry_v1"

/* Kinds of events a plugin emits during chat_stream. The JSON payload of each:
 *   TEXT       {"text": "..."}
 *   TOOL_CALL  {"index": 0, "id": "call_1", "name": "get_weather", "arguments": "{\"ci"}
 *              (id and name on the first delta of a call, arguments appended across deltas)
 *   USAGE      {"input_tokens": N, "output_tokens": N, "cached_input_tokens": N,
 *               "reasoning_tokens": N}  (fields optional, may be sent more than once;
 *               the last value of each field counts)
 *   FINISH     {"reason": "stop" | "length" | "tool_calls" | "content_filter" | "other"}
 *   ERROR      {"kind": "auth" | "not_found" | "rate_limited" | "server" | "timeout" |
 *               "network" | "tls" | "protocol" | "bad_request" | "cancelled",
 *               "status": 429, "retry_after_ms": 2000, "message": "one line"}
 *              (status and retry_after_ms optional; an ERROR ends the stream) */
enum foundry_event_kind {
    FOUNDRY_EVENT_TEXT = 1,
    FOUNDRY_EVENT_TOOL_CALL = 2,
    FOUNDRY_EVENT_USAGE = 3,
    FOUNDRY_EVENT_FINISH = 4,
    FOUNDRY_EVENT_ERROR = 5
};

/* Return codes of init and chat_stream. */
enum foundry_status {
    FOUNDRY_OK = 0,
    FOUNDRY_FAILED = 1,     /* details in an ERROR event (chat_stream) or last_error (init) */
    FOUNDRY_CANCELLED = 2   /* cancel(call_id) was honoured */
};

/* Called by the plugin for every event of a stream, on the thread that runs chat_stream. */
typedef void (*foundry_emit_fn)(void *emit_ctx, int32_t kind, const char *json, size_t json_len);

struct foundry_plugin_v1 {
    /* sizeof(struct foundry_plugin_v1) as the plugin was compiled. */
    uint32_t struct_size;
    uint16_t abi_major;     /* FOUNDRY_PLUGIN_ABI_MAJOR */
    uint16_t abi_minor;     /* FOUNDRY_PLUGIN_ABI_MINOR */

    const char *name;       /* provider name used in model ids, e.g. "gemini": [a-z0-9-]+ */
    const char *version;    /* the plugin's own version, e.g. "1.2.0" */

    /* Called once, before any other function. host_json is
     * {"host": "foundry", "host_version": "0.1.0", "abi_major": 1, "abi_minor": 0}.
     * Returns FOUNDRY_OK, or FOUNDRY_FAILED with last_error() set. */
    int32_t (*init)(const char *host_json, size_t host_json_len);

    /* The models this plugin serves: a JSON array of catalog entries (see docs/plugins.md). */
    const char *(*models_json)(void);

    /* Runs one streaming chat call to completion, emitting events as they arrive.
     * call_id is chosen by the host, unique per process; request_json is
     * {"model": "...", "messages": [...], "temperature": 0.2, "top_p": 1, "max_tokens": 256,
     *  "stop": [...], "tools": [...], "response_format": "text" | "json",
     *  "endpoint": {"base_url": "...", "api_key": "...", "connect_timeout_ms": N,
     *               "first_byte_timeout_ms": N}}
     * Returns FOUNDRY_OK after FINISH, FOUNDRY_FAILED after an ERROR event, or
     * FOUNDRY_CANCELLED. */
    int32_t (*chat_stream)(uint64_t call_id, const char *request_json, size_t request_len,
                           foundry_emit_fn emit, void *emit_ctx);

    /* Asks the running call call_id to stop soon; harmless if it already ended. */
    void (*cancel)(uint64_t call_id);

    /* A one-line description of the last failure on this thread, or NULL. */
    const char *(*last_error)(void);
};

/* The one exported symbol. Returns a pointer to a table that stays valid forever. */
typedef const struct foundry_plugin_v1 *(*foundry_plugin_entry_v1_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* FOUNDRY_PLUGIN_H */
