/* plugin.h — internal interfaces shared by the Ollama plugin's source files. */
#ifndef OLLAMA_PLUGIN_H
#define OLLAMA_PLUGIN_H

#include "foundry_plugin.h"
#include "json.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define OL_HIDDEN __attribute__((visibility("hidden")))
#define OL_NAME "ollama"
#define OL_VERSION "1.0.0"
#define OL_USER_AGENT "foundry-ollama/" OL_VERSION
#define OL_DEFAULT_HOST "http://127.0.0.1:11434"

/* last_error.c / ollama.c: thread-local last failure. */
OL_HIDDEN void ol_clear_error(void);
OL_HIDDEN void ol_set_error(const char *message);
OL_HIDDEN const char *ol_last_error(void);

/* ollama.c: curl_global_init exactly once; false if it failed. */
OL_HIDDEN bool ol_global_init(void);

/* host_url.c: the server's base URL without a trailing slash (malloc'ed; NULL when out of
 * memory). override is the request's endpoint.base_url, or NULL. */
OL_HIDDEN char *ol_base_url(const char *override);

/* call_registry.c: running calls that cancel() can reach. */
typedef struct ol_call {
    uint64_t id;
    atomic_bool cancelled;
    struct ol_call *next;
} ol_call;
OL_HIDDEN void ol_calls_register(ol_call *call, uint64_t id);
OL_HIDDEN void ol_calls_unregister(ol_call *call);
OL_HIDDEN void ol_calls_cancel(uint64_t id);

/* models.c */
OL_HIDDEN const char *ol_models_json(void);

/* chat_request.c: the /api/chat body for a host request; on failure *why says what is wrong. */
OL_HIDDEN bool ol_build_chat_body(const oj_value *request, oj_buf *body, const char **why);

/* events.c: JSON event emission. */
typedef struct {
    foundry_emit_fn fn;
    void *ctx;
    const char *secret; /* redacted from error messages when non-empty */
    oj_buf scratch;
} ol_emitter;
OL_HIDDEN void ol_emit_text(ol_emitter *e, const char *text, size_t len);
OL_HIDDEN void ol_emit_tool_call(ol_emitter *e, int index, const char *id, const char *name,
                                 const char *arguments, size_t arguments_len);
/* Negative counts are left out. */
OL_HIDDEN void ol_emit_usage(ol_emitter *e, int64_t input_tokens, int64_t output_tokens);
OL_HIDDEN void ol_emit_finish(ol_emitter *e, const char *reason);
/* status and retry_after_ms are left out when negative. Also records the message as last_error. */
OL_HIDDEN void ol_emit_error(ol_emitter *e, const char *kind, long status, long retry_after_ms,
                             const char *message);

/* chat_stream.c */
OL_HIDDEN int32_t ol_chat_stream(uint64_t call_id, const char *request_json, size_t request_len,
                                 foundry_emit_fn emit, void *emit_ctx);

#endif
