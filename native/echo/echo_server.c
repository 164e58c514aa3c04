/*
 * aw-echo: a TCP echo server, one task per connection (native/echo/echo_handler.c).
 *
 * The main task listens, starts the acceptor task and then waits for SIGINT/SIGTERM with
 * aw_signal_wait. On a signal it stops gracefully: it stops the
 * acceptor and closes the listener, then cancels every connection task; a connection finishes
 * echoing the chunk it has read, shuts down its write side (the client reads end of stream),
 * reads and drops what the client still sends until the client closes (closing with unread
 * data would reset the connection), and closes. What is not done within --shutdown-timeout is
 * cancelled by aw_run as the main task returns. A second signal exits at once.
 * The acceptor waits for a free slot when --max-conns connections are open, and when accept()
 * runs out of descriptors (EMFILE) it says so once and retries after a connection closes or
 * 100 ms: the pending client stays in the backlog and is served when descriptors free up.
 * --max-lifetime closes a connection that has been open that long, whatever it does, so that
 * a client dripping a byte now and then cannot hold a slot forever.
 */
#include "echo_handler.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct server {
    const char *host;
    int port;
    const char *backend;
    size_t max_connections;
    const char *trace_path;
    echo_config config;
    int64_t max_lifetime_ms;   /* 0: none */
    int64_t shutdown_timeout_ms;
    aw_socket *listener;
    struct connection *first;  /* open connections, for the stop to cancel */
    size_t connections;        /* open connection tasks */
    int64_t stop_by_ms;        /* 0 until a signal: then the aw_now_ms() the stop ends by */
    size_t cut_short;          /* connections the stop's deadline closed */
    aw_future *all_closed;     /* set while stopping, when the last connection closes */
    aw_future *slot_freed;     /* set while the acceptor waits for a connection to close */
    bool out_of_fds;           /* accept() failed with EMFILE and has not succeeded since */
    bool said_out_of_fds;      /* ... and this episode was logged */
    int64_t last_fd_warning;   /* aw_now_ms() of the last log, to say it once, not per retry */
} server;

typedef struct connection {
    aw_socket *socket;
    aw_task *task; /* set as the task starts: a task cancelled before then would never run */
    struct connection *previous, *next;
} connection;

static server the_server = {.host = "127.0.0.1", .port = 7000, .max_connections = 10000,
                            .shutdown_timeout_ms = 5000,
                            .config = {.buffer_size = 16384, .idle_timeout_ms = 0,
                                       .stop_by_ms = &the_server.stop_by_ms}};

/* Runs while the server stops: a second signal ends the process at once, with the shell's
 * status for death by that signal. */
static int exit_on_second_signal(void *arg, aw_value *result)
{
    (void)result;
    int signal_number;
    if (aw_signal_wait(arg, &signal_number, -1) == AW_OK)
        _exit(128 + signal_number);
    return AW_OK;
}

/* After a stop's cancellation: the client reads end of stream, and what it still sends is read
 * and dropped until it closes, so that closing does not reset the connection (a close with
 * unread data, or data arriving after it, sends a reset, which can destroy the echo the client
 * has not read yet). `status` is how the handler ended. Returns false if the stop's deadline
 * came first. */
static bool close_gracefully(server *srv, aw_socket *socket, int status)
{
    aw_task_uncancel(aw_current());
    if (status == AW_ETIMEDOUT) /* a chunk read could not be written back in time */
        return false;
    if (status == AW_OK || aw_tcp_shutdown(socket) != AW_OK) /* ended by itself, or gone */
        return true;
    static char sink[4096];
    size_t got = 1;
    while (got > 0) {
        int64_t left = srv->stop_by_ms - aw_now_ms();
        if (left <= 0)
            return false;
        status = aw_tcp_read(socket, sink, sizeof sink, &got, left);
        if (status == AW_ETIMEDOUT)
            return false;
        if (status != AW_OK)
            return true;
    }
    return true;
}

static int serve(server *srv, aw_socket *socket)
{
    if (srv->max_lifetime_ms <= 0)
        return echo_handle_connection(socket, &srv->config);
    aw_timeout lifetime;
    int status = aw_timeout_enter(&lifetime, srv->max_lifetime_ms);
    if (status != AW_OK)
        return status;
    return aw_timeout_leave(&lifetime, echo_handle_connection(socket, &srv->config));
}

static int connection_main(void *arg, aw_value *result)
{
    (void)result;
    connection *self = arg;
    server *srv = &the_server;
    self->task = aw_current();
    int status = srv->stop_by_ms == 0 ? serve(srv, self->socket) : AW_ECANCELED;
    if (srv->stop_by_ms != 0 && !close_gracefully(srv, self->socket, status))
        srv->cut_short++;
    aw_tcp_close(self->socket);
    if (self->previous != NULL)
        self->previous->next = self->next;
    else
        srv->first = self->next;
    if (self->next != NULL)
        self->next->previous = self->previous;
    free(self);
    srv->connections--;
    if (srv->slot_freed != NULL && !aw_future_is_done(srv->slot_freed))
        aw_future_set_result(srv->slot_freed, AW_INT(0));
    if (srv->connections == 0 && srv->all_closed != NULL && !aw_future_is_done(srv->all_closed))
        aw_future_set_result(srv->all_closed, AW_INT(0));
    return AW_OK;
}

/* Starts the task of a new connection; false (the socket closed) if it cannot. */
static bool start_connection(server *srv, aw_socket *socket)
{
    connection *record = calloc(1, sizeof *record);
    if (record == NULL) {
        aw_tcp_close(socket);
        return false;
    }
    record->socket = socket;
    if (aw_spawn_with(NULL, connection_main, record,
                      &(aw_spawn_options){.name = "connection"}) != AW_OK) {
        aw_tcp_close(socket);
        free(record);
        return false;
    }
    record->next = srv->first;
    if (srv->first != NULL)
        srv->first->previous = record;
    srv->first = record;
    srv->connections++;
    return true;
}

/* Waits until a connection closes, at most `ms` (< 0: no limit). */
static int wait_for_a_close(server *srv, int64_t ms)
{
    int status = aw_future_new(&srv->slot_freed);
    if (status != AW_OK)
        return aw_sleep(ms > 0 ? ms : 100);
    aw_timeout scope;
    status = aw_timeout_enter(&scope, ms);
    if (status == AW_OK)
        status = aw_timeout_leave(&scope, aw_future_await(srv->slot_freed, NULL));
    aw_future_unref(srv->slot_freed);
    srv->slot_freed = NULL;
    return status == AW_ETIMEDOUT ? AW_OK : status;
}

static int acceptor_main(void *arg, aw_value *result)
{
    (void)result;
    server *srv = arg;
    for (;;) {
        if (srv->max_connections > 0 && srv->connections >= srv->max_connections) {
            if (wait_for_a_close(srv, -1) == AW_ECANCELED)
                return AW_ECANCELED;
            continue;
        }
        aw_socket *connection;
        int status = aw_tcp_accept(srv->listener, &connection, -1);
        if (status == AW_ECANCELED)
            return status;
        if (status == AW_EMFILE) {
            /* Once per episode, and episodes that follow each other closely (a freed fd is
             * taken by the next pending client) share one message: at most one per 10 s. */
            if (!srv->out_of_fds &&
                (srv->last_fd_warning == 0 || aw_now_ms() - srv->last_fd_warning >= 10000)) {
                fprintf(stderr, "aw-echo: accept: too many open files; serving the %zu open "
                                "connection(s), accepting again when descriptors free up\n",
                        srv->connections);
                srv->last_fd_warning = aw_now_ms();
                srv->said_out_of_fds = true;
            }
            srv->out_of_fds = true;
            if (wait_for_a_close(srv, 100) == AW_ECANCELED)
                return AW_ECANCELED;
            continue;
        }
        if (status != AW_OK) {
            fprintf(stderr, "aw-echo: accept: %s\n", aw_strerror(status));
            if (aw_sleep(10) == AW_ECANCELED)
                return AW_ECANCELED;
            continue;
        }
        if (srv->out_of_fds && srv->said_out_of_fds)
            fprintf(stderr, "aw-echo: accepting again\n");
        srv->out_of_fds = srv->said_out_of_fds = false;
        start_connection(srv, connection);
    }
}

/* The graceful stop: every connection task is cancelled (see echo_config.stop_by_ms and
 * close_gracefully) and given until stop_by_ms to close; aw_run cancels those left when the main
 * task returns. */
static void stop_connections(server *srv)
{
    srv->stop_by_ms = aw_now_ms() + srv->shutdown_timeout_ms;
    if (srv->stop_by_ms == 0)
        srv->stop_by_ms = 1;
    for (connection *c = srv->first; c != NULL; c = c->next)
        if (c->task != NULL) /* one not started yet sees stop_by_ms as it starts */
            aw_cancel(c->task);
    /* Each connection gives up at stop_by_ms itself; the margin covers their last steps. */
    if (srv->connections > 0 && aw_future_new(&srv->all_closed) == AW_OK) {
        aw_future_await_for(srv->all_closed, srv->shutdown_timeout_ms + 1000, NULL);
        aw_future_unref(srv->all_closed);
        srv->all_closed = NULL;
    }
    if (srv->cut_short > 0)
        fprintf(stderr, "aw-echo: %zu connection(s) still open at the shutdown timeout (%lld ms): "
                        "closed\n",
                srv->cut_short, (long long)srv->shutdown_timeout_ms);
}

static int main_task(void *arg, aw_value *result)
{
    (void)result;
    server *srv = arg;
    if (srv->trace_path != NULL &&
        aw_trace_chrome_start(aw_loop_current(), srv->trace_path) != AW_OK) {
        fprintf(stderr, "aw-echo: cannot write the trace to %s\n", srv->trace_path);
        return 1;
    }
    /* Caught from before the port is announced: a client that signals as soon as it sees the
     * announcement is not missed. */
    aw_signal *stop_signals;
    int status = aw_signal_new(&stop_signals, (int[]){SIGINT, SIGTERM}, 2);
    if (status != AW_OK) {
        fprintf(stderr, "aw-echo: cannot watch SIGINT and SIGTERM: %s\n", aw_strerror(status));
        return 1;
    }
    status = aw_tcp_listen(&srv->listener, srv->host, srv->port, 1024, 0);
    if (status != AW_OK) {
        fprintf(stderr, "aw-echo: cannot listen on %s:%d: %s", srv->host, srv->port,
                aw_strerror(status));
        if (status == AW_EIO) /* name the system's error behind the generic status */
            fprintf(stderr, " (%s)", strerror(aw_last_os_error()));
        fputc('\n', stderr);
        return 1;
    }
    bool ipv6 = strchr(srv->host, ':') != NULL; /* written [::1]:7000, as in a URL */
    printf("aw-echo listening on %s%s%s:%d (%s)\n", ipv6 ? "[" : "", srv->host, ipv6 ? "]" : "",
           aw_tcp_local_port(srv->listener), aw_loop_io_backend(aw_loop_current()));
    fflush(stdout);
    aw_task *acceptor;
    status = aw_spawn_with(&acceptor, acceptor_main, srv, &(aw_spawn_options){.name = "acceptor"});
    if (status != AW_OK) {
        aw_tcp_close(srv->listener);
        return 1;
    }
    int signal_number = 0;
    status = aw_signal_wait(stop_signals, &signal_number, -1);
    if (status == AW_OK) {
        fprintf(stderr, "aw-echo: %s: finishing %zu connection(s)\n",
                signal_number == SIGINT ? "SIGINT" : "SIGTERM", srv->connections);
        aw_spawn_with(NULL, exit_on_second_signal, stop_signals,
                      &(aw_spawn_options){.name = "second signal"});
    }
    aw_cancel(acceptor);
    aw_join(acceptor, NULL);
    aw_tcp_close(srv->listener);
    srv->listener = NULL;
    stop_connections(srv);
    aw_signal_free(stop_signals); /* from here a signal has its default effect again */
    return 0;
}

/* Whether the library has an I/O backend of that name. */
static bool known_backend(const char *name)
{
    const char *known;
    for (size_t i = 0; (known = aw_io_backend_name(i)) != NULL; i++)
        if (strcmp(known, name) == 0)
            return true;
    return false;
}

static void usage(FILE *out)
{
    fputs("usage: aw-echo [options]\n"
          "  --host ADDR          address (IPv4, IPv6) or name to listen on (default 127.0.0.1)\n"
          "  --port N             port, 0 for an ephemeral one (default 7000)\n"
          "  --backend NAME       I/O backend, one of:",
          out);
    const char *name;
    for (size_t i = 0; (name = aw_io_backend_name(i)) != NULL; i++)
        fprintf(out, " %s", name);
    fputs(" (default: the first)\n"
          "  --max-conns N        open connections at most; 0: no limit (default 10000)\n"
          "  --idle-timeout MS    close a connection idle this long; 0: never (default 0)\n"
          "  --max-lifetime MS    close a connection open this long, busy or not; 0: never\n"
          "                       (default 0): a client that drips bytes cannot keep its slot\n"
          "  --shutdown-timeout MS  on SIGINT/SIGTERM, time given to connections to finish\n"
          "                       (default 5000); a second signal exits at once\n"
          "  --buffer BYTES       bytes held per connection (default 16384)\n"
          "  --trace FILE         write a Chrome trace of the run to FILE\n"
          "  --help, --version\n",
          out);
}

static bool parse_number(const char *text, long long low, long long high, long long *out)
{
    if (*text < '0' || *text > '9') /* strtoll would take a sign or leading spaces */
        return false;
    char *end;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < low || value > high)
        return false;
    *out = value;
    return true;
}

/* Returns -1 to go on, or an exit status. */
static int parse_arguments(int argc, char **argv, server *srv)
{
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        if (strcmp(flag, "--help") == 0 || strcmp(flag, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(flag, "--version") == 0) {
            printf("aw-echo %s\n", AW_VERSION_STRING);
            return 0;
        }
        const char *value = NULL;
        char name[32];
        const char *equals = strchr(flag, '=');
        if (equals != NULL && (size_t)(equals - flag) < sizeof name) {
            memcpy(name, flag, (size_t)(equals - flag));
            name[equals - flag] = '\0';
            value = equals + 1;
        } else {
            snprintf(name, sizeof name, "%s", flag);
            if (i + 1 < argc)
                value = argv[++i];
        }
        long long number;
        bool ok = value != NULL;
        if (!ok)
            ;
        else if (strcmp(name, "--host") == 0)
            srv->host = value;
        else if (strcmp(name, "--port") == 0 && (ok = parse_number(value, 0, 65535, &number)))
            srv->port = (int)number;
        else if (strcmp(name, "--backend") == 0 &&
                 (ok = known_backend(value)))
            srv->backend = value;
        else if (strcmp(name, "--max-conns") == 0 &&
                 (ok = parse_number(value, 0, 1 << 30, &number)))
            srv->max_connections = (size_t)number;
        else if (strcmp(name, "--idle-timeout") == 0 &&
                 (ok = parse_number(value, 0, INT32_MAX, &number)))
            srv->config.idle_timeout_ms = number;
        else if (strcmp(name, "--max-lifetime") == 0 &&
                 (ok = parse_number(value, 0, INT32_MAX, &number)))
            srv->max_lifetime_ms = number;
        else if (strcmp(name, "--shutdown-timeout") == 0 &&
                 (ok = parse_number(value, 0, INT32_MAX, &number)))
            srv->shutdown_timeout_ms = number;
        else if (strcmp(name, "--buffer") == 0 &&
                 (ok = parse_number(value, 1, 1 << 30, &number)))
            srv->config.buffer_size = (size_t)number;
        else if (strcmp(name, "--trace") == 0)
            srv->trace_path = value;
        else
            ok = false;
        if (!ok) {
            fprintf(stderr, "aw-echo: bad option: %s%s%s\n", flag,
                    value != NULL && equals == NULL ? " " : "",
                    value != NULL && equals == NULL ? value : "");
            usage(stderr);
            return 2;
        }
    }
    return -1;
}

int main(int argc, char **argv)
{
    server *srv = &the_server;
    int exit_status = parse_arguments(argc, argv, srv);
    if (exit_status >= 0)
        return exit_status;
    signal(SIGPIPE, SIG_IGN);

    aw_loop_options options = {.io_backend = srv->backend};
    aw_value result = {0};
    int status = aw_run_with(main_task, srv, &result, &options);
    if (status == AW_EINVAL) {
        fprintf(stderr, "aw-echo: I/O backend %s is not available here\n",
                srv->backend != NULL ? srv->backend : "(default)");
        return 1;
    }
    return status == AW_OK ? 0 : 1;
}
