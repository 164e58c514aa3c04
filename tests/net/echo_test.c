/*
 * Integration tests of the aw-echo binary: each scenario starts the real server on an
 * ephemeral loopback port (--port 0, the port parsed from its first line), talks to it over
 * plain blocking or polled sockets, asserts exact bytes and statuses, then stops it with
 * SIGTERM and expects exit status 0. Everything is bounded in time (socket timeouts, an alarm).
 *
 *     echo_test AW_ECHO BACKEND SCENARIO [AW_ECHO_CLIENT]
 */
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

static const char *server_path, *backend, *client_path;
static int failures;

#define CHECK(c) ((c) ? (void)0 : (void)(failures++, fprintf(stderr, "FAILED line %d: %s\n", __LINE__, #c)))
#define REQUIRE(c) do { if (!(c)) { fprintf(stderr, "FAILED line %d: %s\n", __LINE__, #c); exit(1); } } while (0)

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void sleep_ms(int ms) { usleep((useconds_t)ms * 1000); }

typedef struct server {
    pid_t pid;
    int port;
    char log_path[64]; /* its stderr */
} server;

/* Starts aw-echo with the given extra arguments (NULL-terminated) and, if nofile > 0, that
 * RLIMIT_NOFILE. It must say it listens on the --host given (default 127.0.0.1). */
static server start_server(rlim_t nofile, ...)
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
static void stop_server(server *s, int signal_number)
{
    kill(s->pid, signal_number);
    int status = -1;
    int64_t start = now_ms();
    while (waitpid(s->pid, &status, WNOHANG) == 0) {
        if (now_ms() - start > 5000) {
            fprintf(stderr, "FAILED: server did not stop\n");
            kill(s->pid, SIGKILL);
            waitpid(s->pid, &status, 0);
            failures++;
            break;
        }
        sleep_ms(5);
    }
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static char *read_log(const server *s)
{
    static char text[1 << 16];
    FILE *f = fopen(s->log_path, "r");
    size_t n = f != NULL ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = '\0';
    if (f != NULL)
        fclose(f);
    return text;
}

static int count_occurrences(const char *text, const char *what)
{
    int count = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what))
        count++;
    return count;
}

static int count_fds(pid_t pid)
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

static long rss_kb(pid_t pid)
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
static int wait_for_fds(pid_t pid, int expected)
{
    int count = -1;
    for (int64_t start = now_ms(); now_ms() - start < 3000; sleep_ms(10))
        if ((count = count_fds(pid)) == expected)
            break;
    return count;
}

/* A blocking socket connecting to a numeric loopback address (IPv4 or IPv6), with 5 s send
 * and receive timeouts; *error receives 0 or connect's errno. */
static int try_connect(const char *host, int port, int *error)
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

static int connect_to_host(const char *host, int port)
{
    int error;
    int fd = try_connect(host, port, &error);
    REQUIRE(error == 0);
    return fd;
}

static int connect_to(int port) { return connect_to_host("127.0.0.1", port); }

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
static int connect_error(const char *host, int port)
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

static bool send_all(int fd, const void *data, size_t size)
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
static size_t recv_exact(int fd, void *buffer, size_t size, int timeout_ms)
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
static int wait_for_eof(int fd, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, timeout_ms) != 1)
        return -1000;
    char byte;
    ssize_t n = recv(fd, &byte, 1, MSG_DONTWAIT);
    return n < 0 ? -errno : (int)n;
}

static bool echo_once(int fd, const char *text)
{
    size_t size = strlen(text);
    char buffer[256];
    return send_all(fd, text, size) && recv_exact(fd, buffer, size, 3000) == size &&
           memcmp(buffer, text, size) == 0;
}

static unsigned char pattern(size_t i) { return (unsigned char)((i * 7919u) ^ (i >> 8)); }

/* Sends data in pieces of at most `piece` bytes while reading the echo, polled, so neither
 * side's buffers can deadlock; half-closes after the last byte if asked. Returns true if the
 * echo is exact. */
static bool exchange(int fd, const unsigned char *data, size_t size, size_t piece, bool half_close)
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

/* ------------------------------------------------------------------------------------------ */

static void scenario_basic(void)
{
    server s = start_server(0, NULL);
    int fd = connect_to(s.port);
    CHECK(echo_once(fd, "hello, echo\n"));
    CHECK(echo_once(fd, "again"));
    close(fd);
    stop_server(&s, SIGTERM);
}

static void scenario_concurrent(void)
{
    enum { CLIENTS = 200, SIZE = 4096 };
    server s = start_server(0, NULL);
    static int fds[CLIENTS];
    static unsigned char data[SIZE], echo[SIZE];
    for (int i = 0; i < CLIENTS; i++)
        fds[i] = connect_to(s.port);
    for (int i = 0; i < CLIENTS; i++) { /* all connections have data in flight at once */
        memset(data, i, SIZE);
        snprintf((char *)data, 16, "client %d", i);
        CHECK(send_all(fds[i], data, SIZE));
    }
    for (int i = 0; i < CLIENTS; i++) {
        memset(data, i, SIZE);
        snprintf((char *)data, 16, "client %d", i);
        CHECK(recv_exact(fds[i], echo, SIZE, 5000) == SIZE && memcmp(echo, data, SIZE) == 0);
        close(fds[i]);
    }
    stop_server(&s, SIGTERM);
}

static void scenario_binary(void)
{
    enum { SIZE = 1 << 20 };
    server s = start_server(0, NULL);
    unsigned char *data = malloc(SIZE);
    for (size_t i = 0; i < SIZE; i++)
        data[i] = pattern(i); /* every byte value, zeros included */
    int fd = connect_to(s.port);
    CHECK(exchange(fd, data, SIZE, 65536, false));
    close(fd);
    free(data);
    stop_server(&s, SIGTERM);
}

static void scenario_partial(void)
{
    server s = start_server(0, "--buffer", "3", NULL);
    int fd = connect_to(s.port);
    /* One byte at a time, each read back alone. */
    for (int i = 0; i < 64; i++) {
        unsigned char byte = pattern((size_t)i), back = 0;
        CHECK(send_all(fd, &byte, 1) && recv_exact(fd, &back, 1, 3000) == 1 && back == byte);
    }
    /* Odd-sized pieces through a 3-byte server buffer: many partial reads and writes. */
    unsigned char data[10007];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = pattern(i + 5);
    CHECK(exchange(fd, data, sizeof data, 13, false));
    close(fd);
    stop_server(&s, SIGTERM);
}

static void scenario_halfclose(void)
{
    enum { SIZE = 300 * 1024 };
    server s = start_server(0, NULL);
    unsigned char *data = malloc(SIZE);
    for (size_t i = 0; i < SIZE; i++)
        data[i] = pattern(i * 3);
    int fd = connect_to(s.port);
    CHECK(exchange(fd, data, SIZE, 32768, true)); /* every byte echoed, then EOF */
    /* Half-close with nothing sent: immediate EOF. */
    int fd2 = connect_to(s.port);
    shutdown(fd2, SHUT_WR);
    CHECK(wait_for_eof(fd2, 3000) == 0);
    close(fd);
    close(fd2);
    free(data);
    stop_server(&s, SIGTERM);
}

static void reset_connection(int fd)
{
    struct linger abortive = {.l_onoff = 1, .l_linger = 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    close(fd); /* RST */
}

static void scenario_reset(void)
{
    server s = start_server(0, "--buffer", "1024", NULL);
    int baseline = count_fds(s.pid);
    /* Reset right after sending, while the server echoes. */
    for (int i = 0; i < 20; i++) {
        int fd = connect_to(s.port);
        static unsigned char data[200000];
        send(fd, data, sizeof data, MSG_DONTWAIT | MSG_NOSIGNAL);
        reset_connection(fd);
    }
    /* Reset an idle connection. */
    int idle = connect_to(s.port);
    CHECK(echo_once(idle, "x"));
    reset_connection(idle);
    /* The server goes on serving and has closed every reset connection. */
    int fd = connect_to(s.port);
    CHECK(echo_once(fd, "still here"));
    close(fd);
    CHECK(wait_for_fds(s.pid, baseline) == baseline);
    stop_server(&s, SIGTERM);
}

/* The most a TCP socket's kernel buffer may grow to (the third value of tcp_rmem/tcp_wmem). */
static size_t kernel_buffer_limit(const char *path)
{
    size_t low = 0, initial = 0, most = 0;
    FILE *file = fopen(path, "r");
    if (file != NULL) {
        if (fscanf(file, "%zu %zu %zu", &low, &initial, &most) != 3)
            most = 0;
        fclose(file);
    }
    return most > 0 ? most : (size_t)32 << 20;
}

static void scenario_backpressure(void)
{
    server s = start_server(0, "--buffer", "4096", NULL);
    int fd = connect_to(s.port);
    long rss_before = rss_kb(s.pid);
    /* Send without ever reading, until the server stops taking data for 500 ms. */
    fcntl(fd, F_SETFL, O_NONBLOCK);
    /* Without backpressure nothing would stop the client; with it, only the kernel's buffers
     * take data: both directions' send and receive buffers, plus the server's own --buffer. */
    size_t in_kernel = 2 * (kernel_buffer_limit("/proc/sys/net/ipv4/tcp_rmem") +
                            kernel_buffer_limit("/proc/sys/net/ipv4/tcp_wmem")) + 4096;
    static unsigned char chunk[65536];
    size_t sent = 0;
    int64_t start = now_ms();
    while (sent < in_kernel + ((size_t)16 << 20) && now_ms() - start < 20000) {
        for (size_t i = 0; i < sizeof chunk; i++)
            chunk[i] = pattern(sent + i);
        ssize_t n = send(fd, chunk, sizeof chunk, MSG_NOSIGNAL);
        if (n > 0) {
            sent += (size_t)n;
            continue;
        }
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (poll(&p, 1, 500) == 0)
            break; /* stalled: the server has stopped reading */
    }
    long rss_after = rss_kb(s.pid);
    fprintf(stderr, "backpressure: %zu KiB accepted before the stall; server RSS %ld -> %ld KiB\n",
            sent / 1024, rss_before, rss_after);
    CHECK(sent <= in_kernel);
#if defined(AW_TEST_SANITIZED)
    CHECK(rss_after - rss_before < 64 * 1024);
#else
    CHECK(rss_after - rss_before < 1024);
#endif
    /* Other clients are served meanwhile. */
    int other = connect_to(s.port);
    CHECK(echo_once(other, "not blocked"));
    close(other);
    /* Reading now lets everything through, exact. */
    unsigned char *echo = malloc(sent);
    fcntl(fd, F_SETFL, 0);
    CHECK(recv_exact(fd, echo, sent, 10000) == sent);
    bool same = true;
    for (size_t i = 0; i < sent && same; i++)
        same = echo[i] == pattern(i - i % sizeof chunk + i % sizeof chunk);
    CHECK(same);
    free(echo);
    close(fd);
    stop_server(&s, SIGTERM);
}

static void raise_own_fd_limit(rlim_t wanted)
{
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted < limit.rlim_max ? wanted : limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

static void scenario_idle(void)
{
    enum { IDLE = 3000 };
    raise_own_fd_limit(IDLE + 200);
    server s = start_server(IDLE + 200, NULL);
    int baseline = count_fds(s.pid);
    static int fds[IDLE];
    for (int i = 0; i < IDLE; i++)
        fds[i] = connect_to(s.port);
    CHECK(echo_once(fds[IDLE - 1], "accepted")); /* the backlog is drained in order */
    CHECK(wait_for_fds(s.pid, baseline + IDLE) == baseline + IDLE);
    int fd = connect_to(s.port);
    CHECK(echo_once(fd, "active among idle ones"));
    CHECK(echo_once(fds[0], "the first is alive"));
    close(fd);
    for (int i = 0; i < IDLE; i++)
        close(fds[i]);
    CHECK(wait_for_fds(s.pid, baseline) == baseline);
    stop_server(&s, SIGTERM);
}

static void scenario_idle_timeout(void)
{
    server s = start_server(0, "--idle-timeout", "200", NULL);
    int fd = connect_to(s.port);
    CHECK(echo_once(fd, "a"));
    int64_t start = now_ms();
    CHECK(wait_for_eof(fd, 3000) == 0);
    int64_t elapsed = now_ms() - start;
    CHECK(elapsed >= 150 && elapsed < 2000);
    close(fd);
    stop_server(&s, SIGTERM);
}

static void scenario_churn(void)
{
    server s = start_server(0, NULL);
    for (int i = 0; i < 300; i++) { /* warm up: stacks, timers and buffers reach steady state */
        int fd = connect_to(s.port);
        echo_once(fd, "warm");
        close(fd);
    }
    int baseline = wait_for_fds(s.pid, count_fds(s.pid) - 0);
    sleep_ms(100);
    baseline = count_fds(s.pid);
    long rss_before = rss_kb(s.pid);
    for (int i = 0; i < 3000; i++) {
        int fd = connect_to(s.port);
        CHECK(echo_once(fd, "churn"));
        if (i % 3 == 0)
            reset_connection(fd);
        else
            close(fd);
    }
    CHECK(wait_for_fds(s.pid, baseline) == baseline);
    long rss_after = rss_kb(s.pid);
    fprintf(stderr, "churn: fds %d, RSS %ld -> %ld KiB\n", baseline, rss_before, rss_after);
#if defined(AW_TEST_SANITIZED) /* freed memory sits in the sanitizer's quarantine */
    CHECK(rss_after - rss_before < 256 * 1024);
#else
    CHECK(rss_after - rss_before < 512);
#endif
    stop_server(&s, SIGTERM);
}

static void scenario_emfile(void)
{
    server s = start_server(48, NULL);
    enum { MAX = 80 };
    int fds[MAX];
    int accepted = 0, opened = 0;
    /* Open connections until one is no longer served: the server is out of descriptors. */
    while (opened < MAX) {
        int fd = fds[opened++] = connect_to(s.port);
        char back = 0;
        if (!(send_all(fd, "e", 1) && recv_exact(fd, &back, 1, 300) == 1 && back == 'e'))
            break;
        accepted++;
    }
    CHECK(accepted > 30 && accepted < 48);
    /* More clients pile up in the backlog. */
    for (int i = 0; i < 3; i++) {
        fds[opened] = connect_to(s.port);
        CHECK(send_all(fds[opened++], "p", 1));
    }
    sleep_ms(300);
    /* The open connections are still served, and the server said so exactly once. */
    CHECK(echo_once(fds[0], "still served"));
    CHECK(echo_once(fds[accepted - 1], "still served"));
    CHECK(count_occurrences(read_log(&s), "too many open files") == 1);
    /* Free descriptors: the pending clients are accepted and their bytes echoed. */
    for (int i = 0; i < 10; i++)
        close(fds[i]);
    char back = 0;
    CHECK(recv_exact(fds[accepted], &back, 1, 3000) == 1 && back == 'e');
    for (int i = accepted + 1; i < opened; i++)
        CHECK(recv_exact(fds[i], &back, 1, 3000) == 1 && back == 'p');
    CHECK(count_occurrences(read_log(&s), "aw-echo: accepting again\n") == 1);
    if (failures)
        fprintf(stderr, "server log:\n%s", read_log(&s));
    for (int i = 10; i < opened; i++)
        close(fds[i]);
    stop_server(&s, SIGTERM);
}

static void scenario_signal(int signal_number)
{
    server s = start_server(0, NULL);
    int fds[5];
    for (int i = 0; i < 5; i++) {
        fds[i] = connect_to(s.port);
        CHECK(echo_once(fds[i], "before the signal"));
    }
    int64_t start = now_ms();
    stop_server(&s, signal_number); /* exits 0 */
    CHECK(now_ms() - start < 3000);
    for (int i = 0; i < 5; i++) {
        CHECK(wait_for_eof(fds[i], 3000) == 0); /* closed cleanly, not reset */
        close(fds[i]);
    }
    CHECK(strstr(read_log(&s), signal_number == SIGINT ? "SIGINT" : "SIGTERM") != NULL);
    /* The port is free again: nobody listens. */
    CHECK(connect_error("127.0.0.1", s.port) == ECONNREFUSED);
}

static void scenario_max_conns(void)
{
    server s = start_server(0, "--max-conns", "2", NULL);
    int a = connect_to(s.port), b = connect_to(s.port);
    CHECK(echo_once(a, "a"));
    CHECK(echo_once(b, "b"));
    int c = connect_to(s.port); /* queued in the backlog, not served */
    CHECK(send_all(c, "c", 1));
    char back = 0;
    CHECK(recv_exact(c, &back, 1, 300) == 0);
    close(a);
    CHECK(recv_exact(c, &back, 1, 3000) == 1 && back == 'c');
    close(b);
    close(c);
    stop_server(&s, SIGTERM);
}

static int run_command(const char *const *argv, char *output, size_t size)
{
    int out[2];
    REQUIRE(pipe(out) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(out[1], 2);
        close(out[0]);
        close(out[1]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    size_t length = 0;
    ssize_t n;
    while (length < size - 1 && (n = read(out[0], output + length, size - 1 - length)) > 0)
        length += (size_t)n;
    output[length] = '\0';
    close(out[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void scenario_cli(void)
{
    char output[4096];
    CHECK(run_command((const char *[]){server_path, "--help", NULL}, output, sizeof output) == 0);
    CHECK(strncmp(output, "usage: aw-echo", 14) == 0);
    CHECK(run_command((const char *[]){server_path, "--version", NULL}, output, sizeof output) == 0);
    CHECK(strncmp(output, "aw-echo 0.", 10) == 0);
    CHECK(run_command((const char *[]){server_path, "--bogus", NULL}, output, sizeof output) == 2);
    CHECK(strstr(output, "usage: aw-echo") != NULL);
    CHECK(run_command((const char *[]){server_path, "--port", "http", NULL}, output, sizeof output) == 2);
    CHECK(run_command((const char *[]){server_path, "--backend", "select", NULL}, output, sizeof output) == 2);
    CHECK(run_command((const char *[]){server_path, "--port", NULL}, output, sizeof output) == 2);
    /* --trace writes a Chrome trace (a file of this run's own: the backends run in parallel). */
    char trace_path[64];
    snprintf(trace_path, sizeof trace_path, "/tmp/aw_echo_test_trace_%d.json", (int)getpid());
    server s = start_server(0, "--trace", trace_path, NULL);
    int fd = connect_to(s.port);
    CHECK(echo_once(fd, "traced"));
    close(fd);
    stop_server(&s, SIGINT);
    FILE *trace = fopen(trace_path, "r");
    CHECK(trace != NULL);
    if (trace != NULL) {
        size_t n = fread(output, 1, sizeof output - 1, trace);
        output[n] = '\0';
        CHECK(strstr(output, "\"traceEvents\"") != NULL);
        fclose(trace);
    }
    unlink(trace_path);
}

/* --host: an address other than the default (another IPv4 loopback address, the IPv6
 * loopback), served there only; a name, resolved on the offload pool; a name that does not
 * resolve (refused by the resolver itself: no DNS query). */
static void scenario_host(void)
{
    static const char *const addresses[] = {"127.0.0.2", "::1"};
    for (size_t i = 0; i < sizeof addresses / sizeof addresses[0]; i++) {
        server s = start_server(0, "--host", addresses[i], NULL);
        int fd = connect_to_host(addresses[i], s.port);
        CHECK(echo_once(fd, "on another loopback address"));
        close(fd);
        CHECK(connect_error("127.0.0.1", s.port) == ECONNREFUSED); /* bound to that one only */
        stop_server(&s, SIGTERM);
    }
    server s = start_server(0, "--host", "localhost", NULL);
    int fd = connect_to(s.port); /* localhost is 127.0.0.1 in /etc/hosts */
    CHECK(echo_once(fd, "by name"));
    close(fd);
    stop_server(&s, SIGTERM);
    char output[4096];
    CHECK(run_command((const char *[]){server_path, "--port", "0", "--host", "no such host",
                                       NULL},
                      output, sizeof output) == 1);
    CHECK(strstr(output, "cannot listen on no such host:0: host name not found") != NULL);
}

static void scenario_client(void)
{
    REQUIRE(client_path != NULL);
    server s = start_server(0, NULL);
    char port[16], output[4096];
    snprintf(port, sizeof port, "%d", s.port);
    CHECK(run_command((const char *[]){client_path, "--port", port, "--conns", "100", "--bytes",
                                       "100000", "--chunk", "3000", "--backend", backend, NULL},
                      output, sizeof output) == 0);
    CHECK(strstr(output, "100/100 connections echoed 100000 bytes correctly") != NULL);
    stop_server(&s, SIGTERM);
    /* Nothing listens any more: the client says so with exit status 1. */
    CHECK(run_command((const char *[]){client_path, "--port", port, "--conns", "2", NULL},
                      output, sizeof output) == 1);
    CHECK(strstr(output, "connection refused") != NULL);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: echo_test AW_ECHO BACKEND SCENARIO [AW_ECHO_CLIENT]\n");
        return 2;
    }
    server_path = argv[1];
    backend = argv[2];
    client_path = argc > 4 ? argv[4] : NULL;
    signal(SIGPIPE, SIG_IGN);
    alarm(90);
    const char *name = argv[3];
    static const struct {
        const char *name;
        void (*run)(void);
    } scenarios[] = {
        {"basic", scenario_basic}, {"concurrent", scenario_concurrent},
        {"binary", scenario_binary}, {"partial", scenario_partial},
        {"halfclose", scenario_halfclose}, {"reset", scenario_reset},
        {"backpressure", scenario_backpressure}, {"idle", scenario_idle},
        {"idle_timeout", scenario_idle_timeout}, {"churn", scenario_churn},
        {"emfile", scenario_emfile}, {"max_conns", scenario_max_conns},
        {"cli", scenario_cli}, {"host", scenario_host}, {"client", scenario_client},
    };
    bool found = false;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
        if (strcmp(scenarios[i].name, name) == 0) {
            scenarios[i].run();
            found = true;
        }
    if (strcmp(name, "sigint") == 0 || strcmp(name, "sigterm") == 0) {
        scenario_signal(strcmp(name, "sigint") == 0 ? SIGINT : SIGTERM);
        found = true;
    }
    if (!found) {
        fprintf(stderr, "unknown scenario %s\n", name);
        return 2;
    }
    if (failures == 0)
        printf("%s (%s): passed\n", name, backend);
    return failures == 0 ? 0 : 1;
}
