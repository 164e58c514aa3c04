/*
 * Closed-loop echo load: C connections, each with one message of S bytes in flight; a
 * connection sends its message, waits for all of it to come back (checking every byte), and
 * sends the next. Single-threaded over epoll with non-blocking sockets (a 100 KiB message is
 * sent as the socket takes it while the echo is read), so that it loads any server the same
 * way. IDLE more connections are opened first and never used: they only sit in the server's
 * interest set.
 *
 * Every connection first has one message echoed, unmeasured (the server has then accepted
 * them all); the client prints "measuring" and runs the measured loop. Round trips go into a
 * histogram of 1 µs buckets (up to 100 ms, then one overflow bucket), from which the
 * percentiles come. Then it prints one line of key=value pairs:
 *     msgs_per_s p50_us p90_us p99_us p999_us max_us messages elapsed_s client_cpu_s
 * client_cpu_s is the client's own CPU time: close to elapsed_s means the client, not the
 * server, was the bottleneck.
 *
 *     echo_bench_client PORT [CONNECTIONS=10] [SIZE=1024] [SECONDS=5] [IDLE=0]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { HISTOGRAM_US = 100000 };

typedef struct conn {
    int fd;
    size_t sent, received;
    uint64_t sequence;
    int64_t sent_at;
    unsigned char *message, *echo;
} conn;

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static size_t size;
static uint64_t histogram[HISTOGRAM_US + 1];
static uint64_t recorded;
static int64_t max_ns;

static void record(int64_t ns)
{
    int64_t us = ns / 1000;
    histogram[us < HISTOGRAM_US ? us : HISTOGRAM_US]++;
    recorded++;
    if (ns > max_ns)
        max_ns = ns;
}

/* The upper edge of the bucket holding the given fraction of the round trips, in µs. */
static double percentile(double fraction)
{
    uint64_t rank = (uint64_t)(fraction * (double)recorded), seen = 0;
    for (int us = 0; us <= HISTOGRAM_US; us++) {
        seen += histogram[us];
        if (seen > rank)
            return us + 1;
    }
    return HISTOGRAM_US;
}

static void fill(conn *c, int index)
{
    for (size_t i = 0; i < size; i++)
        c->message[i] = (unsigned char)(c->sequence * 31 + (uint64_t)index * 7 + i);
}

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
    return fd;
}

/* Sends what the socket takes of the message; returns -1 on error. */
static int push(conn *c)
{
    while (c->sent < size) {
        ssize_t n = send(c->fd, c->message + c->sent, size - c->sent, MSG_NOSIGNAL);
        if (n < 0)
            return errno == EAGAIN || errno == ENOTCONN ? 0 : -1;
        c->sent += (size_t)n;
    }
    return 0;
}

static void set_events(int epfd, conn *c, uint32_t events)
{
    struct epoll_event event = {.events = events, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &event);
}

static int start_message(int epfd, conn *c)
{
    c->sent_at = now_ns();
    c->sent = c->received = 0;
    if (push(c) != 0)
        return -1;
    if (c->sent < size)
        set_events(epfd, c, EPOLLIN | EPOLLOUT);
    return 0;
}

static double cpu_seconds(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return (double)(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           (double)(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Runs the closed loop until `end` (ns on the monotonic clock) or, when warming up, until every
 * connection has had one message echoed (the server has then accepted every connection, the
 * idle ones first). Round trips are recorded only outside the warm-up. Returns the messages
 * echoed, or -1 after reporting an error. */
static long long exchange(int epfd, conn *conns, int count, int64_t end, bool warm_up)
{
    long long messages = 0;
    int warm = 0;
    struct epoll_event events[64];
    int64_t now = now_ns();
    while (now < end && !(warm_up && warm == count)) {
        int n = epoll_wait(epfd, events, 64, 100);
        now = now_ns();
        for (int i = 0; i < n; i++) {
            conn *c = events[i].data.ptr;
            if ((events[i].events & EPOLLOUT) && c->sent < size) {
                if (push(c) != 0) {
                    fprintf(stderr, "echo_bench_client: send failed\n");
                    return -1;
                }
                if (c->sent == size)
                    set_events(epfd, c, EPOLLIN);
            }
            if (!(events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
                continue;
            ssize_t got = recv(c->fd, c->echo + c->received, size - c->received, MSG_DONTWAIT);
            if (got <= 0) {
                if (got < 0 && (errno == EAGAIN || errno == ENOTCONN))
                    continue;
                fprintf(stderr, "echo_bench_client: connection closed\n");
                return -1;
            }
            c->received += (size_t)got;
            if (c->received < size)
                continue;
            if (memcmp(c->echo, c->message, size) != 0) {
                fprintf(stderr, "echo_bench_client: echoed bytes differ\n");
                return -1;
            }
            messages++;
            if (!warm_up)
                record(now - c->sent_at);
            if (c->sequence++ == 0)
                warm++;
            fill(c, (int)(c - conns));
            if (start_message(epfd, c) != 0) {
                fprintf(stderr, "echo_bench_client: send failed\n");
                return -1;
            }
        }
    }
    return messages;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: echo_bench_client PORT [CONNECTIONS] [SIZE] [SECONDS] [IDLE]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    int count = argc > 2 ? atoi(argv[2]) : 10;
    size = argc > 3 ? (size_t)atol(argv[3]) : 1024;
    double seconds = argc > 4 ? atof(argv[4]) : 5;
    int idle = argc > 5 ? atoi(argv[5]) : 0;

    int *idle_fds = calloc((size_t)idle + 1, sizeof *idle_fds);
    for (int i = 0; i < idle; i++) {
        if ((idle_fds[i] = connect_to(port)) < 0) {
            perror("echo_bench_client: idle connection");
            return 1;
        }
        if (i % 256 == 255)
            usleep(1000); /* lets the server accept: its listen backlog is finite */
    }
    int epfd = epoll_create1(0);
    conn *conns = calloc((size_t)count, sizeof *conns);
    for (int i = 0; i < count; i++) {
        conn *c = &conns[i];
        if ((c->fd = connect_to(port)) < 0) {
            perror("echo_bench_client: connect");
            return 1;
        }
        c->message = malloc(size);
        c->echo = malloc(size);
        struct epoll_event event = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
        epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &event);
        fill(c, i);
        c->sent_at = now_ns();
    }
    /* Not measured: until every connection has been accepted and echoed once. */
    if (exchange(epfd, conns, count, now_ns() + 60 * (int64_t)1000000000, true) < 0)
        return 1;
    /* The harness samples the server's CPU time between this line and the result line. */
    printf("measuring\n");
    fflush(stdout);
    double cpu_start = cpu_seconds();
    int64_t start = now_ns(), end = start + (int64_t)(seconds * 1e9);
    long long messages = exchange(epfd, conns, count, end, false);
    if (messages < 0)
        return 1;
    int64_t now = now_ns();
    double cpu = cpu_seconds() - cpu_start;
    double elapsed = (double)(now - start) / 1e9;
    printf("msgs_per_s=%.0f p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f "
           "messages=%llu elapsed_s=%.3f client_cpu_s=%.3f connections=%d size=%zu idle=%d\n",
           (double)messages / elapsed, percentile(0.5), percentile(0.9), percentile(0.99),
           percentile(0.999), (double)max_ns / 1000.0, (unsigned long long)messages, elapsed,
           cpu, count, size, idle);
    fflush(stdout);
    for (int i = 0; i < idle; i++)
        close(idle_fds[i]);
    return messages > 0 ? 0 : 1;
}
