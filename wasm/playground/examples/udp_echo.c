/*
 * An echo over UDP on a simulated network (aw_loop_options.simulated_network: datagrams
 * between the loop's own tasks, in memory, the same on every run).
 *
 * The server binds 127.0.0.1:5300 only at 50 ms and sends every datagram back to its sender,
 * until nothing has come for 300 ms. The clients are tasks too:
 *   ann   sends at once: nobody is bound yet, so the datagram is lost without an error, as on a
 *         real network. Her receive waits at most 100 ms, times out, and she sends again.
 *   ben   connects his socket to the server (aw_udp_connect): he sends with aw_udp_send and
 *         receives only the server's datagrams, with aw_udp_recv.
 *   cara  sends more than the server's 8-byte buffer holds: the server receives the first 8
 *         bytes with AW_EMSGSIZE (the rest of the datagram is gone) and echoes those.
 * Every receive with nothing queued suspends its task on its socket, and the loop runs another.
 *
 * asyncio twin: none. asyncio's datagram endpoints run over real sockets, which the
 * virtual-clock loop of run_twin.py does not drive; tests/playground/CMakeLists.txt lists it as
 * having no twin. native/examples/udp_echo.c is the same echo on real sockets.
 * expected output: tests/playground/expected/udp_echo.out
 */
#include "example.h"

#include <stdio.h>
#include <string.h>

#define HOST "127.0.0.1"
enum { PORT = 5300 };

static void say(const char *what, int status)
{
    aw_printf("%3lld ms  %-6s %s%s%s\n", (long long)aw_now_ms(), aw_task_name(aw_current()),
              what, status != AW_OK ? ": " : "", status != AW_OK ? aw_err_name(status) : "");
}

static int server(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_sleep(50);
    aw_socket *socket;
    int status = aw_udp_bind(&socket, HOST, PORT);
    say("bound to " HOST ":5300", status);
    while (status == AW_OK) {
        char buffer[8], line[64];
        size_t got;
        aw_address from;
        status = aw_udp_recv_from(socket, buffer, sizeof buffer, &got, &from, 300);
        if (status != AW_OK && status != AW_EMSGSIZE)
            break;
        snprintf(line, sizeof line, "echoes \"%.*s\" to port %d", (int)got, buffer, from.port);
        say(line, status);
        status = aw_udp_send_to(socket, buffer, got, from.host, from.port, -1);
    }
    say("stops", status);
    aw_udp_close(socket);
    return AW_OK;
}

/* Receives one echo within `ms` and says what came; a connected socket with aw_udp_recv. */
static int receive_echo(aw_socket *socket, bool connected, int64_t ms)
{
    char buffer[64], line[80];
    size_t got;
    int status = connected ? aw_udp_recv(socket, buffer, sizeof buffer, &got, ms)
                           : aw_udp_recv_from(socket, buffer, sizeof buffer, &got, NULL, ms);
    snprintf(line, sizeof line, "receives \"%.*s\"", (int)got, buffer);
    say(status == AW_OK ? line : "receives nothing", status);
    return status;
}

static int ann(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *socket;
    aw_udp_bind(&socket, NULL, 0);
    int status = AW_ETIMEDOUT;
    for (int attempt = 1; attempt <= 3 && status == AW_ETIMEDOUT; attempt++) {
        say("sends \"ann\"", aw_udp_send_to(socket, "ann", 3, HOST, PORT, -1));
        status = receive_echo(socket, false, 100);
    }
    aw_udp_close(socket);
    return AW_OK;
}

static int ben(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_sleep(60);
    aw_socket *socket;
    aw_udp_bind(&socket, NULL, 0);
    say("connects to " HOST ":5300", aw_udp_connect(socket, HOST, PORT, -1));
    say("sends \"ben\"", aw_udp_send(socket, "ben", 3, -1));
    receive_echo(socket, true, 100);
    aw_udp_close(socket);
    return AW_OK;
}

static int cara(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_sleep(70);
    aw_socket *socket;
    aw_udp_bind(&socket, NULL, 0);
    const char *message = "cara has a lot to say";
    say("sends \"cara has a lot to say\"",
        aw_udp_send_to(socket, message, strlen(message), HOST, PORT, -1));
    receive_echo(socket, false, 100);
    aw_udp_close(socket);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *tasks[4];
    aw_spawn_with(&tasks[0], server, NULL, &(aw_spawn_options){.name = "server"});
    aw_spawn_with(&tasks[1], ann, NULL, &(aw_spawn_options){.name = "ann"});
    aw_spawn_with(&tasks[2], ben, NULL, &(aw_spawn_options){.name = "ben"});
    aw_spawn_with(&tasks[3], cara, NULL, &(aw_spawn_options){.name = "cara"});
    aw_gather(tasks, 4, NULL);
    say("done", AW_OK);
    return AW_OK;
}

PG_EXAMPLE(udp_echo, "An echo over UDP on a simulated network",
           "A UDP echo server and three clients, all tasks of one loop, exchanging datagrams "
           "over an in-memory network. Datagrams keep their boundaries and may be lost: ann "
           "sends before the server is bound, her datagram is lost without an error, her "
           "receive times out after 100 ms and she sends again. ben connects his socket to "
           "the server, so he can send and receive without an address. cara's datagram is "
           "longer than the server's 8-byte buffer: the server receives it truncated "
           "(AW_EMSGSIZE) and echoes the part it got. A receive with nothing queued suspends "
           "its task, waiting on its socket, and the loop runs another one.",
           "udp_echo.c", main_task)
