/*
 * TCP and UDP: the public aw_tcp_* (tcp.c) and aw_udp_* (udp.c) calls dispatch to one
 * implementation, chosen per loop at creation (aw_loop_options.simulated_network): real sockets
 * (net.c, udp_real.c) or the simulated network (net_sim.c, net_sim_udp.c). listen, connect and
 * udp_bind go through the current loop's table; every other call goes through the table of the
 * socket it is given, which each implementation's socket starts with. Unix sockets (unix.c) are
 * real sockets with another address. Each function validates its own arguments. Nothing here
 * is public.
 */
#ifndef AW_NET_NET_H
#define AW_NET_NET_H

#include "aw.h"

typedef struct net_ops {
    int (*listen)(aw_socket **listener, const char *host, int port, int backlog, int flags);
    int (*accept)(aw_socket *listener, aw_socket **connection, int64_t ms);
    int (*connect)(aw_socket **connection, const char *host, int port, int64_t ms);
    /* Reads what is there, waiting until something is (or end of stream: *got == 0) or the
     * deadline (ns on the loop clock, -1: none). Called from a task with valid arguments;
     * aw_tcp_read and aw_tcp_read_exact (tcp.c) are built on it. */
    int (*read_some)(aw_socket *socket, void *buffer, size_t size, size_t *got,
                     int64_t deadline);
    int (*write_all)(aw_socket *socket, const void *buffer, size_t size, size_t *written,
                     int64_t ms);
    int (*shutdown)(aw_socket *socket);
    int (*reset)(aw_socket *socket);
    void (*close)(aw_socket *socket);
    int (*set_nodelay)(aw_socket *socket, bool on);
    int (*local_port)(const aw_socket *socket);
    int (*fd)(const aw_socket *socket);
    const struct udp_ops *udp;
} net_ops;

/* UDP, called by udp.c with arguments it has checked. A deadline is ns on the loop clock (-1:
 * none); host NULL in send_to: the connected peer; from NULL in recv_from: only from the
 * connected peer. bind may be called outside a task (a numeric host), the others from one. */
typedef struct udp_ops {
    int (*bind)(aw_socket **socket, const char *host, int port);
    int (*connect)(aw_socket *socket, const char *host, int port, int64_t deadline);
    int (*send_to)(aw_socket *socket, const void *data, size_t size, const char *host, int port,
                   int64_t deadline);
    int (*recv_from)(aw_socket *socket, void *buffer, size_t size, size_t *got,
                     aw_address *from, int64_t deadline);
} udp_ops;

/* The common head of every implementation's socket. */
struct aw_socket {
    const net_ops *ops;
};

extern const net_ops aw__net_real_ops; /* net.c (AW_ENOTSUP everywhere on wasm) */
extern const net_ops aw__net_sim_ops;  /* net_sim.c */
extern const udp_ops aw__udp_real_ops; /* udp_real.c (native) */
extern const udp_ops aw__udp_sim_ops;  /* net_sim_udp.c */

/* Frees the simulated network's listeners and sockets still open (net_sim.c). */
void aw__net_sim_free(aw_loop *loop);

/* The loop's implementation: real sockets without a loop. */
const net_ops *aw__net_of_loop(void);

/* Chooses the loop's TCP implementation; the simulated one frees its sockets with the loop. */
int aw__net_attach(aw_loop *loop, bool simulated);

#endif
