/*
 * Real sockets (native builds): the socket record and the helpers that the stream code
 * (net.c), Unix addresses (unix.c) and UDP (udp_real.c) share. Every socket, TCP, Unix or
 * UDP, is a real_socket with aw__net_real_ops, so the stream calls and close are written once.
 * Nothing here is public.
 */
#ifndef AW_NET_REAL_H
#define AW_NET_REAL_H

#include "base/error.h"
#include "io/io.h"
#include "net/net.h"

#include <errno.h>
#include <netdb.h>
#include <sys/socket.h>

#if defined(MSG_NOSIGNAL)
#define SEND_FLAGS MSG_NOSIGNAL
#else
#define SEND_FLAGS 0 /* SO_NOSIGPIPE is set on the socket instead */
#endif

typedef struct real_socket {
    aw_socket base; /* ops: aw__net_real_ops */
    int fd;
    /* The last read returned less than asked: the socket is most likely drained, so the next
     * read waits for readiness before trying (saves a recv that would say EAGAIN). */
    bool drained;
    bool datagram;          /* a UDP socket (udp_real.c) */
    bool connected;         /* UDP: aw_udp_connect chose a peer */
    struct unix_file *file; /* a Unix listener's socket file, removed by close (unix.c) */
} real_socket;

/* After a system call on fd failed (errno): AW_OK to try it again (EINTR, or EAGAIN and then
 * fd became ready in `direction` before the deadline), else the status that ends the call. */
static inline int aw__real_retry(int fd, int direction, int64_t deadline_ns, bool keep_interest)
{
    if (errno == EINTR)
        return AW_OK;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
        return aw__status_from_errno(errno);
    return aw__io_wait(fd, direction, deadline_ns, keep_interest);
}

/* A non-blocking, close-on-exec socket of `type` (SOCK_STREAM, SOCK_DGRAM), or -1 (errno). */
int aw__real_socket(int family, int type);
/* Wraps fd in a new real_socket; closes it and returns AW_ENOMEM when out of memory. */
int aw__real_wrap(int fd, aw_socket **out);
/* The addresses of host:port for sockets of `type` and `family` (AF_UNSPEC: any; AI_PASSIVE
 * in flags: to bind; host NULL: every IPv4 interface). A numeric host is converted at once, on
 * this thread; a name is looked up on the offload pool (the call suspends) until deadline_ns
 * (-1: none). */
int aw__real_resolve(const char *host, int port, int family, int type, int flags,
                     int64_t deadline_ns, struct addrinfo **addresses);
/* A socket of `type` bound to host:port (SOCK_STREAM: with SO_REUSEADDR, SO_REUSEPORT if flags
 * has AW_TCP_REUSEPORT, and listening with `backlog`), trying each address of the host in
 * turn. A name is resolved as aw__real_resolve does, without a deadline. */
int aw__real_bind(const char *host, int port, int type, int flags, int backlog, int *fd);
/* Connects fd, waiting (until deadline_ns) while the connection is in progress. On failure the
 * fd is left to the caller to close. */
int aw__real_connect(int fd, const struct sockaddr *address, socklen_t length,
                     int64_t deadline_ns);
/* Removes a Unix listener's socket file, if it is still the one it bound, and frees the
 * record (unix.c). */
void aw__unix_file_remove(struct unix_file *file);

#endif
