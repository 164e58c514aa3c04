/* Unix domain stream sockets under the backend named by AW_IO_BACKEND (the test runs once per
 * backend): an echo round trip through the shared stream calls, end of stream, the statuses of
 * bad and missing paths, taken and stale paths, the socket file's removal on close, deadlines,
 * cancellation, and (Linux) abstract names and a full backlog. Every check prints what failed;
 * the program exits 1 on any failure. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char directory[] = "/tmp/aw_unix_XXXXXX";

/* A path in the test's directory. */
static const char *path_of(const char *name)
{
    static char paths[4][128];
    static int next;
    char *path = paths[next++ % 4];
    snprintf(path, sizeof paths[0], "%s/%s", directory, name);
    return path;
}

static bool exists(const char *path) { return access(path, F_OK) == 0; }

/* The server side of the echo: reads and writes back until end of stream, then shuts down. */
static int echo_connection(void *arg, aw_value *result)
{
    aw_socket *listener = arg;
    aw_socket *connection;
    int status = aw_tcp_accept(listener, &connection, 5000);
    if (status != AW_OK)
        return status;
    char buffer[64];
    size_t got, total = 0;
    while ((status = aw_tcp_read(connection, buffer, sizeof buffer, &got, 5000)) == AW_OK &&
           got > 0) {
        total += got;
        status = aw_tcp_write_all(connection, buffer, got, NULL, 5000);
        if (status != AW_OK)
            break;
    }
    if (status == AW_OK)
        status = aw_tcp_shutdown(connection);
    aw_tcp_close(connection);
    result->i = (int64_t)total;
    return status;
}

/* Connects to `path`, sends a message, half-closes, and reads the echo then end of stream. */
static void echo_round_trip(const char *path)
{
    aw_socket *listener = NULL, *client = NULL;
    CHECK_STATUS(aw_unix_listen(&listener, path, 0), AW_OK);
    aw_task *server;
    aw_spawn(&server, echo_connection, listener);
    CHECK_STATUS(aw_unix_connect(&client, path, 5000), AW_OK);
    CHECK_STATUS(aw_tcp_write_all(client, "hello ", 6, NULL, 5000), AW_OK);
    CHECK_STATUS(aw_tcp_write_all(client, "unix", 4, NULL, 5000), AW_OK);
    char buffer[16] = {0};
    CHECK_STATUS(aw_tcp_read_exact(client, buffer, 10, NULL, 5000), AW_OK);
    CHECK(memcmp(buffer, "hello unix", 10) == 0);
    CHECK_STATUS(aw_tcp_shutdown(client), AW_OK);
    size_t got = 99;
    CHECK_STATUS(aw_tcp_read(client, buffer, sizeof buffer, &got, 5000), AW_OK);
    CHECK(got == 0); /* the server saw our end of stream and shut down its side */
    aw_value echoed = {0};
    CHECK_STATUS(aw_join(server, &echoed), AW_OK);
    CHECK(echoed.i == 10);
    /* Not TCP: no Nagle to switch off, no port. */
    CHECK_STATUS(aw_tcp_set_nodelay(client, true), AW_ENOTSUP);
    CHECK_STATUS(aw_tcp_local_port(client), AW_EINVAL);
    CHECK(aw_tcp_fd(client) >= 0);
    aw_tcp_close(client);
    aw_tcp_close(listener);
}

static void test_echo(void)
{
    const char *path = path_of("echo.sock");
    echo_round_trip(path);
    CHECK(!exists(path)); /* closing the listener removed its file */
}

static void test_bad_paths(void)
{
    aw_socket *socket = NULL;
    char long_path[200];
    memset(long_path, 'a', sizeof long_path - 1);
    long_path[sizeof long_path - 1] = '\0';
    CHECK_STATUS(aw_unix_listen(&socket, long_path, 0), AW_ENAMETOOLONG);
    CHECK_STATUS(aw_unix_connect(&socket, long_path, 1000), AW_ENAMETOOLONG);
    /* The longest path that fits: sizeof sun_path - 1 bytes and the NUL; one byte more does
     * not. */
    enum { FITS = sizeof ((struct sockaddr_un *)0)->sun_path - 1 };
    char longest[FITS + 2];
    memset(longest, 'b', FITS);
    longest[FITS] = '\0';
    memcpy(longest, directory, strlen(directory));
    longest[strlen(directory)] = '/';
    CHECK_STATUS(aw_unix_listen(&socket, longest, 0), AW_OK);
    aw_tcp_close(socket);
    longest[FITS] = 'b';
    longest[FITS + 1] = '\0';
    CHECK_STATUS(aw_unix_listen(&socket, longest, 0), AW_ENAMETOOLONG);
    CHECK_STATUS(aw_unix_listen(&socket, "", 0), AW_EINVAL);
    CHECK_STATUS(aw_unix_listen(&socket, NULL, 0), AW_EINVAL);
    CHECK_STATUS(aw_unix_listen(NULL, path_of("x.sock"), 0), AW_EINVAL);
    CHECK_STATUS(aw_unix_connect(&socket, NULL, 1000), AW_EINVAL);
    /* Nothing there, or no such directory. */
    CHECK_STATUS(aw_unix_connect(&socket, path_of("missing.sock"), 1000), AW_ENOENT);
    CHECK_STATUS(aw_unix_listen(&socket, path_of("no/such/dir.sock"), 0), AW_ENOENT);
    CHECK(aw_last_os_error() == ENOENT);
}

static void test_taken_and_stale(void)
{
    const char *path = path_of("taken.sock");
    aw_socket *listener = NULL, *other = NULL;
    /* A live listener's path is taken; its file stays. */
    CHECK_STATUS(aw_unix_listen(&listener, path, 0), AW_OK);
    CHECK_STATUS(aw_unix_listen(&other, path, 0), AW_EADDRINUSE);
    CHECK(exists(path));
    aw_tcp_close(listener);
    CHECK(!exists(path));

    /* A file that is not a socket is never removed. */
    const char *plain = path_of("plain.file");
    int fd = open(plain, O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0);
    close(fd);
    CHECK_STATUS(aw_unix_listen(&other, plain, 0), AW_EADDRINUSE);
    CHECK(exists(plain));
    unlink(plain);

    /* A socket file left behind (bound, never listened on, closed: as by a killed server):
     * connecting is refused, listening replaces it. */
    const char *stale = path_of("stale.sock");
    int raw = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    snprintf(address.sun_path, sizeof address.sun_path, "%s", stale);
    CHECK(bind(raw, (struct sockaddr *)&address, sizeof address) == 0);
    close(raw);
    CHECK(exists(stale));
    CHECK_STATUS(aw_unix_connect(&other, stale, 1000), AW_ECONNREFUSED);
    echo_round_trip(stale);
    CHECK(!exists(stale));

    /* A listener whose file was replaced by someone else's leaves that file alone on close. */
    CHECK_STATUS(aw_unix_listen(&listener, path, 0), AW_OK);
    unlink(path);
    fd = open(path, O_CREAT | O_WRONLY, 0600);
    close(fd);
    aw_tcp_close(listener);
    CHECK(exists(path));
    unlink(path);
}

static int read_task(void *arg, aw_value *result)
{
    (void)result;
    char byte;
    size_t got;
    return aw_tcp_read(arg, &byte, 1, &got, -1);
}

static int accept_task(void *arg, aw_value *result)
{
    aw_socket *connection = NULL;
    int status = aw_tcp_accept(arg, &connection, 5000);
    result->ptr = connection;
    return status;
}

static void test_waits(void)
{
    const char *path = path_of("waits.sock");
    aw_socket *listener = NULL, *client = NULL;
    CHECK_STATUS(aw_unix_listen(&listener, path, 0), AW_OK);
    /* An accept with nobody connecting times out. */
    aw_socket *none = NULL;
    int64_t start = aw_now_ms();
    CHECK_STATUS(aw_tcp_accept(listener, &none, 50), AW_ETIMEDOUT);
    CHECK(aw_now_ms() - start >= 50);
    aw_task *acceptor;
    aw_spawn(&acceptor, accept_task, listener);
    CHECK_STATUS(aw_unix_connect(&client, path, 5000), AW_OK);
    aw_value accepted = {0};
    CHECK_STATUS(aw_join(acceptor, &accepted), AW_OK);
    aw_socket *server = accepted.ptr;
    /* A read with nothing to read times out; a waiting read is cancelled; a close wakes it. */
    char buffer[8];
    size_t got = 99;
    start = aw_now_ms();
    CHECK_STATUS(aw_tcp_read(server, buffer, sizeof buffer, &got, 50), AW_ETIMEDOUT);
    CHECK(got == 0 && aw_now_ms() - start >= 50);
    aw_task *reader;
    aw_spawn(&reader, read_task, server);
    aw_sleep(10);
    aw_cancel(reader);
    CHECK_STATUS(aw_join(reader, NULL), AW_ECANCELED);
    /* The peer closes: end of stream, and writes to it fail. */
    aw_tcp_close(client);
    CHECK_STATUS(aw_tcp_read(server, buffer, sizeof buffer, &got, 5000), AW_OK);
    CHECK(got == 0);
    CHECK_STATUS(aw_tcp_write_all(server, "x", 1, NULL, 5000), AW_EPIPE);
    aw_tcp_close(server);
    aw_tcp_close(listener);
}

#if defined(__linux__)
static void test_linux(void)
{
    /* An abstract name: no file anywhere. */
    char name[64];
    snprintf(name, sizeof name, "@aw_unix_api_%d", (int)getpid());
    echo_round_trip(name);
    CHECK(!exists(name));
    aw_socket *socket = NULL;
    CHECK_STATUS(aw_unix_connect(&socket, name, 1000), AW_ECONNREFUSED);

    /* A listener that never accepts: once its backlog is full, Linux refuses a non-blocking
     * connect at once (EAGAIN) instead of letting it wait. */
    const char *path = path_of("full.sock");
    aw_socket *listener = NULL, *clients[8] = {0};
    CHECK_STATUS(aw_unix_listen(&listener, path, 1), AW_OK);
    int status = AW_OK, connected = 0;
    while (connected < 8 && (status = aw_unix_connect(&clients[connected], path, 1000)) == AW_OK)
        connected++;
    CHECK_STATUS(status, AW_EAGAIN);
    CHECK(connected >= 1 && connected < 8);
    for (int i = 0; i < connected; i++)
        aw_tcp_close(clients[i]);
    aw_tcp_close(listener);
}
#endif

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    check_backend();
    test_echo();
    test_bad_paths();
    test_taken_and_stale();
    test_waits();
#if defined(__linux__)
    test_linux();
#endif
    return AW_OK;
}

int main(void)
{
    if (mkdtemp(directory) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    /* Listening needs no task; connecting does. */
    aw_socket *listener = NULL, *client = NULL;
    CHECK_STATUS(aw_unix_listen(&listener, path_of("outside.sock"), 0), AW_OK);
    aw_tcp_close(listener);
    CHECK_STATUS(aw_unix_connect(&client, path_of("outside.sock"), 0), AW_ESTATE);
    CHECK_STATUS(aw_run(main_task, NULL, NULL), AW_OK);
    /* The same calls on a loop with a simulated network still use real Unix sockets. */
    CHECK_STATUS(aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.simulated_network = true}),
                 AW_OK);
    rmdir(directory);
    return check_report("unix_api");
}
