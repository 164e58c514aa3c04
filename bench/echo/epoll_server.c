/*
 * The baseline for aw-echo: a hand-written single-threaded epoll echo server, as one writes
 * it without a runtime. Level-triggered; each readable event reads once (up to 16 KiB) and
 * writes the bytes back; a short write keeps the rest and waits for EPOLLOUT (not reading
 * meanwhile). Prints "epoll-echo listening on 127.0.0.1:PORT" and runs until SIGINT/SIGTERM.
 *
 *     epoll_echo_server [PORT]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { BUFFER = 16384, MAX_EVENTS = 256 };

typedef struct connection {
    int fd;
    size_t pending, offset; /* bytes read and not yet written back */
    char buffer[BUFFER];
} connection;

static volatile sig_atomic_t stopping;
static void on_signal(int signal_number) { (void)signal_number; stopping = 1; }

static void drop(int epfd, connection *c)
{
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c);
}

static void set_events(int epfd, connection *c, uint32_t events)
{
    struct epoll_event event = {.events = events, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &event);
}

/* Writes what is pending; returns -1 on error, 1 if some is left. */
static int flush(connection *c)
{
    while (c->offset < c->pending) {
        ssize_t n = send(c->fd, c->buffer + c->offset, c->pending - c->offset, MSG_NOSIGNAL);
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
    struct sigaction action = {.sa_handler = on_signal};
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 ||
        listen(listener, 1024) != 0 ||
        getsockname(listener, (struct sockaddr *)&address, &length) != 0) {
        perror("epoll_echo_server");
        return 1;
    }
    printf("epoll-echo listening on 127.0.0.1:%d\n", ntohs(address.sin_port));
    fflush(stdout);
    int epfd = epoll_create1(0);
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &event);
    struct epoll_event events[MAX_EVENTS];
    while (!stopping) {
        int n = epoll_wait(epfd, events, MAX_EVENTS, -1);
        for (int i = 0; i < n; i++) {
            connection *c = events[i].data.ptr;
            if (c == NULL) {
                int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK);
                if (fd < 0)
                    continue;
                setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
                c = calloc(1, sizeof *c);
                c->fd = fd;
                struct epoll_event add = {.events = EPOLLIN, .data.ptr = c};
                epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &add);
                continue;
            }
            if (c->pending > 0) { /* EPOLLOUT: finish the write, then read again */
                int left = flush(c);
                if (left < 0)
                    drop(epfd, c);
                else if (left == 0)
                    set_events(epfd, c, EPOLLIN);
                continue;
            }
            ssize_t got = recv(c->fd, c->buffer, BUFFER, 0);
            if (got < 0 && errno == EAGAIN)
                continue;
            if (got <= 0) {
                drop(epfd, c);
                continue;
            }
            c->pending = (size_t)got;
            int left = flush(c);
            if (left < 0)
                drop(epfd, c);
            else if (left > 0)
                set_events(epfd, c, EPOLLOUT);
        }
    }
    return 0;
}
