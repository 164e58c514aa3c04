/* The shared part of the aw-echo tests: see echo_harness.h. */
#include "echo_harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *server_path, *backend, *client_path;
int failures;

int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void sleep_ms(int ms) { usleep((useconds_t)ms * 1000); }


/* Starts aw-echo with the given extra arguments (NULL-terminated) and, if nofile > 0, that
 * RLIMIT_NOFILE. It must say it listens on the --host given (default 127.0.0.1). */
server start_server(rlim_t nofile, ...)
{
    server s = {0};
    snprintf(s.log_path, sizeof s.log_path, "/tmp/aw_echo_test_%d.log", (int)getpid());
    const char *argv[32] = {server_path, "--port", "0", "--backend", backend};
    int argc = 5;
    const char *host = "127.0.0.1";
    va_list args;
    va_start(args, nofile);
    const char *arg;
    while ((arg = va_arg(args, const char *)) != NULL && argc < 30) {
        if (argc > 5 && strcmp(argv[argc - 1], "--host") == 0)
            host = arg;
        argv[argc++] = arg;
    }
    va_end(args);
    int out[2];
    REQUIRE(pipe(out) == 0);
    s.pid = fork();
    REQUIRE(s.pid >= 0);
    if (s.pid == 0) {
        if (nofile > 0) {
            struct rlimit limit = {nofile, nofile};
            setrlimit(RLIMIT_NOFILE, &limit);
        }
        int log = open(s.log_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out[1], 1);
        dup2(log, 2);
        close(out[0]);
        close(out[1]);
        close(log);
        execv(server_path, (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    char line[256] = {0};
    size_t length = 0;
    struct pollfd p = {.fd = out[0], .events = POLLIN};
    while (length < sizeof line - 1 && strchr(line, '\n') == NULL && poll(&p, 1, 5000) == 1) {
        ssize_t n = read(out[0], line + length, sizeof line - 1 - length);
        if (n <= 0)
            break;
        length += (size_t)n;
    }
    close(out[0]);
    char expected_start[96], expected_backend[32];
    bool ipv6 = strchr(host, ':') != NULL;
    int length_before_port = snprintf(expected_start, sizeof expected_start,
                                      "aw-echo listening on %s%s%s:", ipv6 ? "[" : "", host,
                                      ipv6 ? "]" : "");
    snprintf(expected_backend, sizeof expected_backend, "(%s)", backend);
    if (strncmp(line, expected_start, (size_t)length_before_port) != 0)
        fprintf(stderr, "expected \"%s...\", got \"%s\"\n", expected_start, line);
    REQUIRE(strncmp(line, expected_start, (size_t)length_before_port) == 0);
    REQUIRE(strstr(line, expected_backend) != NULL);
    s.port = atoi(line + length_before_port);
    REQUIRE(s.port > 0);
    return s;
}

/* Sends `signal_number` and expects exit status 0 within 5 s. */
int wait_for_exit(server *s, int timeout_ms)
{
    int status = -1;
    for (int64_t start = now_ms(); waitpid(s->pid, &status, WNOHANG) == 0; sleep_ms(5))
        if (now_ms() - start > timeout_ms) {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, &status, 0);
            return -1;
        }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void stop_server(server *s, int signal_number)
{
    kill(s->pid, signal_number);
    int status = wait_for_exit(s, 5000);
    if (status == -1)
        fprintf(stderr, "FAILED: server did not stop\n");
    CHECK(status == 0);
}

char *read_log(const server *s)
{
    static char text[1 << 16];
    FILE *f = fopen(s->log_path, "r");
    size_t n = f != NULL ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = '\0';
    if (f != NULL)
        fclose(f);
    return text;
}

int count_occurrences(const char *text, const char *what)
{
    int count = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
        count++;
    return count;
}

int count_fds(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    DIR *dir = opendir(path);
    if (dir == NULL)
        return -1;
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
        if (entry->d_name[0] != '.')
            count++;
    closedir(dir);
    return count;
}

long rss_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = atol(line + 6);
    if (f != NULL)
        fclose(f);
    return kb;
}

/* Waits until the server's fd count is `expected`, at most 3 s; returns the last count. */
int wait_for_fds(pid_t pid, int expected)
{
    int count = -1;
    for (int64_t start = now_ms(); now_ms() - start < 3000; sleep_ms(10))
        if ((count = count_fds(pid)) == expected)
            break;
    return count;
}

/* A blocking socket connecting to a numeric loopback address (IPv4 or IPv6), with 5 s send
 * and receive timeouts; *error receives 0 or connect's errno. */
int try_connect(const char *host, int port, int *error)
{
    struct sockaddr_storage address = {0};
    socklen_t length;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&address;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&address;
    if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        length = sizeof *v6;
    } else {
        REQUIRE(inet_pton(AF_INET, host, &v4->sin_addr) == 1);
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        length = sizeof *v4;
    }
    int fd = socket(address.ss_family, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    struct timeval timeout = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
    *error = connect(fd, (struct sockaddr *)&address, length) == 0 ? 0 : errno;
    return fd;
}

int connect_to_host(const char *host, int port)
{
    int error;
    int fd = try_connect(host, port, &error);
    REQUIRE(error == 0);
    return fd;
}

int connect_to(int port) { return connect_to_host("127.0.0.1", port); }

/* connect's errno for host:port (0: it connected). */
static bool connected_to_itself(int fd)
{
    struct sockaddr_storage local, peer;
    socklen_t local_length = sizeof local, peer_length = sizeof peer;
    return getsockname(fd, (struct sockaddr *)&local, &local_length) == 0 &&
           getpeername(fd, (struct sockaddr *)&peer, &peer_length) == 0 &&
           local_length == peer_length && memcmp(&local, &peer, local_length) == 0;
}

/* The error of connecting to host:port (0: connected). Connecting to a loopback port nobody
 * listens on can meet itself, when the kernel picks that very port as the source port (TCP's
 * simultaneous open): such an attempt says nothing about a listener and is made again. */
int connect_error(const char *host, int port)
{
    for (int attempt = 0;; attempt++) {
        int error;
        int fd = try_connect(host, port, &error);
        bool itself = error == 0 && attempt < 5 && connected_to_itself(fd);
        close(fd);
        if (!itself)
            return error;
    }
}

bool send_all(int fd, const void *data, size_t size)
{
    for (size_t done = 0; done < size;) {
        ssize_t n = send(fd, (const char *)data + done, size - done, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        done += (size_t)n;
    }
    return true;
}

/* Reads exactly `size` bytes within timeout_ms; returns how many arrived. */
size_t recv_exact(int fd, void *buffer, size_t size, int timeout_ms)
{
    size_t done = 0;
    int64_t start = now_ms();
    while (done < size) {
        int left = timeout_ms - (int)(now_ms() - start);
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, left) != 1)
            break;
        ssize_t n = recv(fd, (char *)buffer + done, size - done, MSG_DONTWAIT);
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    return done;
}

/* 0: EOF, -errno: error, -1000: timeout, else bytes (unexpected data). */
int wait_for_eof(int fd, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, timeout_ms) != 1)
        return -1000;
    char byte;
    ssize_t n = recv(fd, &byte, 1, MSG_DONTWAIT);
    return n < 0 ? -errno : (int)n;
}

bool echo_once(int fd, const char *text)
{
    size_t size = strlen(text);
    char buffer[256];
    return send_all(fd, text, size) && recv_exact(fd, buffer, size, 3000) == size &&
           memcmp(buffer, text, size) == 0;
}

unsigned char pattern(size_t i) { return (unsigned char)((i * 7919u) ^ (i >> 8)); }

/* Sends data in pieces of at most `piece` bytes while reading the echo, polled, so neither
 * side's buffers can deadlock; half-closes after the last byte if asked. Returns true if the
 * echo is exact. */
bool exchange(int fd, const unsigned char *data, size_t size, size_t piece, bool half_close)
{
    unsigned char *echo = malloc(size + 1);
    size_t sent = 0, received = 0;
    int64_t start = now_ms();
    bool eof = false;
    while ((received < size || (half_close && !eof)) && now_ms() - start < 20000) {
        struct pollfd p = {.fd = fd, .events = POLLIN | (sent < size ? POLLOUT : 0)};
        if (poll(&p, 1, 1000) < 0)
            break;
        if ((p.revents & POLLOUT) && sent < size) {
            size_t n = size - sent < piece ? size - sent : piece;
            ssize_t w = send(fd, data + sent, n, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (w > 0 && (sent += (size_t)w) == size && half_close)
                shutdown(fd, SHUT_WR);
        }
        if (p.revents & (POLLIN | POLLHUP)) {
            ssize_t r = recv(fd, echo + received, size + 1 - received, MSG_DONTWAIT);
            if (r == 0)
                eof = true;
            if (r == 0 && received < size)
                break;
            if (r > 0)
                received += (size_t)r;
        }
    }
    bool ok = received == size && memcmp(echo, data, size) == 0 && (!half_close || eof);
    free(echo);
    return ok;
}

void reset_connection(int fd)
{
    struct linger abortive = {.l_onoff = 1, .l_linger = 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    close(fd); /* RST */
}

void raise_own_fd_limit(rlim_t wanted)
{
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted < limit.rlim_max ? wanted : limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

int run_scenario(int argc, char **argv, const scenario *scenarios, size_t count)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s AW_ECHO BACKEND SCENARIO [AW_ECHO_CLIENT]\n", argv[0]);
        return 2;
    }
    server_path = argv[1];
    backend = argv[2];
    client_path = argc > 4 ? argv[4] : NULL;
    signal(SIGPIPE, SIG_IGN);
    alarm(90);
    const char *name = argv[3];
    for (size_t i = 0; i < count; i++)
        if (strcmp(scenarios[i].name, name) == 0) {
            scenarios[i].run();
            if (failures == 0)
                printf("%s (%s): passed\n", name, backend);
            return failures == 0 ? 0 : 1;
        }
    fprintf(stderr, "unknown scenario %s\n", name);
    return 2;
}
