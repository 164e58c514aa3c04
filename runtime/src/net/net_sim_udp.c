/*
 * UDP on the simulated network: datagrams between the sockets of one loop, in memory, behind
 * the aw_udp_* calls (udp.c picks it for a loop created with simulated_network).
 *
 * bind takes a (host, port) among the loop's datagram sockets (port 0: an ephemeral one; TCP
 * and UDP ports are separate spaces, as on a real host). A send finds the socket bound to the
 * destination and appends the datagram to its queue at once: a send never waits. As on a real
 * network, a datagram is lost without an error when nobody is bound there, when the receiver
 * is connected to someone else, or when the receiver's queue already holds SIM_BUFFER bytes;
 * the sender's address is its bound host, or 127.0.0.1 when bound to every address. A
 * connected socket that sends to nobody is told as Linux tells it (ICMP port unreachable): its
 * next send or receive returns AW_ECONNREFUSED, once. A receive takes the oldest datagram,
 * truncated to the buffer (AW_EMSGSIZE), or waits for one: a future on the socket's reader slot,
 * completed by the send that queues a datagram, traced as AW_WAIT_IO on the socket's id.
 */
#include "core/loop.h"
#include "net/net_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool hosts_overlap(const char *a, const char *b)
{
    return a == NULL || b == NULL || strcmp(a, b) == 0;
}

static sim_socket *find_bound(const struct net_sim *net, const char *host, int port)
{
    AW_LIST_FOR_EACH(node, &net->sockets) {
        sim_socket *socket = AW_LIST_ENTRY(node, sim_socket, node);
        if (socket->datagram && socket->port == port && hosts_overlap(host, socket->host))
            return socket;
    }
    return NULL;
}

/* host:port in `address`, `host` made normal (NULL: the local host). */
static void set_address(aw_address *address, const char *host, int port)
{
    host = aw__sim_normal_host(host);
    *address = (aw_address){.port = port};
    snprintf(address->host, sizeof address->host, "%s", host != NULL ? host : "127.0.0.1");
}

static int sim_udp_bind(aw_socket **out, const char *host, int port)
{
    struct net_sim *net = aw__sim_net_of(aw__loop_current());
    if (net == NULL)
        return AW_ENOMEM;
    host = aw__sim_normal_host(host);
    if (port == 0 && (port = aw__sim_ephemeral_port(net)) < 0)
        return port;
    if (find_bound(net, host, port) != NULL)
        return AW_EADDRINUSE;
    sim_socket *socket = aw__sim_new_bound(net, host, port);
    if (socket == NULL)
        return AW_ENOMEM;
    socket->datagram = true;
    *out = &socket->base;
    return AW_OK;
}

static int sim_udp_connect(aw_socket *base, const char *host, int port, int64_t deadline)
{
    (void)deadline; /* nothing to look up */
    sim_socket *socket = sim(base);
    if (!socket->datagram)
        return AW_EINVAL;
    set_address(&socket->peer_address, host, port);
    socket->refused = false;
    return AW_OK;
}

static bool is_connected(const sim_socket *socket) { return socket->peer_address.port != 0; }

/* Whether `receiver` takes datagrams from `from`: a connected socket only from its peer. */
static bool accepts(const sim_socket *receiver, const aw_address *from)
{
    return !is_connected(receiver) || (receiver->peer_address.port == from->port &&
                                       strcmp(receiver->peer_address.host, from->host) == 0);
}

static int sim_udp_send_to(aw_socket *base, const void *data, size_t size, const char *host,
                        int port, int64_t deadline)
{
    (void)deadline; /* a send never waits */
    sim_socket *socket = sim(base);
    if (!socket->datagram)
        return AW_EINVAL;
    aw_address to;
    if (host != NULL)
        set_address(&to, host, port);
    else if (is_connected(socket))
        to = socket->peer_address;
    else
        return AW_ESTATE;
    if (socket->refused) {
        socket->refused = false;
        return AW_ECONNREFUSED;
    }
    if (size > SIM_DATAGRAM_MAX)
        return AW_EMSGSIZE;
    aw_address from;
    set_address(&from, socket->host, socket->port);
    sim_socket *receiver = find_bound(socket->net, to.host, to.port);
    if (receiver == NULL) {
        if (is_connected(socket) && to.port == socket->peer_address.port &&
            strcmp(to.host, socket->peer_address.host) == 0) {
            socket->refused = true; /* the port unreachable answer */
            aw__sim_wake(socket->reader, AW_OK);
        }
        return AW_OK;
    }
    if (!accepts(receiver, &from) || receiver->datagram_bytes + size > SIM_BUFFER)
        return AW_OK; /* lost, as a real network loses it */
    sim_datagram *datagram = malloc(sizeof *datagram + size);
    if (datagram == NULL)
        return AW_ENOMEM;
    datagram->from = from;
    datagram->size = size;
    if (size > 0)
        memcpy(datagram->data, data, size);
    aw__list_push_back(&receiver->datagrams, &datagram->node);
    receiver->datagram_bytes += size;
    aw__sim_wake(receiver->reader, AW_OK);
    return AW_OK;
}

static int sim_udp_recv_from(aw_socket *base, void *buffer, size_t size, size_t *got,
                          aw_address *from, int64_t deadline)
{
    sim_socket *socket = sim(base);
    if (!socket->datagram)
        return AW_EINVAL;
    if (from == NULL && !is_connected(socket))
        return AW_ESTATE;
    while (aw__list_is_empty(&socket->datagrams)) {
        if (socket->refused) {
            socket->refused = false;
            return AW_ECONNREFUSED;
        }
        int status = aw__sim_wait_on(socket, &socket->reader, deadline);
        if (status != AW_OK)
            return status;
    }
    sim_datagram *datagram =
        AW_LIST_ENTRY(aw__list_pop_front(&socket->datagrams), sim_datagram, node);
    socket->datagram_bytes -= datagram->size;
    size_t n = datagram->size < size ? datagram->size : size;
    if (n > 0)
        memcpy(buffer, datagram->data, n);
    *got = n;
    if (from != NULL)
        *from = datagram->from;
    int status = datagram->size > size ? AW_EMSGSIZE : AW_OK;
    free(datagram);
    return status;
}

const udp_ops aw__udp_sim_ops = {.bind = sim_udp_bind, .connect = sim_udp_connect,
                                 .send_to = sim_udp_send_to, .recv_from = sim_udp_recv_from};
