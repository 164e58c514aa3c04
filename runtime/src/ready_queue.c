/* The ready queue: a FIFO ring of handles (rule 1). It only grows, so a loop that has reached
 * its working size never allocates to schedule. Push and pop are inline (internal.h). */
#include "internal.h"

#include <stdlib.h>

int aw__ready_queue_grow(ready_queue *queue)
{
    size_t capacity = queue->capacity ? queue->capacity * 2 : 64;
    aw_handle **entries = malloc(capacity * sizeof *entries);
    if (entries == NULL)
        return AW_ENOMEM;
    for (size_t i = 0; i < queue->count; i++)
        entries[i] = queue->entries[(queue->head + i) & (queue->capacity - 1)];
    free(queue->entries);
    queue->entries = entries;
    queue->capacity = capacity;
    queue->head = 0;
    return AW_OK;
}

void aw__ready_queue_free(ready_queue *queue)
{
    free(queue->entries);
    *queue = (ready_queue){0};
}
