/*
 * UDP on real sockets: the datagram entries of aw__net_real_ops (net.c). As for TCP, every call
 * tries the system call first and waits on the fd only when it says EAGAIN; reads keep the fd in
 * the backend's interest set between waits, and close (net.c's, shared by every real socket)
 * drops it. A receive uses recvmsg, whose MSG_TRUNC flag tells a truncated datagram.
 */
#include "core/loop.h"
#include "net/net.h"

#if !defined(__wasm__)

#include "net/real.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

static inline real_socket *real(aw_socket *socket) { return (real_socket *)socket; }

static int real_udp_bind(aw_socket **out, const char *host, int port)
{
    int fd;
    int status = aw__real_bind(host, port, SOCK_DGRAM, 0, 0, &fd);
    if (status != AW_OK)
        return status;
    status = aw__real_wrap(fd, out);
    if (status == AW_OK)
        real(*out)->datagram = true;
    return status;
}

static int family_of(int fd)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    if (getsockname(fd, (struct sockaddr *)&address, &length) != 0)
        return AF_UNSPEC;
    return address.ss_family;
}

/* The addresses of host:port that the socket can send to. */
static int peer_addresses(real_socket *socket, const char *host, int port, int64_t deadline,
                          struct addrinfo **addresses)
{
    return aw__real_resolve(host, port, family_of(socket->fd), SOCK_DGRAM, 0, deadline,
                            addresses);
}

static int real_udp_connect(aw_socket *base, const char *host, int port, int64_t deadline)
{
    real_socket *socket = real(base);
    if (!socket->datagram)
        return AW_EINVAL;
    struct addrinfo *addresses;
    int status = peer_addresses(socket, host, port, deadline, &addresses);
    if (status != AW_OK)
        return status;
    status = AW_ENOTFOUND;
    for (struct addrinfo *address = addresses; address != NULL; address = address->ai_next) {
        /* A datagram connect only records the peer: it never waits. */
        if (connect(socket->fd, address->ai_addr, address->ai_addrlen) == 0) {
            status = AW_OK;
            break;
        }
        status = errno == EAFNOSUPPORT ? AW_EINVAL : aw__status_from_errno(errno);
    }
    freeaddrinfo(addresses);
    if (status == AW_OK)
        socket->connected = true;
    return status;
}

/* One datagram to `address` (NULL: the connected peer), waiting while the send buffer is full. */
static int send_one(real_socket *socket, const void *data, size_t size,
                    const struct addrinfo *address, int64_t deadline)
{
    for (;;) {
        ssize_t n = address != NULL ? sendto(socket->fd, data, size, SEND_FLAGS, address->ai_addr,
                                             address->ai_addrlen)
                                    : send(socket->fd, data, size, SEND_FLAGS);
        if (n >= 0)
            return AW_OK;
        if (errno == EAFNOSUPPORT) /* an IPv6 destination for an IPv4 socket, or the reverse */
            return AW_EINVAL;
        int status = aw__real_retry(socket->fd, IO_WRITE, deadline, false);
        if (status != AW_OK)
            return status;
    }
}

static int real_udp_send_to(aw_socket *base, const void *data, size_t size, const char *host,
                         int port, int64_t deadline)
{
    real_socket *socket = real(base);
    if (!socket->datagram)
        return AW_EINVAL;
    if (host == NULL)
        return socket->connected ? send_one(socket, data, size, NULL, deadline) : AW_ESTATE;
    struct addrinfo *addresses;
    int status = peer_addresses(socket, host, port, deadline, &addresses);
    if (status != AW_OK)
        return status;
    status = send_one(socket, data, size, addresses, deadline);
    freeaddrinfo(addresses);
    return status;
}

static void to_address(const struct sockaddr_storage *address, aw_address *out)
{
    *out = (aw_address){0};
    if (address->ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)address;
        inet_ntop(AF_INET, &in->sin_addr, out->host, sizeof out->host);
        out->port = ntohs(in->sin_port);
    } else if (address->ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)address;
        inet_ntop(AF_INET6, &in6->sin6_addr, out->host, sizeof out->host);
        out->port = ntohs(in6->sin6_port);
    }
}

static int real_udp_recv_from(aw_socket *base, void *buffer, size_t size, size_t *got,
                           aw_address *from, int64_t deadline)
{
    real_socket *socket = real(base);
    if (!socket->datagram)
        return AW_EINVAL;
    if (from == NULL && !socket->connected)
        return AW_ESTATE;
    for (;;) {
        struct sockaddr_storage sender;
        struct iovec part = {.iov_base = buffer, .iov_len = size};
        struct msghdr message = {.msg_name = &sender, .msg_namelen = sizeof sender,
                                 .msg_iov = &part, .msg_iovlen = 1};
        ssize_t n = recvmsg(socket->fd, &message, 0);
        if (n >= 0) {
            *got = (size_t)n;
            if (from != NULL)
                to_address(&sender, from);
            return (message.msg_flags & MSG_TRUNC) ? AW_EMSGSIZE : AW_OK;
        }
        int status = aw__real_retry(socket->fd, IO_READ, deadline, true);
        if (status != AW_OK)
            return status;
    }
}

const udp_ops aw__udp_real_ops = {.bind = real_udp_bind, .connect = real_udp_connect,
                                  .send_to = real_udp_send_to, .recv_from = real_udp_recv_from};

#endif
