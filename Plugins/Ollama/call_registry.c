/* call_registry.c — the running chat calls, so cancel(call_id) from any thread can reach them.
 * A cancel for an id that is not running is remembered in a small ring, so a cancel that races
 * ahead of its call's registration is still honoured. */
#include "plugin.h"

#include <pthread.h>

#define EARLY_CANCELS 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static ol_call *running;
static uint64_t early[EARLY_CANCELS];
static bool early_used[EARLY_CANCELS];
static unsigned early_next;

void ol_calls_register(ol_call *call, uint64_t id) {
    call->id = id;
    atomic_init(&call->cancelled, false);
    pthread_mutex_lock(&lock);
    for (unsigned i = 0; i < EARLY_CANCELS; i++) {
        if (early_used[i] && early[i] == id) {
            early_used[i] = false;
            atomic_store(&call->cancelled, true);
        }
    }
    call->next = running;
    running = call;
    pthread_mutex_unlock(&lock);
}

void ol_calls_unregister(ol_call *call) {
    pthread_mutex_lock(&lock);
    for (ol_call **p = &running; *p; p = &(*p)->next) {
        if (*p == call) {
            *p = call->next;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

void ol_calls_cancel(uint64_t id) {
    pthread_mutex_lock(&lock);
    bool found = false;
    for (ol_call *c = running; c; c = c->next) {
        if (c->id == id) {
            atomic_store(&c->cancelled, true);
            found = true;
        }
    }
    if (!found) {
        early[early_next] = id;
        early_used[early_next] = true;
        early_next = (early_next + 1) % EARLY_CANCELS;
    }
    pthread_mutex_unlock(&lock);
}
