/* A queue's items under its ordering policy: asyncio's Queue (FIFO), LifoQueue and
 * PriorityQueue differ only in _put and _get, and so do aw's. Nothing here is public. */
#ifndef AW_SYNC_QUEUE_ITEMS_H
#define AW_SYNC_QUEUE_ITEMS_H

#include "base/ring.h"

typedef enum queue_order { QUEUE_FIFO, QUEUE_LIFO, QUEUE_PRIORITY } queue_order;

typedef struct queue_items {
    queue_order order;
    /* FIFO, LIFO: the items. PRIORITY: a binary min-heap of them on (compare, sequence), laid
     * out from values[0] (a ring only pushed at the back never moves its head). */
    value_ring ring;
    value_ring sequences;     /* PRIORITY: each heap slot's insertion number */
    uint64_t next_sequence;
    aw_queue_compare compare; /* PRIORITY; NULL compares the values' .i */
} queue_items;

/* Returns AW_OK or AW_ENOMEM (nothing was added). */
int aw__queue_items_push(queue_items *items, aw_value value);
/* The next value in the queue's order; there must be one. */
aw_value aw__queue_items_pop(queue_items *items);
static inline size_t aw__queue_items_count(const queue_items *items) { return items->ring.count; }
void aw__queue_items_free(queue_items *items);

#endif
