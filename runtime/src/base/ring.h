/* A FIFO ring of values that grows by doubling: the ready queue (of handles), a queue's items,
 * a channel's buffer. It only grows, so a loop that has reached its working size never
 * allocates to schedule. */
#ifndef AW_BASE_RING_H
#define AW_BASE_RING_H

#include "aw.h"

typedef struct value_ring {
    aw_value *values;
    size_t capacity; /* a power of two, or 0 */
    size_t head;
    size_t count;
} value_ring;

/* Doubles the capacity; kept out of line so that a push, inlined on the scheduling path, saves
 * no registers for the rare growth. Returns AW_OK or AW_ENOMEM. */
int aw__ring_grow(value_ring *ring);
int aw__ring_push_front(value_ring *ring, aw_value value);
void aw__ring_free(value_ring *ring);

/* Push and pop run several times per task step: inline, as is everything on that path. */
static inline int aw__ring_push_back(value_ring *ring, aw_value value)
{
    if (ring->count == ring->capacity && aw__ring_grow(ring) != AW_OK)
        return AW_ENOMEM;
    ring->values[(ring->head + ring->count) & (ring->capacity - 1)] = value;
    ring->count++;
    return AW_OK;
}

/* The oldest value; the ring must not be empty. */
static inline aw_value aw__ring_pop_front(value_ring *ring)
{
    aw_value value = ring->values[ring->head];
    ring->head = (ring->head + 1) & (ring->capacity - 1);
    ring->count--;
    return value;
}

/* The newest value; the ring must not be empty. */
static inline aw_value aw__ring_pop_back(value_ring *ring)
{
    ring->count--;
    return ring->values[(ring->head + ring->count) & (ring->capacity - 1)];
}

#endif
