/* Channels and the select machinery they share. Nothing here is public. */
#ifndef AW_CHANNEL_H
#define AW_CHANNEL_H

#include "sync/sync.h"

struct aw_channel {
    aw_loop *loop;
    uint64_t id;
    size_t capacity;        /* 0: rendezvous; AW_CHANNEL_UNBOUNDED */
    bool closed;
    value_ring buffer;      /* may briefly exceed capacity after a put-back */
    aw_list senders, receivers; /* select_node, FIFO */
};

typedef struct select_wait select_wait;

/* One case of a waiting aw_select, queued on its channel. A send or receive waits as a select
 * of one case. */
typedef struct select_node {
    aw_list_node node;
    select_wait *select;
    aw_channel *channel;   /* NULL: a disabled case, never queued */
    bool sending;
    size_t index;          /* the case's position in the select */
    aw_value value;        /* the value to send, or the one received */
} select_node;

struct select_wait {
    aw_future future;      /* completed with the chosen case's status; result.i: its index */
    select_node *nodes;
    size_t count;
};

/* Whether an operation can complete now (a closed channel is ready: it completes with
 * AW_ECLOSED). */
bool aw__channel_ready(aw_channel *channel, bool sending);
/* Complete a ready operation without waiting: AW_OK, AW_ECLOSED or AW_ENOMEM. */
int aw__channel_send_now(aw_channel *channel, aw_value value);
int aw__channel_recv_now(aw_channel *channel, aw_value *value);
/* Gives a received value back: to the first waiting receiver, else to the buffer's head. */
void aw__channel_put_back(aw_channel *channel, aw_value value);

/* aw_select; the channel operations are selects of one case. */
int aw__select(aw_select_case *cases, size_t count, int64_t timeout_ms, size_t *index);

#endif
