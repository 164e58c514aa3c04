/* An echo over UDP: a server task sends every datagram back to its sender until one says
 * "bye"; a client task sends a few, each answered within a deadline. Datagrams keep their
 * boundaries (one send, one receive) and may be lost, so the client bounds every wait.
 * Run: ./udp_echo              (real sockets on 127.0.0.1, an ephemeral port)
 *      ./udp_echo --simulated  (the simulated network: the same program and output, on every
 *                              target, WebAssembly included)
 */
#include <aw.h>

#include <stdio.h>
#include <string.h>

static int server(void *arg, aw_value *result)
{
    (void)result;
    aw_socket *socket = arg;
    for (;;) {
        char buffer[512];
        size_t got;
        aw_address from;
        int status = aw_udp_recv_from(socket, buffer, sizeof buffer, &got, &from, -1);
        if (status == AW_EMSGSIZE)
            continue; /* larger than any message of ours: not a client of this echo */
        if (status != AW_OK)
            return status;
        aw_printf("server: %zu bytes from %s: \"%.*s\"\n", got, from.host, (int)got, buffer);
        if (got == 3 && memcmp(buffer, "bye", 3) == 0)
            return AW_OK;
        status = aw_udp_send_to(socket, buffer, got, from.host, from.port, 1000);
        if (status != AW_OK)
            return status;
    }
}

static int client(void *arg, aw_value *result)
{
    (void)result;
    int port = *(int *)arg;
    aw_socket *socket;
    int status = aw_udp_bind(&socket, "127.0.0.1", 0);
    if (status != AW_OK)
        return status;
    /* Connected: aw_udp_send / aw_udp_recv, and only the server's datagrams are received. */
    status = aw_udp_connect(socket, "127.0.0.1", port, 1000);
    const char *messages[] = {"hello", "datagrams keep", "their boundaries"};
    for (size_t i = 0; i < 3 && status == AW_OK; i++) {
        status = aw_udp_send(socket, messages[i], strlen(messages[i]), 1000);
        char echo[512];
        size_t got = 0;
        if (status == AW_OK)
            status = aw_udp_recv(socket, echo, sizeof echo, &got, 1000);
        if (status == AW_OK)
            aw_printf("client: echo \"%.*s\"\n", (int)got, echo);
    }
    /* Nothing more is coming: the deadline ends the wait. */
    char extra[16];
    size_t got;
    aw_printf("client: another datagram? %s\n",
              aw_err_name(aw_udp_recv(socket, extra, sizeof extra, &got, 100)));
    if (status == AW_OK)
        status = aw_udp_send(socket, "bye", 3, 1000);
    aw_udp_close(socket);
    return status;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *socket;
    int status = aw_udp_bind(&socket, "127.0.0.1", 0);
    if (status != AW_OK) {
        fprintf(stderr, "udp_echo: bind: %s\n", aw_strerror(status));
        return status;
    }
    int port = aw_udp_local_port(socket);
    aw_task *tasks[2];
    aw_spawn(&tasks[0], server, socket);
    aw_spawn(&tasks[1], client, &port);
    int statuses[2];
    aw_gather_all(tasks, 2, NULL, statuses);
    aw_printf("server: %s, client: %s\n", aw_err_name(statuses[0]), aw_err_name(statuses[1]));
    aw_task_unref(tasks[0]);
    aw_task_unref(tasks[1]);
    aw_udp_close(socket);
    return statuses[0] == AW_OK && statuses[1] == AW_OK ? AW_OK : AW_EIO;
}

int main(int argc, char **argv)
{
    aw_loop_options options = {0};
    if (argc == 2 && strcmp(argv[1], "--simulated") == 0) {
        options.simulated_network = true;
        options.clock = AW_CLOCK_VIRTUAL;
    } else if (argc != 1) {
        fprintf(stderr, "usage: udp_echo [--simulated]\n");
        return 2;
    }
    return aw_run_with(main_task, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
