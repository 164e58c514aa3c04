/*
 * Echo peer: a hand-written single-threaded poll(2) server, the portable sibling of
 * bench/echo/epoll_server.c. Every loop builds nothing: the pollfd array is kept and edited in
 * place (a connection's slot is reused when it closes). Each readable connection reads once
 * (up to 16 KiB) and writes the bytes back; a short write waits for POLLOUT, not reading
 * meanwhile. Prints "poll-echo listening on 127.0.0.1:PORT"; runs until SIGINT/SIGTERM.
 *
 *     poll_echo_server [PORT]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { BUFFER = 16384 };

typedef struct connection {
    size_t pending, offset;
    char buffer[BUFFER];
} connection;

static volatile sig_atomic_t stopping;
static void on_signal(int signal_number) { (void)signal_number; stopping = 1; }

static struct pollfd *fds;
static connection **conns;
static size_t count, capacity;

static void add(int fd)
{
    if (count == capacity) {
        capacity = capacity ? capacity * 2 : 64;
        fds = realloc(fds, capacity * sizeof *fds);
        conns = realloc(conns, capacity * sizeof *conns);
    }
    fds[count] = (struct pollfd){.fd = fd, .events = POLLIN};
    conns[count] = calloc(1, sizeof(connection));
    count++;
}

/* Closes slot i by moving the last slot into it. */
static void drop(size_t i)
{
    close(fds[i].fd);
    free(conns[i]);
    count--;
    fds[i] = fds[count];
    conns[i] = conns[count];
}

/* Writes what is pending; -1 on error, 1 if some is left. */
static int flush(int fd, connection *c)
{
    while (c->offset < c->pending) {
        ssize_t n = send(fd, c->buffer + c->offset, c->pending - c->offset, MSG_NOSIGNAL);
        if (n < 0)
            return errno == EAGAIN ? 1 : -1;
        c->offset += (size_t)n;
    }
    c->pending = c->offset = 0;
    return 0;
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 0;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 ||
        listen(listener, 4096) != 0 ||
        getsockname(listener, (struct sockaddr *)&address, &length) != 0) {
        perror("poll-echo");
        return 1;
    }
    printf("poll-echo listening on 127.0.0.1:%d\n", ntohs(address.sin_port));
    fflush(stdout);
    add(listener);
    while (!stopping) {
        int ready = poll(fds, count, -1);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            perror("poll");
            return 1;
        }
        size_t seen = count;
        for (size_t i = seen; i-- > 0 && ready > 0;) {
            short revents = fds[i].revents;
            if (revents == 0)
                continue;
            ready--;
            fds[i].revents = 0;
            if (i == 0) {
                int fd;
                while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
                    add(fd);
                }
                continue;
            }
            connection *c = conns[i];
            int fd = fds[i].fd;
            if (c->pending > 0) {
                int left = flush(fd, c);
                if (left < 0)
                    drop(i);
                else if (left == 0)
                    fds[i].events = POLLIN;
                continue;
            }
            ssize_t n = recv(fd, c->buffer, BUFFER, 0);
            if (n <= 0) {
                if (n < 0 && errno == EAGAIN)
                    continue;
                drop(i);
                continue;
            }
            c->pending = (size_t)n;
            int left = flush(fd, c);
            if (left < 0)
                drop(i);
            else if (left > 0)
                fds[i].events = POLLOUT;
        }
    }
    return 0;
}
