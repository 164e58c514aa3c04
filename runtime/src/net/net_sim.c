/*
 * The simulated network: TCP between the tasks of one loop (UDP: net_sim_udp.c), in memory,
 * behind the same aw_tcp_* calls as real sockets (tcp.c picks it for a loop created with simulated_network). It runs on
 * every target and behaves the same on every run, which makes it a deterministic network for
 * tests and the playground.
 *
 * A loop has a table of listeners, each on a (host, port). connect finds the listener, creates
 * both ends of a connection at once (the handshake is instant: connect does not suspend) and
 * queues the server end in the listener's backlog, where accept takes it; nobody listening, or
 * a full backlog, is AW_ECONNREFUSED. Each end holds the bytes its peer wrote and it has not
 * read yet, at most SIM_BUFFER of them: a writer that finds the buffer full waits until the
 * reader drains some, so backpressure is real. shutdown marks the end of the stream (the peer
 * reads it after the buffered bytes), close does the same and makes the peer's writes fail with
 * AW_EPIPE, reset drops the peer's unread bytes and makes its next read or write return
 * AW_ECONNRESET (then end of stream, AW_EPIPE, as Linux does).
 *
 * Every wait is a future, as in io.c: a task that must wait parks a future on the socket (one
 * reader, one writer, one acceptor at a time), and whoever makes progress possible (a write,
 * a read that frees room, a connect, a close) completes it, so the waiter runs one hop later and
 * tries again. A deadline is a timer completing it with AW_ETIMEDOUT; a cancellation cancels
 * it. Waits are traced as AW_WAIT_IO with the socket's id (1, 2, ... per loop, in creation
 * order; the two ends of a connection have their own) instead of an fd. What happens to each
 * socket (opened, accepted, bytes read and written, shut down, closed, reset) is traced too, as
 * AW_TRACE_SOCKET events.
 */
#include "core/task.h"
#include "core/future.h"
#include "core/loop.h"
#include "core/trace.h"
#include "net/net_sim.h"

#include <stdlib.h>
#include <string.h>

static inline sim_socket *socket_of(aw_list_node *node)
{
    return AW_LIST_ENTRY(node, sim_socket, node);
}

/* The listener's oldest connection not accepted yet, taken off its backlog; NULL if none. */
static sim_socket *pop_pending(sim_socket *listener)
{
    return AW_LIST_ENTRY(aw__list_pop_front(&listener->pending), sim_socket, pending_node);
}

struct net_sim *aw__sim_net_of(aw_loop *loop)
{
    if (loop->net_sim == NULL) {
        loop->net_sim = calloc(1, sizeof *loop->net_sim);
        if (loop->net_sim != NULL)
            loop->net_sim->next_port = SIM_PORT_FIRST;
    }
    return loop->net_sim;
}

const char *aw__sim_normal_host(const char *host)
{
    if (host == NULL || strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0)
        return NULL;
    if (strcmp(host, "localhost") == 0)
        return "127.0.0.1";
    return host;
}

static bool port_taken(const struct net_sim *net, int port)
{
    AW_LIST_FOR_EACH(node, &net->sockets)
        if (socket_of(node)->port == port)
            return true;
    return false;
}

int aw__sim_ephemeral_port(struct net_sim *net)
{
    for (int tries = 0; tries <= SIM_PORT_LAST - SIM_PORT_FIRST; tries++) {
        int port = net->next_port;
        net->next_port = port == SIM_PORT_LAST ? SIM_PORT_FIRST : port + 1;
        if (!port_taken(net, port))
            return port;
    }
    return AW_EADDRINUSE;
}

sim_socket *aw__sim_new_socket(struct net_sim *net)
{
    sim_socket *socket = calloc(1, sizeof *socket);
    if (socket == NULL)
        return NULL;
    socket->base.ops = &aw__net_sim_ops;
    socket->net = net;
    socket->id = ++net->next_id;
    aw__list_push_back(&net->sockets, &socket->node);
    return socket;
}

sim_socket *aw__sim_new_bound(struct net_sim *net, const char *host, int port)
{
    char *copy = NULL;
    if (host != NULL) {
        size_t length = strlen(host) + 1;
        if ((copy = malloc(length)) == NULL)
            return NULL;
        memcpy(copy, host, length);
    }
    sim_socket *socket = aw__sim_new_socket(net);
    if (socket == NULL) {
        free(copy);
        return NULL;
    }
    socket->host = copy;
    socket->port = port;
    return socket;
}

static void free_socket(sim_socket *socket)
{
    struct net_sim *net = socket->net;
    aw__list_remove(&net->sockets, &socket->node);
    aw_list_node *node;
    while ((node = aw__list_pop_front(&socket->datagrams)) != NULL)
        free(AW_LIST_ENTRY(node, sim_datagram, node));
    free(socket->in);
    free(socket->host);
    free(socket);
}

/* An AW_TRACE_SOCKET event: `op` on `socket` by the running task, if any. */
static void trace_socket(const sim_socket *socket, aw_socket_op op, uint64_t peer, size_t size)
{
    aw_loop *loop = aw__loop_current();
    if (!aw__trace_on(loop))
        return;
    aw_trace_event event = {.kind = AW_TRACE_SOCKET, .object_id = socket->id, .socket_op = op,
                            .peer_id = peer, .port = socket->port, .size = size};
    const aw_task *task = loop->current;
    if (task != NULL) {
        event.task = task;
        event.task_id = task->id;
        event.task_name = aw__task_name(task);
    }
    aw__trace_emit(loop, &event);
}

/* Waiting. */

void aw__sim_wake(sim_wait *wait, int status)
{
    if (wait != NULL && wait->future.state == FUTURE_PENDING)
        aw__future_complete(&wait->future, status, (aw_value){0});
}

static void detach(sim_wait *wait)
{
    if (wait->slot != NULL) {
        *wait->slot = NULL;
        wait->slot = NULL;
    }
}

void aw__sim_drop_waiter(sim_wait **slot)
{
    sim_wait *wait = *slot;
    if (wait == NULL)
        return;
    wait->closed = true;
    detach(wait);
    aw__sim_wake(wait, AW_ECLOSED);
}

int aw__sim_wait_on(const sim_socket *socket, sim_wait **slot, int64_t deadline)
{
    if (*slot != NULL)
        return AW_ESTATE;
    aw_loop *loop = aw__loop_current();
    sim_wait wait = {.slot = slot};
    aw__future_init(&wait.future, loop, FUTURE_PLAIN);
    *slot = &wait;
    /* An acceptor waits to read, as on a listening socket. */
    loop->current->wait_direction = slot == &socket->writer ? AW_IO_WRITE : AW_IO_READ;
    int status = aw__future_wait_until(&wait.future, deadline, AW_ETIMEDOUT, AW_WAIT_IO,
                                       socket->id, NULL);
    if (wait.closed)
        return status == AW_OK ? AW_ECLOSED : status;
    detach(&wait);
    return status;
}

/* Connections. */

/* The peer of `socket` goes away: it closed (FIN) or reset (RST). */
static void peer_gone(sim_socket *socket, bool reset)
{
    socket->peer = NULL;
    socket->in_eof = true;
    if (reset) {
        socket->reset_pending = true;
        socket->broken = true;
        socket->in_count = 0;
    }
    aw__sim_wake(socket->reader, AW_OK);
    aw__sim_wake(socket->writer, AW_OK);
}

static int sim_listen(aw_socket **out, const char *host, int port, int backlog, int flags)
{
    if (out == NULL || port < 0 || port > 65535)
        return AW_EINVAL;
    if (flags & AW_TCP_REUSEPORT)
        return AW_ENOTSUP;
    struct net_sim *net = aw__sim_net_of(aw__loop_current());
    if (net == NULL)
        return AW_ENOMEM;
    host = aw__sim_normal_host(host);
    if (port == 0) {
        port = aw__sim_ephemeral_port(net);
        if (port < 0)
            return port;
    }
    AW_LIST_FOR_EACH(node, &net->sockets) {
        const sim_socket *other = socket_of(node);
        if (other->listener && other->port == port &&
            (host == NULL || other->host == NULL || strcmp(host, other->host) == 0))
            return AW_EADDRINUSE;
    }
    sim_socket *listener = aw__sim_new_bound(net, host, port);
    if (listener == NULL)
        return AW_ENOMEM;
    listener->listener = true;
    listener->backlog = backlog > 0 ? backlog : SIM_BACKLOG;
    trace_socket(listener, AW_SOCKET_LISTEN, 0, 0);
    *out = &listener->base;
    return AW_OK;
}

static sim_socket *find_listener(const struct net_sim *net, const char *host, int port)
{
    host = aw__sim_normal_host(host);
    AW_LIST_FOR_EACH(node, &net->sockets) {
        sim_socket *socket = socket_of(node);
        if (socket->listener && socket->port == port &&
            (socket->host == NULL || (host != NULL && strcmp(host, socket->host) == 0)))
            return socket;
    }
    return NULL;
}

static int sim_connect(aw_socket **out, const char *host, int port, int64_t ms)
{
    (void)ms; /* the handshake is instant */
    if (out == NULL || host == NULL || port <= 0 || port > 65535)
        return AW_EINVAL;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    struct net_sim *net = aw__sim_net_of(aw__loop_current());
    if (net == NULL)
        return AW_ENOMEM;
    sim_socket *listener = find_listener(net, host, port);
    if (listener == NULL || listener->queued >= listener->backlog)
        return AW_ECONNREFUSED;
    int local_port = aw__sim_ephemeral_port(net);
    if (local_port < 0)
        return local_port;
    sim_socket *client = aw__sim_new_socket(net);
    sim_socket *server = client != NULL ? aw__sim_new_socket(net) : NULL;
    if (server == NULL) {
        if (client != NULL)
            free_socket(client);
        return AW_ENOMEM;
    }
    client->port = local_port;
    server->port = port;
    client->peer = server;
    server->peer = client;
    aw__list_push_back(&listener->pending, &server->pending_node);
    listener->queued++;
    trace_socket(client, AW_SOCKET_CONNECT, server->id, 0);
    aw__sim_wake(listener->acceptor, AW_OK);
    *out = &client->base;
    return AW_OK;
}

static int sim_accept(aw_socket *base, aw_socket **out, int64_t ms)
{
    sim_socket *listener = sim(base);
    if (out == NULL || !listener->listener)
        return AW_EINVAL;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    int64_t deadline = aw__deadline_after(ms);
    while (aw__list_is_empty(&listener->pending)) {
        int status = aw__sim_wait_on(listener, &listener->acceptor, deadline);
        if (status != AW_OK)
            return status;
    }
    sim_socket *server = pop_pending(listener);
    listener->queued--;
    trace_socket(server, AW_SOCKET_ACCEPT, server->peer != NULL ? server->peer->id : 0, 0);
    *out = &server->base;
    return AW_OK;
}

static int sim_read_some(aw_socket *base, void *buffer, size_t size, size_t *got,
                         int64_t deadline)
{
    sim_socket *socket = sim(base);
    if (socket->listener || socket->datagram)
        return AW_EINVAL;
    for (;;) {
        if (socket->reset_pending) {
            socket->reset_pending = false;
            return AW_ECONNRESET;
        }
        if (socket->in_count > 0 || socket->in_eof || size == 0)
            break;
        int status = aw__sim_wait_on(socket, &socket->reader, deadline);
        if (status != AW_OK)
            return status;
    }
    size_t n = size < socket->in_count ? size : socket->in_count;
    *got = n;
    if (n == 0) { /* end of stream, or nothing asked */
        if (size > 0)
            trace_socket(socket, AW_SOCKET_READ, 0, 0);
        return AW_OK;
    }
    size_t first = SIM_BUFFER - socket->in_head;
    if (first > n)
        first = n;
    memcpy(buffer, socket->in + socket->in_head, first);
    memcpy((char *)buffer + first, socket->in, n - first);
    socket->in_head = (socket->in_head + n) % SIM_BUFFER;
    socket->in_count -= n;
    trace_socket(socket, AW_SOCKET_READ, 0, n);
    if (socket->peer != NULL) /* room for the peer's writer */
        aw__sim_wake(socket->peer->writer, AW_OK);
    return AW_OK;
}

static int sim_write_all(aw_socket *base, const void *buffer, size_t size, size_t *written,
                         int64_t ms)
{
    sim_socket *socket = sim(base);
    if ((buffer == NULL && size > 0) || socket->listener || socket->datagram)
        return AW_EINVAL;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    int64_t deadline = -2; /* computed on the first wait only */
    size_t total = 0;
    int status = AW_OK;
    while (total < size) {
        if (socket->reset_pending) {
            socket->reset_pending = false;
            status = AW_ECONNRESET;
            break;
        }
        sim_socket *peer = socket->peer;
        if (socket->shut || peer == NULL) {
            status = AW_EPIPE;
            break;
        }
        if (peer->in_count < SIM_BUFFER) {
            if (peer->in == NULL && (peer->in = malloc(SIM_BUFFER)) == NULL) {
                status = AW_ENOMEM;
                break;
            }
            size_t n = SIM_BUFFER - peer->in_count;
            if (n > size - total)
                n = size - total;
            size_t tail = (peer->in_head + peer->in_count) % SIM_BUFFER;
            size_t first = SIM_BUFFER - tail;
            if (first > n)
                first = n;
            memcpy(peer->in + tail, (const char *)buffer + total, first);
            memcpy(peer->in, (const char *)buffer + total + first, n - first);
            peer->in_count += n;
            total += n;
            trace_socket(socket, AW_SOCKET_WRITE, 0, n);
            aw__sim_wake(peer->reader, AW_OK);
            continue;
        }
        if (deadline == -2)
            deadline = aw__deadline_after(ms);
        status = aw__sim_wait_on(socket, &socket->writer, deadline);
        if (status != AW_OK)
            break;
    }
    if (written != NULL)
        *written = total;
    return status;
}

static int sim_shutdown(aw_socket *base)
{
    sim_socket *socket = sim(base);
    if (socket->listener || socket->datagram)
        return AW_EINVAL;
    if (socket->broken)
        return AW_ECLOSED;
    if (!socket->shut) {
        socket->shut = true;
        trace_socket(socket, AW_SOCKET_SHUTDOWN, 0, 0);
        if (socket->peer != NULL) {
            socket->peer->in_eof = true;
            aw__sim_wake(socket->peer->reader, AW_OK);
        }
        aw__sim_wake(socket->writer, AW_OK); /* a task of ours still writing: AW_EPIPE */
    }
    return AW_OK;
}

static void sim_close(aw_socket *base)
{
    sim_socket *socket = sim(base);
    if (socket->listener) {
        /* Connections never accepted are reset, as the kernel does. */
        sim_socket *server;
        while ((server = pop_pending(socket)) != NULL) {
            if (server->peer != NULL)
                peer_gone(server->peer, true);
            trace_socket(server, AW_SOCKET_RESET, 0, 0);
            free_socket(server);
        }
        aw__sim_drop_waiter(&socket->acceptor);
    } else {
        aw__sim_drop_waiter(&socket->reader);
        aw__sim_drop_waiter(&socket->writer);
        if (socket->peer != NULL)
            peer_gone(socket->peer, false);
    }
    trace_socket(socket, AW_SOCKET_CLOSE, 0, 0);
    free_socket(socket);
}

static int sim_reset(aw_socket *base)
{
    sim_socket *socket = sim(base);
    if (!socket->listener && socket->peer != NULL) {
        peer_gone(socket->peer, true);
        socket->peer = NULL;
    }
    trace_socket(socket, AW_SOCKET_RESET, 0, 0);
    sim_close(base);
    return AW_OK;
}

static int sim_set_nodelay(aw_socket *socket, bool on)
{
    (void)socket, (void)on; /* nothing is ever delayed */
    return AW_OK;
}

static int sim_local_port(const aw_socket *socket) { return ((const sim_socket *)socket)->port; }

static int sim_fd(const aw_socket *socket)
{
    (void)socket;
    return AW_ENOTSUP;
}

const net_ops aw__net_sim_ops = {
    .listen = sim_listen, .accept = sim_accept, .connect = sim_connect, .read_some = sim_read_some,
    .write_all = sim_write_all, .shutdown = sim_shutdown,
    .reset = sim_reset, .close = sim_close, .set_nodelay = sim_set_nodelay,
    .local_port = sim_local_port, .fd = sim_fd, .udp = &aw__udp_sim_ops,
};

void aw__net_sim_free(aw_loop *loop)
{
    struct net_sim *net = loop->net_sim;
    if (net == NULL)
        return;
    /* Tasks still waiting are never resumed: their waits are not touched. */
    while (!aw__list_is_empty(&net->sockets))
        free_socket(socket_of(net->sockets.first));
    free(net);
    loop->net_sim = NULL;
}
