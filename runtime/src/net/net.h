/*
 * TCP: the public aw_tcp_* calls (tcp.c) dispatch to one implementation, chosen per loop at
 * creation (aw_loop_options.simulated_network): real sockets (net.c) or the simulated network
 * (net_sim.c). listen and connect go through the current loop's table; every other call goes
 * through the table of the socket it is given, which each implementation's socket starts with.
 * Each function validates its own arguments. Nothing here is public.
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
} net_ops;

/* The common head of every implementation's socket. */
struct aw_socket {
    const net_ops *ops;
};

extern const net_ops aw__net_real_ops; /* net.c (AW_ENOTSUP everywhere on wasm) */
extern const net_ops aw__net_sim_ops;  /* net_sim.c */

/* Frees the simulated network's listeners and sockets still open (net_sim.c). */
void aw__net_sim_free(aw_loop *loop);

/* Chooses the loop's TCP implementation; the simulated one frees its sockets with the loop. */
int aw__net_attach(aw_loop *loop, bool simulated);

#endif
