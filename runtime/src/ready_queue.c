/* The ready queue: a FIFO ring of handles (rule 1). It only grows, so a loop that has reached
 * its working size never allocates to schedule. */
#include "internal.h"

#include <stdlib.h>

/* Kept out of line: inlined, it made every push save and restore six registers. */
__attribute__((noinline)) static int grow(ready_queue *queue)
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

int aw__ready_queue_push(ready_queue *queue, aw_handle *handle)
{
    if (queue->count == queue->capacity && grow(queue) != AW_OK)
        return AW_ENOMEM;
    queue->entries[(queue->head + queue->count) & (queue->capacity - 1)] = handle;
    queue->count++;
    return AW_OK;
}

aw_handle *aw__ready_queue_pop(ready_queue *queue)
{
    if (queue->count == 0)
        return NULL;
    aw_handle *handle = queue->entries[queue->head];
    queue->head = (queue->head + 1) & (queue->capacity - 1);
    queue->count--;
    return handle;
}

void aw__ready_queue_free(ready_queue *queue)
{
    free(queue->entries);
    *queue = (ready_queue){0};
}
