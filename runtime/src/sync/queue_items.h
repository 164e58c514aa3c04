/* A queue's items under its ordering policy: asyncio's Queue (FIFO), LifoQueue and
 * PriorityQueue differ only in _put and _get, and so do aw's. Nothing here is public. */
#ifndef AW_SYNC_QUEUE_ITEMS_H
#define AW_SYNC_QUEUE_ITEMS_H

#include "base/ring.h"

typedef enum queue_order { QUEUE_FIFO, QUEUE_LIFO, QUEUE_PRIORITY } queue_order;

typedef struct queue_entry {
    aw_value value;
    uint64_t sequence; /* ties on priority go to the older item */
} queue_entry;

typedef struct queue_items {
    queue_order order;
    value_ring ring;          /* FIFO, LIFO */
    queue_entry *heap;        /* PRIORITY: a binary min-heap on (compare, sequence) */
    size_t heap_capacity;
    uint64_t next_sequence;
    aw_queue_compare compare; /* PRIORITY; NULL compares the values' .i */
    size_t count;
} queue_items;

/* Returns AW_OK or AW_ENOMEM (nothing was added). */
int aw__queue_items_push(queue_items *items, aw_value value);
/* The next value in the queue's order; there must be one. */
aw_value aw__queue_items_pop(queue_items *items);
void aw__queue_items_free(queue_items *items);

#endif
