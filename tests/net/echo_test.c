/*
 * Integration tests of the aw-echo binary: each scenario starts the real server on an
 * ephemeral loopback port (--port 0, the port parsed from its first line), talks to it over
 * plain blocking or polled sockets, asserts exact bytes and statuses, then stops it with
 * SIGTERM and expects exit status 0. Everything is bounded in time (socket timeouts, an alarm).
 *
 *     echo_test AW_ECHO BACKEND SCENARIO [AW_ECHO_CLIENT]
 */
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
    /* Each client reads end of stream at once (a clean close, not a reset); the server waits
     * for the clients to close (tests/net/echo_faults.c covers clients that do not) and exits 0. */
    int64_t start = now_ms();
    kill(s.pid, signal_number);
    for (int i = 0; i < 5; i++)
        CHECK(wait_for_eof(fds[i], 3000) == 0);
    CHECK(now_ms() - start < 3000);
    for (int i = 0; i < 5; i++)
        close(fds[i]);
    CHECK(wait_for_exit(&s, 3000) == 0);
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
    /* Numbers are digits only: no sign, no spaces (strtoll would take both). */
    static const char *const bad_numbers[][2] = {
        {"--port", " 0"}, {"--port", "+0"}, {"--port", "-0"}, {"--port", "0 "},
        {"--max-conns", "+5"}, {"--idle-timeout", " 1"}, {"--buffer", "+1"},
        {"--max-lifetime", "-1"}, {"--shutdown-timeout", "+100"}, {"--max-lifetime", ""},
    };
    for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
        int status = run_command((const char *[]){server_path, bad_numbers[i][0],
                                                  bad_numbers[i][1], NULL},
                                 output, sizeof output);
        if (status != 2)
            fprintf(stderr, "FAILED: %s '%s' was accepted\n", bad_numbers[i][0],
                    bad_numbers[i][1]);
        CHECK(status == 2);
    }
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
        CHECK(output[0] == '[' && strstr(output, "\"name\":\"step\"") != NULL);
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

static void scenario_sigint(void) { scenario_signal(SIGINT); }
static void scenario_sigterm(void) { scenario_signal(SIGTERM); }

int main(int argc, char **argv)
{
    static const scenario scenarios[] = {
        {"basic", scenario_basic}, {"concurrent", scenario_concurrent},
        {"binary", scenario_binary}, {"partial", scenario_partial},
        {"halfclose", scenario_halfclose}, {"reset", scenario_reset},
        {"backpressure", scenario_backpressure}, {"idle", scenario_idle},
        {"idle_timeout", scenario_idle_timeout}, {"churn", scenario_churn},
        {"emfile", scenario_emfile}, {"max_conns", scenario_max_conns},
        {"sigint", scenario_sigint}, {"sigterm", scenario_sigterm},
        {"cli", scenario_cli}, {"host", scenario_host}, {"client", scenario_client},
    };
    return run_scenario(argc, argv, scenarios, sizeof scenarios / sizeof scenarios[0]);
}
