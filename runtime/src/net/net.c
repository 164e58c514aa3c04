/*
 * TCP on top of the fd waits: a layer above the loop (net -> io -> task/future). Every socket
 * is non-blocking; a call tries the system call first and waits on the fd only when it says
 * EAGAIN, as asyncio's sock_recv / sock_sendall do. Reads keep the fd in the backend's
 * interest set between waits (no epoll_ctl per message); aw_tcp_close drops it. These are the
 * real sockets behind the aw_tcp_* calls (tcp.c) of a loop without simulated_network.
 */
#if defined(__linux__)
#define _GNU_SOURCE /* accept4 */
#endif
#include "io/offload.h"
#include "base/error.h"
#include "core/io_backend.h"
#include "core/loop.h"
#include "io/fd.h"
#include "io/io.h"
#include "net/net.h"

#if defined(__wasm__)

static int listen_(aw_socket **listener, const char *host, int port, int backlog, int flags)
{
    (void)listener, (void)host, (void)port, (void)backlog, (void)flags;
    return AW_ENOTSUP;
}
static int accept_(aw_socket *listener, aw_socket **connection, int64_t ms)
{
    (void)listener, (void)connection, (void)ms;
    return AW_ENOTSUP;
}
static int connect_(aw_socket **connection, const char *host, int port, int64_t ms)
{
    (void)connection, (void)host, (void)port, (void)ms;
    return AW_ENOTSUP;
}
static int read_some_(aw_socket *socket, void *buffer, size_t size, size_t *got,
                      int64_t deadline)
{
    (void)socket, (void)buffer, (void)size, (void)got, (void)deadline;
    return AW_ENOTSUP;
}
static int write_all_(aw_socket *socket, const void *buffer, size_t size, size_t *written,
                      int64_t ms)
{
    (void)socket, (void)buffer, (void)size, (void)written, (void)ms;
    return AW_ENOTSUP;
}
static int shutdown_(aw_socket *socket) { (void)socket; return AW_ENOTSUP; }
static void close_(aw_socket *socket) { (void)socket; }
static int set_nodelay_(aw_socket *socket, bool on) { (void)socket, (void)on; return AW_ENOTSUP; }
static int local_port_(const aw_socket *socket) { (void)socket; return AW_ENOTSUP; }

static int udp_bind_(aw_socket **socket, const char *host, int port)
{
    (void)socket, (void)host, (void)port;
    return AW_ENOTSUP;
}
static const udp_ops udp_ = {.bind = udp_bind_};

/* No socket can exist here: only listen, connect and udp_bind are ever called. */
const net_ops aw__net_real_ops = {
    .listen = listen_, .accept = accept_, .connect = connect_, .read_some = read_some_,
    .write_all = write_all_, .shutdown = shutdown_, .reset = shutdown_,
    .close = close_, .set_nodelay = set_nodelay_, .local_port = local_port_, .fd = local_port_,
    .udp = &udp_,
};

#else

#include "net/real.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline real_socket *real(aw_socket *socket) { return (real_socket *)socket; }

int aw__real_socket(int family, int type)
{
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
    int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
#else
    int fd = socket(family, type, 0);
    if (fd >= 0) {
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
#endif
#if !defined(MSG_NOSIGNAL) && defined(SO_NOSIGPIPE)
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &(int){1}, sizeof(int));
#endif
    return fd;
}

int aw__real_wrap(int fd, aw_socket **out)
{
    real_socket *socket = malloc(sizeof *socket);
    if (socket == NULL) {
        close(fd);
        return AW_ENOMEM;
    }
    *socket = (real_socket){.base = {.ops = &aw__net_real_ops}, .fd = fd};
    *out = &socket->base;
    return AW_OK;
}

/* The status of a getaddrinfo error; system_error is errno for EAI_SYSTEM (the errno of the
 * thread that called it). */
static int status_from_gai(int error, int system_error)
{
    switch (error) {
    case 0: return AW_OK;
    case EAI_NONAME:
#if defined(EAI_NODATA) && EAI_NODATA != EAI_NONAME
    case EAI_NODATA:
#endif
    case EAI_AGAIN:
    case EAI_FAIL: return AW_ENOTFOUND;
    case EAI_MEMORY: return AW_ENOMEM;
    case EAI_SYSTEM: return aw__status_from_errno(system_error);
    default: return AW_EINVAL;
    }
}

/* A name lookup on the offload pool. It is heap memory, the host name copied into it: a
 * deadline or a cancellation may end the wait before getaddrinfo returns, and the pool then
 * frees it (free_lookup) when it does. */
typedef struct lookup {
    struct addrinfo hints;
    struct addrinfo *addresses;
    int error;        /* getaddrinfo's */
    int system_error; /* the worker's errno, for EAI_SYSTEM */
    char service[8];
    char host[];
} lookup;

static aw_value run_lookup(void *arg)
{
    lookup *request = arg;
    request->error = getaddrinfo(request->host, request->service, &request->hints,
                                 &request->addresses);
    if (request->error == EAI_SYSTEM)
        request->system_error = errno;
    return AW_INT(0);
}

static void free_lookup(void *arg)
{
    lookup *request = arg;
    if (request->error == 0 && request->addresses != NULL)
        freeaddrinfo(request->addresses);
    free(request);
}

int aw__real_resolve(const char *host, int port, int family, int type, int flags,
                     int64_t deadline_ns, struct addrinfo **addresses)
{
    struct addrinfo hints = {.ai_family = host == NULL ? AF_INET : family,
                             .ai_socktype = type, .ai_flags = flags};
    char service[8];
    snprintf(service, sizeof service, "%d", port);
    hints.ai_flags |= AI_NUMERICHOST;
    int error = getaddrinfo(host, service, &hints, addresses);
    if (error != EAI_NONAME || host == NULL)
        return status_from_gai(error, errno);
    hints.ai_flags &= ~AI_NUMERICHOST; /* a name: no lookup on the loop's thread */
    size_t host_size = strlen(host) + 1;
    lookup *request = malloc(sizeof *request + host_size);
    if (request == NULL)
        return AW_ENOMEM;
    *request = (lookup){.hints = hints};
    memcpy(request->service, service, sizeof service);
    memcpy(request->host, host, host_size);
    int status = aw__offload_abandonable(run_lookup, request, free_lookup, deadline_ns);
    if (status != AW_OK)
        return status; /* the pool has freed or will free the request */
    status = status_from_gai(request->error, request->system_error);
    if (status == AW_OK) {
        *addresses = request->addresses;
        request->addresses = NULL;
    }
    free_lookup(request);
    return status;
}

int aw__real_bind(const char *host, int port, int type, int flags, int backlog, int *out_fd)
{
    struct addrinfo *addresses;
    int status = aw__real_resolve(host, port, AF_UNSPEC, type, AI_PASSIVE, -1, &addresses);
    if (status != AW_OK)
        return status;
    status = AW_ENOTFOUND;
    int fd = -1;
    for (struct addrinfo *address = addresses; address != NULL; address = address->ai_next) {
        fd = aw__real_socket(address->ai_family, type);
        if (fd < 0) {
            status = aw__status_from_errno(errno);
            continue;
        }
        bool stream = type == SOCK_STREAM;
        if (stream) /* for UDP, SO_REUSEADDR would let two sockets share the port */
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
#if defined(SO_REUSEPORT)
        if (flags & AW_TCP_REUSEPORT)
            setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &(int){1}, sizeof(int));
#endif
        if (bind(fd, address->ai_addr, address->ai_addrlen) == 0 &&
            (!stream || listen(fd, backlog > 0 ? backlog : SOMAXCONN) == 0))
            break;
        status = aw__status_from_errno(errno);
        close(fd);
        fd = -1;
    }
    freeaddrinfo(addresses);
    *out_fd = fd;
    return fd < 0 ? status : AW_OK;
}

static int real_listen(aw_socket **out, const char *host, int port, int backlog, int flags)
{
    if (out == NULL || port < 0 || port > 65535)
        return AW_EINVAL;
    int fd;
    int status = aw__real_bind(host, port, SOCK_STREAM, flags, backlog, &fd);
    if (status != AW_OK)
        return status;
#if !defined(SO_REUSEPORT)
    if (flags & AW_TCP_REUSEPORT) {
        close(fd);
        return AW_ENOTSUP;
    }
#endif
    return aw__real_wrap(fd, out);
}

static int real_local_port(const aw_socket *socket)
{
    if (socket == NULL)
        return AW_EINVAL;
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    if (getsockname(((const real_socket *)socket)->fd, (struct sockaddr *)&address, &length) != 0)
        return aw__status_from_errno(errno);
    if (address.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&address)->sin_port);
    if (address.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&address)->sin6_port);
    return AW_EINVAL;
}

static int real_fd(const aw_socket *socket)
{
    return socket != NULL ? ((const real_socket *)socket)->fd : AW_EINVAL;
}

static int real_set_nodelay(aw_socket *socket, bool on)
{
    if (socket == NULL)
        return AW_EINVAL;
    if (setsockopt(real(socket)->fd, IPPROTO_TCP, TCP_NODELAY, &(int){on}, sizeof(int)) != 0)
        return aw__status_from_errno(errno);
    return AW_OK;
}

static int real_accept(aw_socket *listener, aw_socket **out, int64_t ms)
{
    if (listener == NULL || out == NULL || real(listener)->datagram)
        return AW_EINVAL;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    int64_t deadline = aw__deadline_after(ms);
    for (;;) {
#if defined(__linux__)
        int fd = accept4(real(listener)->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
        int fd = accept(real(listener)->fd, NULL, NULL);
        if (fd >= 0) {
            fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
            fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
#endif
        if (fd >= 0) {
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
#if !defined(MSG_NOSIGNAL) && defined(SO_NOSIGPIPE)
            setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &(int){1}, sizeof(int));
#endif
            return aw__real_wrap(fd, out);
        }
        /* A connection reset before it was accepted is the peer's business: take the next. */
        if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return aw__status_from_errno(errno);
        int status = aw__io_wait(real(listener)->fd, IO_READ, deadline, true);
        if (status != AW_OK)
            return status;
    }
}

int aw__real_connect(int fd, const struct sockaddr *address, socklen_t length, int64_t deadline)
{
    int status = AW_OK;
    if (connect(fd, address, length) != 0) {
        if (errno != EINPROGRESS && errno != EINTR) {
            status = aw__status_from_errno(errno);
        } else {
            status = aw__io_wait(fd, IO_WRITE, deadline, false);
            if (status == AW_OK) {
                int error = 0;
                socklen_t length = sizeof error;
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
                status = aw__status_from_errno(error);
            }
        }
    }
    if (status != AW_OK)
        aw__io_forget(aw__loop_current(), fd);
    return status;
}

static int connect_one(const struct addrinfo *address, int64_t deadline, int *out_fd)
{
    int fd = aw__real_socket(address->ai_family, SOCK_STREAM);
    if (fd < 0)
        return aw__status_from_errno(errno);
    int status = aw__real_connect(fd, address->ai_addr, address->ai_addrlen, deadline);
    if (status != AW_OK) {
        close(fd);
        return status;
    }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &(int){1}, sizeof(int));
    *out_fd = fd;
    return AW_OK;
}

static int real_connect(aw_socket **out, const char *host, int port, int64_t ms)
{
    if (out == NULL || host == NULL || port <= 0 || port > 65535)
        return AW_EINVAL;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    int64_t deadline = aw__deadline_after(ms); /* for the lookup and the connect together */
    struct addrinfo *addresses;
    int status = aw__real_resolve(host, port, AF_UNSPEC, SOCK_STREAM, 0, deadline,
                                  &addresses);
    if (status != AW_OK)
        return status;
    status = AW_ENOTFOUND;
    int fd = -1;
    for (struct addrinfo *address = addresses; address != NULL; address = address->ai_next) {
        status = connect_one(address, deadline, &fd);
        if (status == AW_OK || status == AW_ECANCELED || status == AW_ETIMEDOUT)
            break;
    }
    freeaddrinfo(addresses);
    if (status != AW_OK)
        return status;
    return aw__real_wrap(fd, out);
}

/* recv rather than read: one system call either way, and the one the peers' servers make. */
static ssize_t receive(int fd, void *buffer, size_t size)
{
    return recv(fd, buffer, size, 0);
}

static int real_read_some(aw_socket *base, void *buffer, size_t size, size_t *got,
                          int64_t deadline)
{
    real_socket *socket = real(base);
    if (socket->datagram) /* the stream calls are not for UDP sockets */
        return AW_EINVAL;
    int status = aw__fd_read_some(socket->fd, receive, buffer, size, got, deadline,
                                  socket->drained, true);
    if (status == AW_OK)
        socket->drained = *got < size;
    return status;
}

static ssize_t send_without_signal(int fd, const void *data, size_t size)
{
    return send(fd, data, size, SEND_FLAGS);
}

static int real_write_all(aw_socket *socket, const void *buffer, size_t size, size_t *written,
                          int64_t ms)
{
    if (socket == NULL || (buffer == NULL && size > 0) || real(socket)->datagram)
        return AW_EINVAL;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    return aw__fd_write_all(real(socket)->fd, send_without_signal, buffer, size, written, ms);
}

static int real_shutdown(aw_socket *socket)
{
    if (socket == NULL)
        return AW_EINVAL;
    if (shutdown(real(socket)->fd, SHUT_WR) != 0)
        return errno == ENOTCONN ? AW_ECLOSED : aw__status_from_errno(errno);
    return AW_OK;
}

static void real_close(aw_socket *socket)
{
    if (socket == NULL)
        return;
    aw_loop *loop = aw__loop_current();
    if (loop != NULL)
        aw__io_forget(loop, real(socket)->fd);
    close(real(socket)->fd);
    if (real(socket)->file != NULL)
        aw__unix_file_remove(real(socket)->file);
    free(socket);
}

/* An abortive close: with SO_LINGER on and a zero timeout, close() sends a RST. */
static int real_reset(aw_socket *socket)
{
    if (socket == NULL)
        return AW_EINVAL;
    struct linger linger = {.l_onoff = 1, .l_linger = 0};
    int status = AW_OK;
    if (setsockopt(real(socket)->fd, SOL_SOCKET, SO_LINGER, &linger, sizeof linger) != 0)
        status = aw__status_from_errno(errno);
    real_close(socket);
    return status;
}

const net_ops aw__net_real_ops = {
    .listen = real_listen, .accept = real_accept, .connect = real_connect, .read_some = real_read_some,
    .write_all = real_write_all, .shutdown = real_shutdown,
    .reset = real_reset, .close = real_close, .set_nodelay = real_set_nodelay,
    .local_port = real_local_port, .fd = real_fd, .udp = &aw__udp_real_ops,
};

#endif
