/* The growable FIFO ring of values (base/ring.h): its rare paths. */
#include "base/ring.h"

#include <stdlib.h>

int aw__ring_grow(value_ring *ring)
{
    size_t capacity = ring->capacity ? ring->capacity * 2 : 8;
    aw_value *values = malloc(capacity * sizeof *values);
    if (values == NULL)
        return AW_ENOMEM;
    for (size_t i = 0; i < ring->count; i++)
        values[i] = ring->values[(ring->head + i) & (ring->capacity - 1)];
    free(ring->values);
    ring->values = values;
    ring->capacity = capacity;
    ring->head = 0;
    return AW_OK;
}

int aw__ring_push_front(value_ring *ring, aw_value value)
{
    if (ring->count == ring->capacity && aw__ring_grow(ring) != AW_OK)
        return AW_ENOMEM;
    ring->head = (ring->head - 1) & (ring->capacity - 1);
    ring->values[ring->head] = value;
    ring->count++;
    return AW_OK;
}

void aw__ring_free(value_ring *ring)
{
    free(ring->values);
    *ring = (value_ring){0};
}
