/* The simulated network (aw_loop_options.simulated_network; no asyncio twin: asyncio has no
 * in-memory sockets): refused connects and taken ports, connect/accept order, partial reads,
 * backpressure (a writer waits until the reader drains), half-close then end of stream, reset
 * seen from both sides, deadlines, cancellation of a waiting read, closing a socket someone
 * waits on. Every wait is traced as AW_WAIT_IO on the socket's id: the observer prints them.
 */
#include "common/simulated.h"

#include <stdio.h>
#include <string.h>

enum { PORT = 8000, BIG = 150000 };

static aw_socket *listener;

/* A connected pair: *client from connect, *server from accept. */
static void pair(aw_socket **client, aw_socket **server)
{
    CHECK(aw_tcp_connect(client, "127.0.0.1", PORT, -1) == AW_OK);
    CHECK(aw_tcp_accept(listener, server, -1) == AW_OK);
}

static void read_show(const char *who, aw_socket *socket, size_t size, int64_t ms)
{
    char buffer[64];
    size_t got = 99;
    int status = aw_tcp_read(socket, buffer, size, &got, ms);
    if (status == AW_OK)
        aw_printf("%s reads %zu \"%.*s\" at %lld ms\n", who, got, (int)got, buffer,
                  (long long)aw_now_ms());
    else
        aw_printf("%s reads: %s (got %zu) at %lld ms\n", who, aw_err_name(status), got,
                  (long long)aw_now_ms());
}

static int acceptor(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (int i = 0; i < 3; i++) {
        aw_socket *connection;
        int status = aw_tcp_accept(listener, &connection, -1);
        CHECK(status == AW_OK);
        aw_printf("accepted #%d\n", i + 1);
        read_show("  acceptor", connection, 64, -1);
        aw_tcp_close(connection);
    }
    return AW_OK;
}

static int client(void *arg, aw_value *result)
{
    (void)result;
    const char *name = arg;
    aw_socket *socket;
    show(name, aw_tcp_connect(&socket, "localhost", PORT, -1));
    aw_tcp_write_all(socket, name, strlen(name), NULL, -1);
    read_show(name, socket, 64, -1); /* the acceptor closes: end of stream */
    aw_tcp_close(socket);
    return AW_OK;
}

static int big_writer(void *arg, aw_value *result)
{
    (void)result;
    static char data[BIG];
    memset(data, 'x', sizeof data);
    size_t written = 0;
    int status = aw_tcp_write_all(arg, data, 100000, &written, 10);
    aw_printf("writer: %s after %zu bytes at %lld ms\n", aw_err_name(status), written,
              (long long)aw_now_ms());
    status = aw_tcp_write_all(arg, data + written, BIG - written, &written, -1);
    aw_printf("writer: %s, the other %zu bytes written at %lld ms\n", aw_err_name(status),
              written, (long long)aw_now_ms());
    return AW_OK;
}

static int drain(void *arg, aw_value *result)
{
    (void)result;
    static char buffer[40000];
    size_t total = 0, got;
    aw_sleep(30);
    while (total < BIG && aw_tcp_read(arg, buffer, sizeof buffer, &got, -1) == AW_OK) {
        total += got;
        aw_printf("reader: %zu bytes (%zu in all) at %lld ms\n", got, total,
                  (long long)aw_now_ms());
    }
    return AW_OK;
}

static int waiting_reader(void *arg, aw_value *result)
{
    (void)result;
    char who[48];
    snprintf(who, sizeof who, "  %s", aw_task_name(aw_current()));
    read_show(who, arg, 64, -1);
    return AW_OK;
}

static int waiting_acceptor(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *connection;
    int status = aw_tcp_accept(listener, &connection, -1);
    aw_printf("  %s: %s\n", aw_task_name(aw_current()), aw_err_name(status));
    if (status == AW_OK)
        aw_tcp_close(connection);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *client_end, *server_end, *other;
    size_t got;
    char buffer[64];

    aw_printf("-- refused, taken ports\n");
    show("connect with nobody listening", aw_tcp_connect(&client_end, "127.0.0.1", PORT, -1));
    show("listen", aw_tcp_listen(&listener, "127.0.0.1", PORT, 0, 0));
    show("listen on the same port", aw_tcp_listen(&other, NULL, PORT, 0, 0));
    show("listen on another host", aw_tcp_listen(&other, "10.0.0.1", PORT, 0, 0));
    aw_printf("its port: %d\n", aw_tcp_local_port(other));
    show("connect to an address nobody listens on", aw_tcp_connect(&client_end, "10.0.0.2", PORT, -1));
    aw_tcp_close(other);
    show("listen on port 0", aw_tcp_listen(&other, "127.0.0.1", 0, 0, 0));
    aw_printf("ephemeral port: %d; fd: %s\n", aw_tcp_local_port(other),
              aw_err_name(aw_tcp_fd(other)));
    aw_tcp_close(other);

    aw_printf("-- connect/accept order\n");
    aw_task *tasks[4] = {spawn(acceptor, NULL, "acceptor"), spawn(client, "c1", "c1"),
                         spawn(client, "c2", "c2"), spawn(client, "c3", "c3")};
    aw_gather(tasks, 4, NULL);

    aw_printf("-- partial reads\n");
    pair(&client_end, &server_end);
    aw_tcp_write_all(server_end, "0123456789", 10, NULL, -1);
    read_show("client", client_end, 4, -1);
    read_show("client", client_end, 4, -1);
    read_show("client", client_end, 4, -1);
    show("read_exact 3 of 2 then EOF", (aw_tcp_write_all(server_end, "ab", 2, NULL, -1),
                                         aw_tcp_shutdown(server_end),
                                         aw_tcp_read_exact(client_end, buffer, 3, &got, -1)));
    aw_printf("read_exact got %zu\n", got);
    aw_tcp_close(client_end);
    aw_tcp_close(server_end);

    aw_printf("-- backpressure\n");
    pair(&client_end, &server_end);
    tasks[0] = spawn(big_writer, client_end, "writer");
    tasks[1] = spawn(drain, server_end, "reader");
    aw_gather(tasks, 2, NULL);
    aw_tcp_close(client_end);
    aw_tcp_close(server_end);

    aw_printf("-- half-close\n");
    pair(&client_end, &server_end);
    aw_tcp_write_all(client_end, "abc", 3, NULL, -1);
    show("client shuts down", aw_tcp_shutdown(client_end));
    show("client writes after its shutdown", aw_tcp_write_all(client_end, "d", 1, NULL, -1));
    read_show("server", server_end, 64, -1);
    read_show("server", server_end, 64, -1);
    show("server still writes", aw_tcp_write_all(server_end, "xyz", 3, NULL, -1));
    read_show("client", client_end, 64, -1);
    show("server shuts down", aw_tcp_shutdown(server_end));
    read_show("client", client_end, 64, -1);
    aw_tcp_close(server_end);
    show("client shuts down again", aw_tcp_shutdown(client_end));
    aw_tcp_close(client_end);

    aw_printf("-- close: the peer reads the end of the stream, its writes fail\n");
    pair(&client_end, &server_end);
    aw_tcp_write_all(server_end, "bye", 3, NULL, -1);
    aw_tcp_close(server_end);
    read_show("client", client_end, 64, -1);
    read_show("client", client_end, 64, -1);
    show("client writes", aw_tcp_write_all(client_end, "?", 1, NULL, -1));
    aw_tcp_close(client_end);

    aw_printf("-- reset by the client while the server waits in a read\n");
    pair(&client_end, &server_end);
    tasks[0] = spawn(waiting_reader, server_end, "server reader");
    aw_sleep(1);
    show("client resets", aw_tcp_reset(client_end));
    aw_join(tasks[0], NULL);
    read_show("server", server_end, 64, -1);
    show("server writes", aw_tcp_write_all(server_end, "?", 1, NULL, -1));
    show("server shuts down", aw_tcp_shutdown(server_end));
    aw_tcp_close(server_end);

    aw_printf("-- reset by the server: unread bytes are dropped\n");
    pair(&client_end, &server_end);
    aw_tcp_write_all(server_end, "lost", 4, NULL, -1);
    aw_tcp_reset(server_end);
    read_show("client", client_end, 64, -1);
    read_show("client", client_end, 64, -1);
    pair(&other, &server_end);
    aw_tcp_reset(server_end);
    show("the other client writes", aw_tcp_write_all(other, "?", 1, NULL, -1));
    show("and again", aw_tcp_write_all(other, "?", 1, NULL, -1));
    aw_tcp_close(other);
    aw_tcp_close(client_end);

    aw_printf("-- deadlines\n");
    pair(&client_end, &server_end);
    read_show("client", client_end, 64, 20);
    show("accept with a 5 ms deadline", aw_tcp_accept(listener, &other, 5));
    aw_printf("at %lld ms\n", (long long)aw_now_ms());

    aw_printf("-- cancelling a waiting read\n");
    tasks[0] = spawn(waiting_reader, client_end, "cancelled reader");
    aw_sleep(1);
    aw_cancel(tasks[0]);
    show("join", aw_join(tasks[0], NULL));
    aw_tcp_write_all(server_end, "still here", 10, NULL, -1);
    read_show("client", client_end, 64, -1);

    aw_printf("-- closing a socket someone waits on\n");
    tasks[0] = spawn(waiting_reader, client_end, "reader of a closed socket");
    tasks[1] = spawn(waiting_reader, client_end, "second reader");
    aw_sleep(1);
    aw_tcp_close(client_end);
    aw_gather(tasks, 2, NULL);
    aw_tcp_close(server_end);

    aw_printf("-- closing the listener\n");
    tasks[0] = spawn(waiting_acceptor, NULL, "acceptor");
    aw_sleep(1);
    CHECK(aw_tcp_connect(&client_end, "127.0.0.1", PORT, -1) == AW_OK);
    aw_join(tasks[0], NULL);
    aw_tcp_close(client_end);
    CHECK(aw_tcp_connect(&other, "127.0.0.1", PORT, -1) == AW_OK); /* never accepted */
    aw_tcp_close(listener);
    read_show("the client never accepted", other, 64, -1);
    aw_tcp_close(other);
    show("connect after the close", aw_tcp_connect(&client_end, "127.0.0.1", PORT, -1));
    show("listen again", aw_tcp_listen(&listener, "127.0.0.1", PORT, 1, 0));
    tasks[0] = spawn(waiting_acceptor, NULL, "acceptor of a closed listener");
    aw_yield();
    aw_tcp_close(listener);
    aw_join(tasks[0], NULL);
    return AW_OK;
}

int main(void) { return run_simulated(main_task); }
