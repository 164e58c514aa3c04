/*
 * aw-echo-client: opens N connections to an echo server at once (one task each), sends each
 * a distinct binary payload in chunks, reads every chunk back and compares, then half-closes
 * and expects the server to close too. Exit status 0 when every byte matched, 1 otherwise.
 */
#include "aw.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct client_options {
    const char *host;
    int port;
    int connections;
    size_t bytes;  /* per connection */
    size_t chunk;  /* written, then read back, at a time */
    int64_t timeout_ms;
} client_options;

static client_options options = {.host = "127.0.0.1", .port = 7000, .connections = 10,
                                 .bytes = 65536, .chunk = 4096, .timeout_ms = 10000};

typedef struct connection_state {
    int index;
    int status;
    const char *what; /* the step that failed */
} connection_state;

static unsigned char pattern(int index, size_t offset)
{
    uint32_t x = (uint32_t)index * 2654435761u + (uint32_t)offset * 40503u;
    return (unsigned char)(x >> 13 ^ x);
}

static int connection_main(void *arg, aw_value *result)
{
    (void)result;
    connection_state *state = arg;
    aw_socket *socket;
    unsigned char *sent = malloc(options.chunk), *received = malloc(options.chunk);
    int status = sent != NULL && received != NULL ? AW_OK : AW_ENOMEM;
    state->what = "connect";
    if (status == AW_OK)
        status = aw_tcp_connect(&socket, options.host, options.port, options.timeout_ms);
    if (status != AW_OK)
        goto out;
    for (size_t offset = 0; offset < options.bytes && status == AW_OK;) {
        size_t size = options.bytes - offset < options.chunk ? options.bytes - offset : options.chunk;
        for (size_t i = 0; i < size; i++)
            sent[i] = pattern(state->index, offset + i);
        state->what = "write";
        status = aw_tcp_write_all(socket, sent, size, NULL, options.timeout_ms);
        if (status != AW_OK)
            break;
        state->what = "read";
        status = aw_tcp_read_exact(socket, received, size, NULL, options.timeout_ms);
        if (status == AW_OK && memcmp(sent, received, size) != 0) {
            state->what = "compare";
            status = AW_ERROR_USER;
        }
        offset += size;
    }
    if (status == AW_OK) {
        state->what = "half-close";
        status = aw_tcp_shutdown(socket);
    }
    if (status == AW_OK) {
        size_t got;
        state->what = "end of stream";
        status = aw_tcp_read(socket, received, 1, &got, options.timeout_ms);
        if (status == AW_OK && got != 0)
            status = AW_ERROR_USER;
    }
    aw_tcp_close(socket);
out:
    free(sent);
    free(received);
    state->status = status;
    return status;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    int count = options.connections;
    aw_task **tasks = calloc((size_t)count, sizeof *tasks);
    connection_state *states = calloc((size_t)count, sizeof *states);
    if (tasks == NULL || states == NULL)
        return AW_ENOMEM;
    for (int i = 0; i < count; i++) {
        states[i].index = i;
        if (aw_spawn(&tasks[i], connection_main, &states[i]) != AW_OK)
            return AW_ENOMEM;
    }
    aw_gather_all(tasks, (size_t)count, NULL, NULL);
    int failed = 0;
    for (int i = 0; i < count; i++) {
        if (states[i].status != AW_OK) {
            if (failed++ < 10)
                fprintf(stderr, "aw-echo-client: connection %d: %s: %s\n", i, states[i].what,
                        states[i].status == AW_ERROR_USER ? "echoed bytes differ"
                                                          : aw_strerror(states[i].status));
        }
        aw_task_unref(tasks[i]);
    }
    printf("%d/%d connections echoed %zu bytes correctly\n", count - failed, count,
           options.bytes);
    free(tasks);
    free(states);
    return failed == 0 ? AW_OK : AW_ERROR_USER;
}

static void usage(FILE *out)
{
    fputs("usage: aw-echo-client [--host ADDR] [--port N] [--conns N] [--bytes N] [--chunk N]\n"
          "                      [--timeout MS] [--backend NAME]\n",
          out);
}

int main(int argc, char **argv)
{
    aw_loop_options loop_options = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (i + 1 >= argc) {
            usage(stderr);
            return 2;
        }
        const char *name = argv[i], *value = argv[++i];
        char *end;
        long long number = strtoll(value, &end, 10);
        bool numeric = *value != '\0' && *end == '\0' && number >= 0;
        if (strcmp(name, "--host") == 0)
            options.host = value;
        else if (strcmp(name, "--backend") == 0)
            loop_options.io_backend = value;
        else if (strcmp(name, "--port") == 0 && numeric && number <= 65535)
            options.port = (int)number;
        else if (strcmp(name, "--conns") == 0 && numeric && number > 0 && number < 1000000)
            options.connections = (int)number;
        else if (strcmp(name, "--bytes") == 0 && numeric)
            options.bytes = (size_t)number;
        else if (strcmp(name, "--chunk") == 0 && numeric && number > 0)
            options.chunk = (size_t)number;
        else if (strcmp(name, "--timeout") == 0 && numeric)
            options.timeout_ms = number;
        else {
            fprintf(stderr, "aw-echo-client: bad option: %s %s\n", name, value);
            usage(stderr);
            return 2;
        }
    }
    int status = aw_run_with(main_task, NULL, NULL, &loop_options);
    return status == AW_OK ? 0 : 1;
}
