/*
 * The simulated network's sockets (net_sim.c: TCP; net_sim_udp.c: UDP) and the helpers both
 * use. Nothing here is public.
 */
#ifndef AW_NET_NET_SIM_H
#define AW_NET_NET_SIM_H

#include "base/list.h"
#include "core/future.h"
#include "net/net.h"

enum {
    SIM_BUFFER = 64 * 1024,   /* bytes in flight per direction */
    SIM_BACKLOG = 128,        /* listen's backlog <= 0 */
    SIM_PORT_FIRST = 49152,   /* ephemeral ports: listen on port 0, and the connecting ends */
    SIM_PORT_LAST = 65535,
    SIM_DATAGRAM_MAX = 65507  /* the largest UDP payload over IPv4 */
};

/* A task waiting on a socket: attached to one of its slots until the task runs again. */
typedef struct sim_wait {
    aw_future future;
    struct sim_wait **slot; /* the socket's slot pointing here; NULL once detached */
    bool closed;            /* the socket was closed meanwhile: it must not be touched again */
} sim_wait;

typedef struct sim_socket sim_socket;

struct sim_socket {
    aw_socket base;               /* ops: aw__net_sim_ops */
    struct net_sim *net;
    uint64_t id;
    int port;                     /* the local port */
    bool listener;
    bool datagram;                /* a UDP socket (net_sim_udp.c) */
    aw_list_node node;            /* in the loop's sockets */
    /* A listener, or a datagram socket. */
    char *host;                   /* the address bound; NULL: every address */
    int backlog;
    int queued;
    aw_list pending;              /* sim_socket: server ends not accepted yet */
    sim_wait *acceptor;
    /* A connection's end. */
    sim_socket *peer;             /* NULL once the peer is closed or reset */
    aw_list_node pending_node;    /* in the listener's pending */
    char *in;                     /* a ring of SIM_BUFFER bytes from the peer, made on first use */
    size_t in_head, in_count;
    bool in_eof;                  /* the peer shut down or closed its side */
    bool reset_pending;           /* the peer reset: the next read or write says so */
    bool broken;                  /* the peer reset (stays) */
    bool shut;                    /* this end's write side is shut down */
    sim_wait *reader, *writer;   /* a datagram socket's receiver is its reader */
    /* A datagram socket. */
    aw_list datagrams;            /* sim_datagram: received, not taken yet */
    size_t datagram_bytes;        /* their bytes, at most SIM_BUFFER */
    aw_address peer_address;      /* connected: the only peer; port 0: not connected */
    bool refused;                 /* a datagram to the peer found nobody: the next call says so */
};

/* A datagram waiting in its receiver's queue. */
typedef struct sim_datagram {
    aw_list_node node;
    aw_address from;
    size_t size;
    char data[];
} sim_datagram;

struct net_sim {
    uint64_t next_id;
    int next_port;
    aw_list sockets;              /* sim_socket: every open one of the loop */
};

static inline sim_socket *sim(aw_socket *socket) { return (sim_socket *)socket; }

/* The loop's simulated network, made on first use; NULL when out of memory. */
struct net_sim *aw__sim_net_of(aw_loop *loop);
/* "localhost" is 127.0.0.1; NULL, 0.0.0.0 and :: mean every address (returned as NULL). */
const char *aw__sim_normal_host(const char *host);
/* A free port from SIM_PORT_FIRST up, or AW_EADDRINUSE. */
int aw__sim_ephemeral_port(struct net_sim *net);
/* A new socket of the loop's network, with the next id; NULL when out of memory. */
sim_socket *aw__sim_new_socket(struct net_sim *net);
/* A new socket bound to `host` (normal; NULL: every address) and `port`, the host copied;
 * NULL when out of memory. */
sim_socket *aw__sim_new_bound(struct net_sim *net, const char *host, int port);
/* Completes a wait (NULL: none) that is still pending. */
void aw__sim_wake(sim_wait *wait, int status);
/* The socket goes away: its waiter, woken or not, gets AW_ECLOSED. */
void aw__sim_drop_waiter(sim_wait **slot);
/* Parks the running task on *slot until something completes the wait. Returns AW_OK (try
 * again), AW_ETIMEDOUT, AW_ECANCELED, AW_ECLOSED, AW_ESTATE (another task waits there) or
 * AW_ENOMEM. On anything but AW_OK the socket may be gone: the caller must not touch it. */
int aw__sim_wait_on(const sim_socket *socket, sim_wait **slot, int64_t deadline);

#endif
