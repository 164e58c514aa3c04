/*
 * Closed-loop echo load: C connections, each with one message of S bytes in flight; a
 * connection sends its message, waits for all of it to come back (checking every byte), and
 * sends the next. Single-threaded over epoll, so that it loads any server the same way.
 * Prints messages per second and the median round trip.
 *
 *     echo_bench_client PORT [CONNECTIONS=10] [SIZE=1024] [SECONDS=5]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct conn {
    int fd;
    size_t received;
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

static int compare(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static size_t size;

static void fill(conn *c, int index)
{
    for (size_t i = 0; i < size; i++)
        c->message[i] = (unsigned char)(c->sequence * 31 + (uint64_t)index * 7 + i);
}

static int send_message(conn *c)
{
    c->sent_at = now_ns();
    c->received = 0;
    for (size_t done = 0; done < size;) { /* 1 KiB always fits the socket buffer */
        ssize_t n = send(c->fd, c->message + done, size - done, MSG_NOSIGNAL);
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: echo_bench_client PORT [CONNECTIONS] [SIZE] [SECONDS]\n");
        return 2;
    }
    int port = atoi(argv[1]);
    int count = argc > 2 ? atoi(argv[2]) : 10;
    size = argc > 3 ? (size_t)atol(argv[3]) : 1024;
    double seconds = argc > 4 ? atof(argv[4]) : 5;
    int epfd = epoll_create1(0);
    conn *conns = calloc((size_t)count, sizeof *conns);
    size_t latency_capacity = 1 << 22, latency_count = 0;
    int64_t *latencies = malloc(latency_capacity * sizeof *latencies);
    for (int i = 0; i < count; i++) {
        conn *c = &conns[i];
        c->fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(c->fd, (struct sockaddr *)&address, sizeof address) != 0) {
            perror("connect");
            return 1;
        }
        setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
        c->message = malloc(size);
        c->echo = malloc(size);
        struct epoll_event event = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &event);
        fill(c, i);
        send_message(c);
    }
    uint64_t messages = 0;
    int64_t start = now_ns(), end = start + (int64_t)(seconds * 1e9);
    struct epoll_event events[64];
    int64_t now = start;
    while (now < end) {
        int n = epoll_wait(epfd, events, 64, 100);
        now = now_ns();
        for (int i = 0; i < n; i++) {
            conn *c = events[i].data.ptr;
            ssize_t got = recv(c->fd, c->echo + c->received, size - c->received, MSG_DONTWAIT);
            if (got <= 0) {
                if (got < 0 && errno == EAGAIN)
                    continue;
                fprintf(stderr, "echo_bench_client: connection closed\n");
                return 1;
            }
            c->received += (size_t)got;
            if (c->received < size)
                continue;
            if (memcmp(c->echo, c->message, size) != 0) {
                fprintf(stderr, "echo_bench_client: echoed bytes differ\n");
                return 1;
            }
            messages++;
            if (latency_count < latency_capacity)
                latencies[latency_count++] = now - c->sent_at;
            c->sequence++;
            fill(c, (int)(c - conns));
            send_message(c);
        }
    }
    double elapsed = (double)(now - start) / 1e9;
    qsort(latencies, latency_count, sizeof *latencies, compare);
    double median_us = latency_count ? (double)latencies[latency_count / 2] / 1000.0 : 0;
    printf("%.0f msgs/s, median %.1f us (%llu messages, %d connections x %zu bytes, %.1f s)\n",
           (double)messages / elapsed, median_us, (unsigned long long)messages, count, size,
           elapsed);
    return 0;
}
