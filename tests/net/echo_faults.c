/*
 * Fault tests of the aw-echo binary: what happens at its limits and when it is stopped. The
 * server idle at --max-conns with clients waiting (its CPU time, read from /proc, stays near
 * zero); SIGTERM with 100 clients mid-transfer (each reads an exact prefix of what it sent,
 * then end of stream, never a reset, and the server exits 0); a second signal while the first
 * stop waits (immediate exit); clients that never read (the stop gives up after
 * --shutdown-timeout and still exits 0); a client dripping one byte at a time at the limit
 * (--max-lifetime frees its slot); and --trace killed with SIGKILL (the trace still parses).
 * Each is bounded in time and count, loopback only.
 *
 *     echo_faults AW_ECHO BACKEND SCENARIO [AW_ECHO_CLIENT]
 */
#include "echo_harness.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* The CPU time (user + system) the process has used, in milliseconds. */
static long cpu_ms(pid_t pid)
{
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    size_t n = f != NULL ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f != NULL)
        fclose(f);
    text[n] = '\0';
    const char *after_name = strrchr(text, ')'); /* the name may hold spaces */
    unsigned long user = 0, system = 0;
    if (after_name == NULL ||
        sscanf(after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &user,
               &system) != 2)
        return -1;
    return (long)((user + system) * 1000 / (unsigned long)sysconf(_SC_CLK_TCK));
}

/* At --max-conns the acceptor waits for a slot without spinning: over 2 s with clients waiting
 * in the backlog, the server uses less than 10% of a CPU (a spinning one takes a whole CPU, or
 * its share of a busy machine, far above that). Then a freed slot serves the next client. */
static void scenario_max_conns_idle_cpu(void)
{
    server s = start_server(0, "--max-conns", "2", NULL);
    int a = connect_to(s.port), b = connect_to(s.port);
    CHECK(echo_once(a, "a"));
    CHECK(echo_once(b, "b"));
    int waiting[10];
    for (int i = 0; i < 10; i++) {
        waiting[i] = connect_to(s.port);
        CHECK(send_all(waiting[i], "w", 1));
    }
    sleep_ms(100);
    long before = cpu_ms(s.pid);
    sleep_ms(2000);
    long used = cpu_ms(s.pid) - before;
    fprintf(stderr, "max_conns_idle_cpu: %ld ms of CPU in 2000 ms at the limit\n", used);
    CHECK(before >= 0 && used < 200);
    close(a);
    char back = 0;
    CHECK(recv_exact(waiting[0], &back, 1, 3000) == 1 && back == 'w');
    close(b);
    for (int i = 0; i < 10; i++)
        close(waiting[i]);
    stop_server(&s, SIGTERM);
}

enum { CLIENTS = 100, WINDOW = 1 << 20, PIECE = 16384 };

typedef struct client {
    int fd;
    size_t sent, received;
    bool eof, reset, wrong;
} client;

/* One round of every client: send while fewer than WINDOW bytes are unechoed (until the
 * client has seen end of stream), read and check what comes back. */
static void pump(client *clients, int count, int timeout_ms)
{
    struct pollfd polls[CLIENTS];
    for (int i = 0; i < count; i++) {
        client *c = &clients[i];
        bool want_out = !c->eof && !c->reset && c->sent - c->received < WINDOW;
        polls[i] = (struct pollfd){.fd = c->eof || c->reset ? -1 : c->fd,
                                   .events = POLLIN | (want_out ? POLLOUT : 0)};
    }
    if (poll(polls, (nfds_t)count, timeout_ms) <= 0)
        return;
    unsigned char buffer[PIECE];
    for (int i = 0; i < count; i++) {
        client *c = &clients[i];
        /* Send up to WINDOW bytes ahead of the echo: the server always has unread bytes. */
        for (ssize_t n = 1; (polls[i].revents & POLLOUT) && n > 0 && c->sent - c->received < WINDOW;) {
            for (size_t k = 0; k < PIECE; k++)
                buffer[k] = pattern(c->sent + k);
            n = send(c->fd, buffer, PIECE, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n > 0)
                c->sent += (size_t)n;
        }
        for (ssize_t n = 1; (polls[i].revents & (POLLIN | POLLHUP | POLLERR)) && n > 0;) {
            n = recv(c->fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (n == 0) { /* done: close, as a client does */
                c->eof = true;
                close(c->fd);
                break;
            }
            else if (n < 0 && errno != EAGAIN)
                c->reset = true;
            for (ssize_t k = 0; k < n; k++)
                c->wrong |= buffer[k] != pattern(c->received + (size_t)k);
            if (n > 0)
                c->received += (size_t)n;
        }
    }
}

/* SIGTERM while 100 clients send and read: each reads back an exact prefix of what it sent,
 * then end of stream (no reset), and the server exits 0 well within its shutdown timeout. */
static void scenario_stop_mid_transfer(void)
{
    raise_own_fd_limit(CLIENTS + 64);
    server s = start_server(0, "--shutdown-timeout", "4000", NULL);
    static client clients[CLIENTS];
    for (int i = 0; i < CLIENTS; i++)
        clients[i] = (client){.fd = connect_to(s.port)};
    /* Mid-transfer: every client has had some echo back and keeps data in flight. */
    int64_t start = now_ms();
    for (bool all_echoed = false; !all_echoed && now_ms() - start < 10000;) {
        pump(clients, CLIENTS, 100);
        all_echoed = true;
        for (int i = 0; i < CLIENTS; i++)
            all_echoed &= clients[i].received >= 4 * PIECE &&
                          clients[i].sent - clients[i].received >= PIECE;
    }
    /* A burst from every client just before the signal: bytes the server has not read yet. */
    unsigned char burst[PIECE];
    for (int i = 0; i < CLIENTS; i++) {
        client *c = &clients[i];
        for (size_t k = 0; k < PIECE; k++)
            burst[k] = pattern(c->sent + k);
        ssize_t n = send(c->fd, burst, PIECE, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0)
            c->sent += (size_t)n;
    }
    kill(s.pid, SIGTERM);
    start = now_ms();
    for (bool all_ended = false; !all_ended && now_ms() - start < 10000;) {
        pump(clients, CLIENTS, 100);
        all_ended = true;
        for (int i = 0; i < CLIENTS; i++)
            all_ended &= clients[i].eof || clients[i].reset;
    }
    int eofs = 0, resets = 0, wrong = 0, in_flight = 0;
    for (int i = 0; i < CLIENTS; i++) {
        eofs += clients[i].eof;
        resets += clients[i].reset;
        wrong += clients[i].wrong;
        in_flight += clients[i].sent > clients[i].received;
        if (!clients[i].eof)
            close(clients[i].fd);
    }
    fprintf(stderr, "stop_mid_transfer: %d EOF, %d reset, %d wrong echo, %d with bytes unechoed\n",
            eofs, resets, wrong, in_flight);
    CHECK(eofs == CLIENTS && resets == 0 && wrong == 0);
    CHECK(wait_for_exit(&s, 5000) == 0);
    if (failures)
        fprintf(stderr, "server log:\n%s", read_log(&s));
    CHECK(strstr(read_log(&s), "aw-echo: SIGTERM: finishing 100 connection(s)\n") != NULL);
    CHECK(connect_error("127.0.0.1", s.port) == ECONNREFUSED);
}

/* Fills a connection whose client never reads: sends until the server stops taking data. */
static int stuck_client(int port)
{
    int fd = connect_to(port);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    static unsigned char chunk[65536];
    for (int64_t start = now_ms(); now_ms() - start < 10000;) {
        if (send(fd, chunk, sizeof chunk, MSG_NOSIGNAL) > 0)
            continue;
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (poll(&p, 1, 300) == 0)
            break;
    }
    return fd;
}

/* A stop that waits for a client that never reads; a second SIGINT ends it at once, with the
 * shell's status for death by that signal (130). */
static void scenario_second_signal(void)
{
    server s = start_server(0, "--buffer", "4096", "--shutdown-timeout", "30000", NULL);
    int fd = stuck_client(s.port);
    kill(s.pid, SIGINT);
    sleep_ms(500);
    CHECK(waitpid(s.pid, NULL, WNOHANG) == 0); /* still waiting for the stuck connection */
    int64_t start = now_ms();
    kill(s.pid, SIGINT);
    CHECK(wait_for_exit(&s, 3000) == 130);
    CHECK(now_ms() - start < 2000);
    close(fd);
}

/* 20 clients that never read hold the server's writes: others are still served; a stop gives
 * them --shutdown-timeout, says how many it closes unfinished, and exits 0. */
static void scenario_never_read(void)
{
    raise_own_fd_limit(128);
    server s = start_server(0, "--buffer", "4096", "--shutdown-timeout", "500", NULL);
    int stuck[20];
    for (int i = 0; i < 20; i++)
        stuck[i] = stuck_client(s.port);
    int fd = connect_to(s.port);
    CHECK(echo_once(fd, "served among stuck ones"));
    close(fd);
    int64_t start = now_ms();
    kill(s.pid, SIGTERM);
    CHECK(wait_for_exit(&s, 5000) == 0);
    int64_t took = now_ms() - start;
    fprintf(stderr, "never_read: stopped in %lld ms\n", (long long)took);
    CHECK(took >= 400 && took < 3000);
    CHECK(strstr(read_log(&s), "aw-echo: 20 connection(s) still open at the shutdown timeout "
                               "(500 ms): closed\n") != NULL);
    for (int i = 0; i < 20; i++)
        close(stuck[i]);
}

/* At --max-conns 1, a client that sends a byte every 100 ms never trips --idle-timeout, but
 * --max-lifetime closes it, and the client waiting in the backlog is served. */
static void scenario_slow_drip(void)
{
    server s = start_server(0, "--max-conns", "1", "--idle-timeout", "1000", "--max-lifetime",
                            "600", NULL);
    int drip = connect_to(s.port);
    CHECK(echo_once(drip, "d"));
    int waiting = connect_to(s.port);
    CHECK(send_all(waiting, "w", 1));
    int64_t start = now_ms();
    int result = -1000;
    while (result == -1000 && now_ms() - start < 5000) {
        if (!send_all(drip, "d", 1))
            break;
        result = wait_for_eof(drip, 100);
        if (result == 1) /* the echo of the byte */
            result = -1000;
    }
    int64_t held = now_ms() - start;
    fprintf(stderr, "slow_drip: the slot was freed after %lld ms\n", (long long)held);
    /* Closed: end of stream, or a reset when a dripped byte was still unread at the close. */
    CHECK((result == 0 || result == -ECONNRESET) && held >= 300 && held < 4000);
    char back = 0;
    CHECK(recv_exact(waiting, &back, 1, 3000) == 1 && back == 'w');
    close(drip);
    close(waiting);
    stop_server(&s, SIGTERM);
}

/* True if `text` is a JSON array of objects that may lack its closing bracket, as the trace
 * event format allows: "[" then complete objects separated by commas. Strings are skipped
 * with their escapes; nothing may be cut off inside an event. *events receives the count. */
static bool unterminated_array_of_objects(const char *text, int *events)
{
    *events = 0;
    const char *p = text;
    while (*p == ' ' || *p == '\n')
        p++;
    if (*p++ != '[')
        return false;
    int depth = 0;
    bool in_string = false, after_event = false;
    for (; *p != '\0'; p++) {
        char c = *p;
        if (in_string) {
            if (c == '\\' && p[1] != '\0')
                p++;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"')
            in_string = true;
        else if (c == '{' || c == '[')
            depth++;
        else if (c == '}' || c == ']') {
            if (depth == 0)
                return c == ']'; /* the closing bracket, present after all */
            if (--depth == 0)
                (*events)++, after_event = true;
        }
    }
    return depth == 0 && !in_string && after_event;
}

/* aw-echo --trace killed with SIGKILL: the trace written so far is a valid unterminated
 * array (the chunks reach the file between events), holding the run's steps. */
static void scenario_trace_killed(void)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/aw_echo_faults_trace_%d.json", (int)getpid());
    server s = start_server(0, "--trace", path, NULL);
    int fd = connect_to(s.port);
    for (int i = 0; i < 5; i++) { /* the iterations after each pause write out what came before */
        CHECK(echo_once(fd, "traced"));
        sleep_ms(150);
    }
    kill(s.pid, SIGKILL);
    CHECK(wait_for_exit(&s, 3000) == 128 + SIGKILL);
    close(fd);
    FILE *f = fopen(path, "r");
    static char text[1 << 20];
    size_t n = f != NULL ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f != NULL)
        fclose(f);
    text[n] = '\0';
    int events = 0;
    bool valid = unterminated_array_of_objects(text, &events);
    fprintf(stderr, "trace_killed: %zu bytes, %d events\n", n, events);
    CHECK(valid && events > 20);
    CHECK(strstr(text, "\"name\":\"step\"") != NULL);
    unlink(path);
}

int main(int argc, char **argv)
{
    static const scenario scenarios[] = {
        {"max_conns_idle_cpu", scenario_max_conns_idle_cpu},
        {"stop_mid_transfer", scenario_stop_mid_transfer},
        {"second_signal", scenario_second_signal},
        {"never_read", scenario_never_read},
        {"slow_drip", scenario_slow_drip},
        {"trace_killed", scenario_trace_killed},
    };
    return run_scenario(argc, argv, scenarios, sizeof scenarios / sizeof scenarios[0]);
}
