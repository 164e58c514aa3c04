/* The orders of aw_queue: FIFO and LIFO on a ring, priority on a binary heap. asyncio's
 * PriorityQueue is heapq over the items themselves, so equal priorities fall through to the
 * next field of the item's tuple; aw's items carry an insertion number for that, which makes
 * equal priorities come out in the order they were put (a twin uses (priority, seq, item)). */
#include "sync/queue_items.h"

#include <stdlib.h>

static bool before(const queue_items *items, const queue_entry *a, const queue_entry *b)
{
    int order = items->compare != NULL ? items->compare(a->value, b->value)
                                       : (a->value.i > b->value.i) - (a->value.i < b->value.i);
    return order < 0 || (order == 0 && a->sequence < b->sequence);
}

static void swap(queue_entry *a, queue_entry *b)
{
    queue_entry t = *a;
    *a = *b;
    *b = t;
}

static int heap_push(queue_items *items, aw_value value)
{
    if (items->count == items->heap_capacity) {
        size_t capacity = items->heap_capacity ? items->heap_capacity * 2 : 8;
        queue_entry *heap = realloc(items->heap, capacity * sizeof *heap);
        if (heap == NULL)
            return AW_ENOMEM;
        items->heap = heap;
        items->heap_capacity = capacity;
    }
    size_t i = items->count;
    items->heap[i] = (queue_entry){.value = value, .sequence = items->next_sequence++};
    while (i > 0 && before(items, &items->heap[i], &items->heap[(i - 1) / 2])) {
        swap(&items->heap[i], &items->heap[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    return AW_OK;
}

static aw_value heap_pop(queue_items *items)
{
    queue_entry *heap = items->heap;
    aw_value top = heap[0].value;
    size_t count = items->count - 1;
    heap[0] = heap[count];
    for (size_t i = 0;;) {
        size_t least = i, left = 2 * i + 1, right = left + 1;
        if (left < count && before(items, &heap[left], &heap[least]))
            least = left;
        if (right < count && before(items, &heap[right], &heap[least]))
            least = right;
        if (least == i)
            break;
        swap(&heap[i], &heap[least]);
        i = least;
    }
    return top;
}

int aw__queue_items_push(queue_items *items, aw_value value)
{
    int status = items->order == QUEUE_PRIORITY ? heap_push(items, value)
                                                : aw__ring_push_back(&items->ring, value);
    if (status == AW_OK)
        items->count++;
    return status;
}

aw_value aw__queue_items_pop(queue_items *items)
{
    aw_value value = items->order == QUEUE_PRIORITY ? heap_pop(items)
                     : items->order == QUEUE_LIFO   ? aw__ring_pop_back(&items->ring)
                                                    : aw__ring_pop_front(&items->ring);
    items->count--;
    return value;
}

void aw__queue_items_free(queue_items *items)
{
    aw__ring_free(&items->ring);
    free(items->heap);
}
