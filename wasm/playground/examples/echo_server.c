/*
 * The echo server of the articles, one task per connection, with scripted clients on a
 * simulated network (aw_loop_options.simulated_network: TCP between the loop's own tasks, in
 * memory, the same on every run).
 *
 * The server task listens on 127.0.0.1:5433, accepts three connections and spawns a task for
 * each that runs echo_handle_connection: the handler of the native echo server
 * (native/echo/echo_handler.c, compiled here unchanged), which reads what arrives and writes
 * it back until the end of the stream. The clients are tasks too:
 *   alice  sends two messages and reads each echo, then closes;
 *   bob    sends two messages and half-closes (aw_tcp_shutdown): the handler echoes all of it,
 *          reads the end of the stream and closes its side, so bob reads everything, then EOF;
 *   carol  gets one echo, goes quiet, and resets the connection (aw_tcp_reset, SO_LINGER 0):
 *          the handler, waiting in its read, gets AW_ECONNRESET;
 *   dave   connects once the server stopped accepting: AW_ECONNREFUSED.
 * Every read that finds nothing suspends its task, and the loop runs another one at each
 * await: one thread serves every connection, as the articles' select loop does.
 *
 * asyncio twin: none. Its asyncio version would use streams (asyncio.start_server,
 * asyncio.open_connection) over real sockets, which the virtual-clock loop of run_twin.py does
 * not drive in a deterministic order; tests/playground/CMakeLists.txt lists it as having no twin.
 * expected output: tests/playground/expected/echo_server.out
 */
#include "example.h"

#include "echo_handler.h"
#define echo_handle_connection(...) PG_FRAME(echo_handle_connection, __VA_ARGS__) /* a frame */

#include <stdio.h>
#include <string.h>

#define HOST "127.0.0.1"
enum { PORT = 5433, CONNECTIONS = 3 };

static void say(const char *who, const char *what)
{
    aw_printf("%3lld ms  %-6s %s\n", (long long)aw_now_ms(), who, what);
}

static void say_status(const char *who, const char *what, int status)
{
    char line[96];
    snprintf(line, sizeof line, "%s: %s", what, aw_err_name(status));
    say(who, line);
}

/* The server side: one task per connection, running the echo server's handler. */
static int connection_task(void *arg, aw_value *result)
{
    (void)result;
    aw_socket *connection = arg;
    echo_config config = {.buffer_size = 1024}; /* recv(1024), as in the articles */
    int status = echo_handle_connection(connection, &config);
    aw_tcp_close(connection);
    char who[16];
    snprintf(who, sizeof who, "%s", aw_task_name(aw_current()));
    say_status(who, "handler returned", status);
    return AW_OK;
}

static int server(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *listener;
    int status = aw_tcp_listen(&listener, HOST, PORT, 0, 0);
    if (status != AW_OK) {
        say_status("server", "cannot listen", status);
        return status;
    }
    say("server", "listening at " HOST ":5433");
    aw_task *handlers[CONNECTIONS];
    int accepted = 0;
    while (accepted < CONNECTIONS) {
        aw_socket *connection;
        status = aw_tcp_accept(listener, &connection, -1);
        if (status != AW_OK)
            break;
        char name[16], line[64];
        snprintf(name, sizeof name, "conn %d", accepted + 1);
        snprintf(line, sizeof line, "accepted a connection: spawns task \"%s\"", name);
        say("server", line);
        status = aw_spawn_with(&handlers[accepted], connection_task, connection,
                               &(aw_spawn_options){.name = name});
        if (status != AW_OK) {
            aw_tcp_close(connection);
            break;
        }
        accepted++;
    }
    aw_tcp_close(listener);
    say("server", "stopped accepting");
    for (int i = 0; i < accepted; i++)
        aw_join(handlers[i], NULL);
    say("server", "every connection is done");
    return status;
}

/* The clients. */

static int send_text(aw_socket *socket, const char *who, const char *text)
{
    char line[96];
    snprintf(line, sizeof line, "sends \"%s\"", text);
    say(who, line);
    return aw_tcp_write_all(socket, text, strlen(text), NULL, -1);
}
#define send_text(...) PG_FRAME(send_text, __VA_ARGS__) /* frames in the call stack */

/* Reads once and prints what came: text, end of stream, or an error. */
static int receive(aw_socket *socket, const char *who, size_t *got)
{
    char buffer[64];
    int status = aw_tcp_read(socket, buffer, sizeof buffer - 1, got, -1);
    if (status != AW_OK) {
        say_status(who, "read", status);
        return status;
    }
    char line[96];
    if (*got == 0)
        snprintf(line, sizeof line, "reads the end of the stream");
    else
        snprintf(line, sizeof line, "reads \"%.*s\"", (int)*got, buffer);
    say(who, line);
    return AW_OK;
}
#define receive(...) PG_FRAME(receive, __VA_ARGS__)

static int connect_to_server(aw_socket **socket, const char *who)
{
    int status = aw_tcp_connect(socket, HOST, PORT, -1);
    if (status != AW_OK)
        say_status(who, "connect", status);
    else
        say(who, "connected");
    return status;
}
#define connect_to_server(...) PG_FRAME(connect_to_server, __VA_ARGS__)

static int alice(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *socket;
    size_t got;
    if (connect_to_server(&socket, "alice") != AW_OK)
        return AW_OK;
    send_text(socket, "alice", "hello");
    receive(socket, "alice", &got);
    aw_sleep(20);
    send_text(socket, "alice", "world");
    receive(socket, "alice", &got);
    say("alice", "closes");
    aw_tcp_close(socket);
    return AW_OK;
}

static int bob(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *socket;
    size_t got = 0;
    if (connect_to_server(&socket, "bob") != AW_OK)
        return AW_OK;
    aw_sleep(5);
    send_text(socket, "bob", "one, ");
    send_text(socket, "bob", "two");
    say("bob", "half-closes: no more to send");
    aw_tcp_shutdown(socket);
    do {
        if (receive(socket, "bob", &got) != AW_OK)
            break;
    } while (got > 0);
    aw_tcp_close(socket);
    return AW_OK;
}

static int carol(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *socket;
    size_t got;
    if (connect_to_server(&socket, "carol") != AW_OK)
        return AW_OK;
    aw_sleep(5); /* as bob: both timers fall due in one iteration, in the order they were armed */
    send_text(socket, "carol", "ping");
    receive(socket, "carol", &got);
    aw_sleep(35);
    say("carol", "resets the connection");
    aw_tcp_reset(socket);
    return AW_OK;
}

static int dave(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_sleep(50);
    aw_socket *socket;
    if (connect_to_server(&socket, "dave") == AW_OK)
        aw_tcp_close(socket);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const struct {
        const char *name;
        aw_task_fn fn;
    } tasks[] = {{"server", server}, {"alice", alice}, {"bob", bob}, {"carol", carol},
                 {"dave", dave}};
    enum { COUNT = sizeof tasks / sizeof tasks[0] };
    aw_task *spawned[COUNT];
    for (int i = 0; i < COUNT; i++)
        aw_spawn_with(&spawned[i], tasks[i].fn, NULL, &(aw_spawn_options){.name = tasks[i].name});
    aw_gather(spawned, COUNT, NULL);
    say("main", "done");
    return AW_OK;
}

PG_EXAMPLE(echo_server, "An echo server on a simulated network",
           "The echo server of the articles: one task per connection. The server task accepts "
           "connections and spawns a task for each, running the native echo server's handler "
           "unchanged (read what arrives, write it back, until the end of the stream). The "
           "loop interleaves the server, the handlers and the scripted clients at each await: "
           "a read with nothing to read suspends its task (waiting on its socket) and another "
           "one runs. The network is simulated in memory: bob half-closes and still reads "
           "every echo, carol resets and her handler's read fails with AW_ECONNRESET, and "
           "dave, too late, is refused. One difference from real sockets: a simulated connect "
           "completes at once, so each client runs on to its first read before the server "
           "accepts; on loopback sockets asyncio's connect waits for the next I/O poll and the "
           "server accepts all three before alice prints \"connected\".",
           "echo_server.c echo_handler.c", main_task)
