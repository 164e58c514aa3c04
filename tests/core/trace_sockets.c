/* The trace hook's SOCKET events on the simulated network (no asyncio twin: asyncio has no
 * in-memory sockets): a listener opened, a connect (the client end and the server end it
 * queues), the accept, each read and write with its byte count (a read of 0 is the end of the
 * stream), a write that waits for room traced part by part, shutdown, close, a reset (then its
 * close), and a connection never accepted, reset when its listener closes. */
#include "common/observed.h"

#include <stdio.h>
#include <string.h>

enum { PORT = 7100, BIG = 100 * 1024 }; /* BIG: more than the simulated 64 KiB buffer */

static void show_sockets(const aw_trace_event *event, void *userdata)
{
    (void)userdata;
    if (event->kind != AW_TRACE_SOCKET)
        return;
    printf("  [%s] socket %llu %s", aw_trace_kind_name(event->kind),
           (unsigned long long)event->object_id, aw_socket_op_name(event->socket_op));
    switch (event->socket_op) {
    case AW_SOCKET_LISTEN: printf(" port %d", event->port); break;
    case AW_SOCKET_CONNECT:
    case AW_SOCKET_ACCEPT: printf(" peer %llu", (unsigned long long)event->peer_id); break;
    case AW_SOCKET_READ:
    case AW_SOCKET_WRITE: printf(" %zu bytes", event->size); break;
    default: break;
    }
    printf(" by \"%s\"\n", event->task_id != 0 ? event->task_name : "");
}

static char big[BIG];

static int client(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *socket;
    CHECK(aw_tcp_connect(&socket, "127.0.0.1", PORT, -1) == AW_OK);
    aw_printf("client writes 5 bytes and %d\n", BIG);
    CHECK(aw_tcp_write_all(socket, "hello", 5, NULL, -1) == AW_OK);
    CHECK(aw_tcp_write_all(socket, big, BIG, NULL, -1) == AW_OK);
    aw_printf("client shuts down\n");
    CHECK(aw_tcp_shutdown(socket) == AW_OK);
    char buffer[8];
    size_t got;
    CHECK(aw_tcp_read(socket, buffer, sizeof buffer, &got, -1) == AW_OK && got == 0);
    aw_tcp_close(socket);
    return AW_OK;
}

static int late(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *socket;
    CHECK(aw_tcp_connect(&socket, "127.0.0.1", PORT, -1) == AW_OK);
    aw_printf("late connected, resets\n");
    CHECK(aw_tcp_reset(socket) == AW_OK);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *listener, *connection;
    CHECK(aw_tcp_listen(&listener, "127.0.0.1", PORT, 0, 0) == AW_OK);
    aw_task *tasks[2];
    CHECK(aw_spawn_with(&tasks[0], client, NULL, &(aw_spawn_options){.name = "client"}) == AW_OK);
    CHECK(aw_tcp_accept(listener, &connection, -1) == AW_OK);
    aw_printf("server accepted\n");
    static char buffer[BIG + 5];
    size_t total = 0, got;
    do {
        CHECK(aw_tcp_read(connection, buffer, sizeof buffer, &got, -1) == AW_OK);
        total += got;
    } while (got > 0);
    aw_printf("server read %zu bytes\n", total);
    aw_tcp_close(connection);
    CHECK(aw_spawn_with(&tasks[1], late, NULL, &(aw_spawn_options){.name = "late"}) == AW_OK);
    CHECK(aw_join(tasks[1], NULL) == AW_OK);
    aw_printf("server closes the listener\n");
    aw_tcp_close(listener);
    CHECK(aw_join(tasks[0], NULL) == AW_OK);
    return AW_OK;
}

int main(void)
{
    memset(big, 'x', sizeof big);
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL, .simulated_network = true};
    return run_observed_with(&options, main_task, show_sockets);
}
