/* host_url.c — where the Ollama server is: endpoint.base_url, else $OLLAMA_HOST (host, host:port,
 * :port or a full URL, as the ollama CLI accepts it), else http://127.0.0.1:11434. */
#define _POSIX_C_SOURCE 200809L
#include "plugin.h"

#include <stdlib.h>
#include <string.h>

static char *strip_trailing_slashes(char *s) {
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '/') s[--n] = 0;
    return s;
}

static bool all_digits(const char *s, size_t n) {
    if (n == 0 || n > 5) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return atoi(s) <= 65535;
}

/* Builds scheme://host:port[/path] from the forms OLLAMA_HOST allows. */
static char *from_env(const char *value) {
    while (*value == ' ' || *value == '\t') value++;
    size_t vlen = strlen(value);
    while (vlen > 0 && (value[vlen - 1] == ' ' || value[vlen - 1] == '\t')) vlen--;

    const char *scheme = "http";
    const char *default_port = "11434";
    const char *rest = value;
    const char *sep = strstr(value, "://");
    size_t scheme_len = 4;
    if (sep && (size_t)(sep - value) < vlen) {
        scheme = value;
        scheme_len = (size_t)(sep - value);
        rest = sep + 3;
        if (scheme_len == 4 && strncmp(value, "http", 4) == 0) default_port = "80";
        else if (scheme_len == 5 && strncmp(value, "https", 5) == 0) default_port = "443";
    }
    size_t rest_len = vlen - (size_t)(rest - value);
    const char *slash = memchr(rest, '/', rest_len);
    size_t hostport_len = slash ? (size_t)(slash - rest) : rest_len;
    const char *path = slash ? slash : "";
    size_t path_len = slash ? rest_len - hostport_len : 0;

    /* Split host and port; an IPv6 literal keeps its brackets. */
    const char *host = rest;
    size_t host_len = hostport_len;
    const char *port = default_port;
    size_t port_len = strlen(default_port);
    const char *colon = NULL;
    if (hostport_len > 0 && rest[0] == '[') {
        const char *close = memchr(rest, ']', hostport_len);
        if (close && close + 1 < rest + hostport_len && close[1] == ':') colon = close + 1;
    } else {
        const char *c = memchr(rest, ':', hostport_len);
        if (c && !memchr(c + 1, ':', hostport_len - (size_t)(c + 1 - rest))) colon = c;
    }
    if (colon) {
        host_len = (size_t)(colon - rest);
        const char *p = colon + 1;
        size_t plen = hostport_len - host_len - 1;
        if (all_digits(p, plen)) { port = p; port_len = plen; }
    }
    if (host_len == 0 || (host_len == 7 && strncmp(host, "0.0.0.0", 7) == 0)) {
        host = "127.0.0.1"; /* a bind-all address means "this machine" to a client */
        host_len = 9;
    } else if (host_len == 4 && strncmp(host, "[::]", 4) == 0) {
        host = "[::1]";
        host_len = 5;
    }
    size_t total = scheme_len + 3 + host_len + 1 + port_len + path_len + 1;
    char *url = malloc(total);
    if (!url) return NULL;
    char *w = url;
    memcpy(w, scheme, scheme_len); w += scheme_len;
    memcpy(w, "://", 3); w += 3;
    memcpy(w, host, host_len); w += host_len;
    *w++ = ':';
    memcpy(w, port, port_len); w += port_len;
    memcpy(w, path, path_len); w += path_len;
    *w = 0;
    return url;
}

char *ol_base_url(const char *override) {
    if (override && *override) {
        char *s = strdup(override);
        return s ? strip_trailing_slashes(s) : NULL;
    }
    const char *env = getenv("OLLAMA_HOST");
    if (env && *env) {
        char *s = from_env(env);
        return s ? strip_trailing_slashes(s) : NULL;
    }
    return strdup(OL_DEFAULT_HOST);
}
