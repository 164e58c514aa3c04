/* The echo server's per-connection handler: one task per connection, as in the articles'
 * echo server. It only uses aw's TCP calls, so the same source runs over real sockets
 * (aw-echo) or over any other implementation of them (a simulated network). */
#ifndef ECHO_HANDLER_H
#define ECHO_HANDLER_H

#include "aw.h"

#include <stddef.h>
#include <stdint.h>

typedef struct echo_config {
    size_t buffer_size;      /* bytes held per connection: read at most this much, echo it */
    int64_t idle_timeout_ms; /* close a connection that makes no progress this long; <= 0: never */
    /* A graceful stop (NULL: none): once *stop_by_ms is nonzero the server is stopping and
     * cancels the handler's task. A cancellation that lands in a read loses nothing; one that
     * interrupts a write does not drop the bytes already read: the handler writes the rest,
     * until aw_now_ms() reaches *stop_by_ms, and then returns AW_ECANCELED. */
    const int64_t *stop_by_ms;
} echo_config;

/* Echoes everything `connection` sends back to it until the peer closes its side, then closes
 * the write side. Backpressure comes for free: the handler reads again only once the previous
 * chunk is fully written, so a peer that does not read stops being read from, and at most
 * buffer_size bytes are held. Returns AW_OK after a clean end of stream, or the status that
 * ended it (AW_ETIMEDOUT when idle, AW_ECONNRESET, AW_EPIPE, AW_ECANCELED, AW_ENOMEM). Does not
 * close `connection`. */
int echo_handle_connection(aw_socket *connection, const echo_config *config);

#endif
