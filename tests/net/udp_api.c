/* UDP on real loopback sockets under the backend named by AW_IO_BACKEND (the test runs once
 * per backend): round trips connected and not, the sender's address, empty and truncated
 * datagrams, a datagram too large, taken ports, receive deadlines, cancellation and close of a
 * waiting receive, datagrams from strangers dropped by a connected socket, the trace of a
 * receive's wait, and (Linux) AW_ECONNREFUSED on a connected socket whose peer's port is
 * closed. Every check prints what failed; the program exits 1 on any failure. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOCAL "127.0.0.1"

static aw_socket *bound(void)
{
    aw_socket *socket = NULL;
    CHECK_STATUS(aw_udp_bind(&socket, LOCAL, 0), AW_OK);
    CHECK(socket != NULL && aw_udp_local_port(socket) > 0);
    return socket;
}

/* Receives one datagram and checks its bytes and, if from_port > 0, its sender. */
static void expect_datagram(aw_socket *socket, const char *text, int from_port)
{
    char buffer[64] = {0};
    size_t got = 99;
    aw_address from = {.port = 0};
    CHECK_STATUS(aw_udp_recv_from(socket, buffer, sizeof buffer, &got, &from, 5000), AW_OK);
    CHECK(got == strlen(text) && memcmp(buffer, text, got) == 0);
    if (from_port > 0)
        CHECK(strcmp(from.host, LOCAL) == 0 && from.port == from_port);
}

static void test_round_trips(void)
{
    aw_socket *server = bound(), *client = bound();
    int server_port = aw_udp_local_port(server), client_port = aw_udp_local_port(client);

    /* Not connected: send_to, and the echo goes back to the address received. */
    CHECK_STATUS(aw_udp_send_to(client, "ping", 4, LOCAL, server_port, 1000), AW_OK);
    char buffer[64];
    size_t got = 0;
    aw_address from = {.port = 0};
    CHECK_STATUS(aw_udp_recv_from(server, buffer, sizeof buffer, &got, &from, 5000), AW_OK);
    CHECK(got == 4 && memcmp(buffer, "ping", 4) == 0);
    CHECK(strcmp(from.host, LOCAL) == 0 && from.port == client_port);
    CHECK_STATUS(aw_udp_send_to(server, "pong", 4, from.host, from.port, 1000), AW_OK);
    expect_datagram(client, "pong", server_port);
    /* "localhost" resolves. */
    CHECK_STATUS(aw_udp_send_to(client, "by name", 7, "localhost", server_port, 5000), AW_OK);
    expect_datagram(server, "by name", client_port);

    /* send and recv need a connected socket. */
    CHECK_STATUS(aw_udp_send(client, "x", 1, 1000), AW_ESTATE);
    CHECK_STATUS(aw_udp_recv(client, buffer, sizeof buffer, &got, 1000), AW_ESTATE);

    /* Connected: send / recv, one datagram each, boundaries kept. */
    CHECK_STATUS(aw_udp_connect(client, LOCAL, server_port, 1000), AW_OK);
    CHECK_STATUS(aw_udp_send(client, "one", 3, 1000), AW_OK);
    CHECK_STATUS(aw_udp_send(client, "two", 3, 1000), AW_OK);
    expect_datagram(server, "one", client_port);
    expect_datagram(server, "two", client_port);
    CHECK_STATUS(aw_udp_send_to(server, "back", 4, LOCAL, client_port, 1000), AW_OK);
    CHECK_STATUS(aw_udp_recv(client, buffer, sizeof buffer, &got, 5000), AW_OK);
    CHECK(got == 4 && memcmp(buffer, "back", 4) == 0);

    /* An empty datagram is a datagram. */
    CHECK_STATUS(aw_udp_send(client, "", 0, 1000), AW_OK);
    got = 99;
    CHECK_STATUS(aw_udp_recv_from(server, buffer, sizeof buffer, &got, NULL, 5000), AW_OK);
    CHECK(got == 0);

    /* Truncation: the first bytes, AW_EMSGSIZE, and the rest of that datagram is gone. */
    CHECK_STATUS(aw_udp_send(client, "0123456789", 10, 1000), AW_OK);
    CHECK_STATUS(aw_udp_send(client, "next", 4, 1000), AW_OK);
    memset(buffer, 0, sizeof buffer);
    CHECK_STATUS(aw_udp_recv_from(server, buffer, 4, &got, &from, 5000), AW_EMSGSIZE);
    CHECK(got == 4 && memcmp(buffer, "0123", 4) == 0 && from.port == client_port);
    expect_datagram(server, "next", client_port);

    /* Too large for a datagram. */
    static char huge[70000];
    CHECK_STATUS(aw_udp_send(client, huge, sizeof huge, 1000), AW_EMSGSIZE);

    /* A connected socket drops datagrams from anyone but its peer. */
    aw_socket *stranger = bound();
    CHECK_STATUS(aw_udp_send_to(stranger, "spam", 4, LOCAL, client_port, 1000), AW_OK);
    CHECK_STATUS(aw_udp_send_to(server, "mail", 4, LOCAL, client_port, 1000), AW_OK);
    CHECK_STATUS(aw_udp_recv(client, buffer, sizeof buffer, &got, 5000), AW_OK);
    CHECK(got == 4 && memcmp(buffer, "mail", 4) == 0);

    /* A taken port; the calls refuse TCP sockets and bad arguments. */
    aw_socket *other = NULL;
    CHECK_STATUS(aw_udp_bind(&other, LOCAL, server_port), AW_EADDRINUSE);
    CHECK_STATUS(aw_udp_bind(&other, LOCAL, 65536), AW_EINVAL);
    CHECK_STATUS(aw_udp_send_to(client, "x", 1, LOCAL, 0, 1000), AW_EINVAL);
    CHECK_STATUS(aw_udp_send_to(client, "x", 1, NULL, server_port, 1000), AW_EINVAL);
    CHECK_STATUS(aw_udp_connect(client, "::1", server_port, 1000), AW_EINVAL);
    aw_socket *listener = NULL;
    CHECK_STATUS(aw_tcp_listen(&listener, LOCAL, 0, 1, 0), AW_OK);
    CHECK_STATUS(aw_udp_send_to(listener, "x", 1, LOCAL, server_port, 1000), AW_EINVAL);
    CHECK_STATUS(aw_udp_recv_from(listener, buffer, 1, &got, &from, 1000), AW_EINVAL);
    aw_tcp_close(listener);
    CHECK_STATUS(aw_tcp_read(client, buffer, 1, &got, 1000), AW_EINVAL);
    CHECK_STATUS(aw_tcp_write_all(client, "x", 1, NULL, 1000), AW_EINVAL);
    CHECK_STATUS(aw_tcp_accept(client, &other, 1000), AW_EINVAL);

    aw_udp_close(stranger);
    aw_udp_close(client);
    aw_udp_close(server);
}

static int receive_task(void *arg, aw_value *result)
{
    (void)result;
    char buffer[8];
    size_t got;
    return aw_udp_recv_from(arg, buffer, sizeof buffer, &got, NULL, -1);
}

typedef struct wait_seen {
    int64_t fd;
    int waits; /* STEP_END events of a read wait on fd */
} wait_seen;

static void observe_waits(const aw_trace_event *event, void *userdata)
{
    wait_seen *seen = userdata;
    if (event->kind == AW_TRACE_STEP_END && event->wait == AW_WAIT_IO &&
        event->direction == AW_IO_READ && (int64_t)event->object_id == seen->fd)
        seen->waits++;
}

static void test_waits(void)
{
    aw_socket *socket = bound();
    char buffer[8];
    size_t got = 99;
    /* A deadline, traced as an I/O wait on the socket's fd. */
    wait_seen seen = {.fd = aw_tcp_fd(socket)};
    aw_loop_observe(aw_loop_current(), observe_waits, &seen);
    int64_t start = aw_now_ms();
    CHECK_STATUS(aw_udp_recv_from(socket, buffer, sizeof buffer, &got, NULL, 50), AW_ETIMEDOUT);
    CHECK(got == 0 && aw_now_ms() - start >= 50);
    aw_loop_unobserve(aw_loop_current(), observe_waits, &seen);
    CHECK(seen.waits == 1);
    /* Cancelled while waiting, then closed while waiting. */
    aw_task *receiver;
    aw_spawn(&receiver, receive_task, socket);
    aw_sleep(10);
    aw_cancel(receiver);
    CHECK_STATUS(aw_join(receiver, NULL), AW_ECANCELED);
    aw_spawn(&receiver, receive_task, socket);
    aw_sleep(10);
    /* One receiver at a time. */
    CHECK_STATUS(aw_udp_recv_from(socket, buffer, sizeof buffer, &got, NULL, 10), AW_ESTATE);
    aw_udp_close(socket);
    CHECK_STATUS(aw_join(receiver, NULL), AW_ECLOSED);
}

#if defined(__linux__)
static void test_refused(void)
{
    /* Nobody on the peer's port: the kernel's ICMP port unreachable makes the connected
     * socket's next receive fail, once. */
    aw_socket *gone = bound();
    int port = aw_udp_local_port(gone);
    aw_udp_close(gone);
    aw_socket *socket = bound();
    CHECK_STATUS(aw_udp_connect(socket, LOCAL, port, 1000), AW_OK);
    CHECK_STATUS(aw_udp_send(socket, "anyone?", 7, 1000), AW_OK);
    char buffer[8];
    size_t got = 99;
    CHECK_STATUS(aw_udp_recv(socket, buffer, sizeof buffer, &got, 5000), AW_ECONNREFUSED);
    CHECK(got == 0);
    CHECK_STATUS(aw_udp_recv(socket, buffer, sizeof buffer, &got, 20), AW_ETIMEDOUT);
    aw_udp_close(socket);
}
#endif

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    check_backend();
    test_round_trips();
    test_waits();
#if defined(__linux__)
    test_refused();
#endif
    return AW_OK;
}

int main(void)
{
    /* A numeric bind needs no task; sending and receiving do. */
    aw_socket *socket = NULL;
    CHECK_STATUS(aw_udp_bind(&socket, LOCAL, 0), AW_OK);
    CHECK_STATUS(aw_udp_send_to(socket, "x", 1, LOCAL, 9, 0), AW_ESTATE);
    aw_udp_close(socket);
    CHECK_STATUS(aw_udp_bind(NULL, LOCAL, 0), AW_EINVAL);
    CHECK_STATUS(aw_run(main_task, NULL, NULL), AW_OK);
    return check_report("udp_api");
}
