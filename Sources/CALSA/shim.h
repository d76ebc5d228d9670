#include <alsa/asoundlib.h>
#include <stdarg.h>
#include <stdio.h>

/* alsa-lib prints its own errors on stderr; foundry reports them in one line of its own instead.
 * The handler is variadic, which Swift cannot write: it lives here and keeps the last message of
 * the calling thread. (Static storage in an inline function: one Swift file alone calls these.) */
static inline char *foundry_alsa_error_buffer(void) {
    static __thread char text[256];
    return text;
}

static void foundry_alsa_error_handler(const char *file, int line, const char *function, int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err;
    va_list args;
    va_start(args, fmt);
    vsnprintf(foundry_alsa_error_buffer(), 256, fmt, args);
    va_end(args);
}

static inline void foundry_alsa_capture_errors(void) {
    snd_lib_error_set_handler(foundry_alsa_error_handler);
}

/* The last message alsa-lib reported on this thread ("" when none), then forgets it. */
static inline const char *foundry_alsa_take_last_error(void) {
    static __thread char copy[256];
    snprintf(copy, sizeof copy, "%s", foundry_alsa_error_buffer());
    foundry_alsa_error_buffer()[0] = 0;
    return copy;
}
