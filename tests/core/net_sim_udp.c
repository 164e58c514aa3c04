/* UDP on the simulated network (aw_loop_options.simulated_network; no asyncio twin: asyncio
 * has no in-memory sockets): an echo server task and its clients, connected and not, the
 * sender's address, taken ports, receive deadlines, cancellation and close of a waiting
 * receive, truncated, empty and too large datagrams, datagrams lost (nobody bound, a stranger
 * to a connected socket, a full queue), AW_ECONNREFUSED on a connected socket whose peer is
 * gone, and the calls that refuse the wrong kind of socket. Every wait is traced as AW_WAIT_IO
 * on the socket's id: the observer prints them.
 */
#include "common/simulated.h"

#include <stdio.h>
#include <string.h>

enum { PORT = 5300 };

/* Receives one datagram and prints it, its sender and the time, or the status; returns it. */
static int receive_show(const char *who, aw_socket *socket, size_t size, int64_t ms)
{
    char buffer[64];
    size_t got = 99;
    aw_address from = {.port = 0};
    int status = aw_udp_recv_from(socket, buffer, size, &got, &from, ms);
    if (status == AW_OK || status == AW_EMSGSIZE)
        aw_printf("%s receives %zu \"%.*s\" from %s:%d at %lld ms%s\n", who, got, (int)got,
                  buffer, from.host, from.port, (long long)aw_now_ms(),
                  status == AW_EMSGSIZE ? ": AW_EMSGSIZE (truncated)" : "");
    else
        aw_printf("%s receives: %s (got %zu) at %lld ms\n", who, aw_err_name(status), got,
                  (long long)aw_now_ms());
    return status;
}

/* The echo server: every datagram goes back to its sender, until "quit". */
static int echo_server(void *arg, aw_value *result)
{
    (void)result;
    aw_socket *socket = arg;
    for (;;) {
        char buffer[64];
        size_t got;
        aw_address from;
        int status = aw_udp_recv_from(socket, buffer, sizeof buffer, &got, &from, -1);
        if (status != AW_OK)
            return status;
        aw_printf("server echoes %zu \"%.*s\" to %s:%d\n", got, (int)got, buffer, from.host,
                  from.port);
        if (got == 4 && memcmp(buffer, "quit", 4) == 0)
            return AW_OK;
        CHECK(aw_udp_send_to(socket, buffer, got, from.host, from.port, -1) == AW_OK);
    }
}

static int waiting_receiver(void *arg, aw_value *result)
{
    (void)result;
    char who[48];
    snprintf(who, sizeof who, "  %s", aw_task_name(aw_current()));
    return receive_show(who, arg, 64, -1);
}

static void send_show(const char *what, aw_socket *socket, const void *data, size_t size,
                      const char *host, int port)
{
    show(what, host != NULL ? aw_udp_send_to(socket, data, size, host, port, -1)
                            : aw_udp_send(socket, data, size, -1));
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *server, *client, *other;

    aw_printf("-- binding\n");
    show("bind the server", aw_udp_bind(&server, "127.0.0.1", PORT));
    show("bind the same port", aw_udp_bind(&other, NULL, PORT));
    show("bind it on another host", aw_udp_bind(&other, "10.0.0.1", PORT));
    aw_udp_close(other);
    show("bind a client", aw_udp_bind(&client, NULL, 0));
    aw_printf("the client's port: %d\n", aw_udp_local_port(client));
    aw_task *echo = spawn(echo_server, server, "server");
    aw_yield(); /* the server waits for its first datagram */

    aw_printf("-- an echo, not connected\n");
    send_show("send_to the server", client, "hello", 5, "localhost", PORT);
    receive_show("client", client, 64, -1);
    show("send without a peer", aw_udp_send(client, "x", 1, -1));
    size_t got;
    char buffer[64];
    show("recv without a peer", aw_udp_recv(client, buffer, sizeof buffer, &got, -1));

    aw_printf("-- an echo, connected\n");
    show("connect", aw_udp_connect(client, "127.0.0.1", PORT, -1));
    send_show("send", client, "one", 3, NULL, 0);
    send_show("send", client, "two", 3, NULL, 0);
    send_show("send an empty datagram", client, "", 0, NULL, 0);
    for (int i = 0; i < 3; i++) {
        int status = aw_udp_recv(client, buffer, sizeof buffer, &got, -1);
        aw_printf("client recv: %s, %zu \"%.*s\" at %lld ms\n", aw_err_name(status), got,
                  (int)got, buffer, (long long)aw_now_ms());
    }

    aw_printf("-- a stranger's datagram to a connected socket is dropped\n");
    aw_socket *stranger;
    show("bind a stranger", aw_udp_bind(&stranger, "127.0.0.1", 0));
    send_show("stranger sends to the client", stranger, "spam", 4, "127.0.0.1",
              aw_udp_local_port(client));
    receive_show("client", client, 64, 50);

    aw_printf("-- deadlines, cancellation, close\n");
    receive_show("stranger", stranger, 64, 100);
    aw_task *receiver = spawn(waiting_receiver, stranger, "receiver");
    aw_sleep(10);
    aw_cancel(receiver);
    aw_printf("receiver ends: %s\n", aw_err_name(aw_join(receiver, NULL)));
    receiver = spawn(waiting_receiver, stranger, "receiver 2");
    aw_sleep(10);
    show("a second receiver on the same socket",
         aw_udp_recv_from(stranger, buffer, sizeof buffer, &got, NULL, 0));
    aw_udp_close(stranger);
    aw_join(receiver, NULL);

    aw_printf("-- sizes\n");
    aw_socket *sink;
    show("bind a sink", aw_udp_bind(&sink, "127.0.0.1", 6000));
    send_show("send 10 bytes", client, "0123456789", 10, "127.0.0.1", 6000);
    send_show("send 4 bytes", client, "next", 4, "127.0.0.1", 6000);
    receive_show("sink (4-byte buffer)", sink, 4, -1);
    receive_show("sink", sink, 64, -1);
    static char big[70000];
    memset(big, 'x', sizeof big);
    send_show("send 70000 bytes", client, big, sizeof big, "127.0.0.1", 6000);
    send_show("send 40000 bytes", client, big, 40000, "127.0.0.1", 6000);
    send_show("send 40000 more (the sink's queue is full: lost)", client, big, 40000,
              "127.0.0.1", 6000);
    send_show("send 5", client, "after", 5, "127.0.0.1", 6000);
    receive_show("sink (4-byte buffer)", sink, 4, -1);
    receive_show("sink", sink, 64, -1);
    receive_show("sink", sink, 64, 0);
    aw_udp_close(sink);

    aw_printf("-- nobody at the peer's port\n");
    send_show("send_to a port nobody binds (lost)", client, "void", 4, "127.0.0.1", 6001);
    aw_socket *lonely;
    show("bind", aw_udp_bind(&lonely, NULL, 0));
    show("connect to port 6001", aw_udp_connect(lonely, "127.0.0.1", 6001, -1));
    receiver = spawn(waiting_receiver, lonely, "waiting");
    aw_yield();
    send_show("send", lonely, "anyone?", 7, NULL, 0);
    aw_join(receiver, NULL);
    send_show("send", lonely, "again?", 6, NULL, 0);
    send_show("send once more", lonely, "?", 1, NULL, 0);
    aw_udp_close(lonely);

    aw_printf("-- the wrong kind of socket\n");
    aw_socket *listener;
    show("tcp listen on the UDP port", aw_tcp_listen(&listener, "127.0.0.1", PORT, 0, 0));
    show("udp send_to on a TCP listener",
         aw_udp_send_to(listener, "x", 1, "127.0.0.1", PORT, -1));
    show("tcp read on a UDP socket", aw_tcp_read(client, buffer, 1, &got, -1));
    aw_tcp_close(listener);

    send_show("send quit", client, "quit", 4, NULL, 0);
    aw_printf("server ends: %s\n", aw_err_name(aw_join(echo, NULL)));
    aw_udp_close(client);
    aw_udp_close(server);
    return AW_OK;
}

int main(void) { return run_simulated(main_task); }
