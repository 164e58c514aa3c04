/* The orders of aw_queue: FIFO and LIFO on a ring, priority on a binary heap. asyncio's
 * PriorityQueue is heapq over the items themselves, so equal priorities fall through to the
 * next field of the item's tuple; aw's items carry an insertion number for that, which makes
 * equal priorities come out in the order they were put (a twin uses (priority, seq, item)). */
#include "sync/queue_items.h"

static bool before(const queue_items *items, size_t a, size_t b)
{
    aw_value x = items->ring.values[a], y = items->ring.values[b];
    int order = items->compare != NULL ? items->compare(x, y) : (x.i > y.i) - (x.i < y.i);
    return order < 0 || (order == 0 && items->sequences.values[a].i < items->sequences.values[b].i);
}

static void swap(queue_items *items, size_t a, size_t b)
{
    aw_value *values = items->ring.values, *sequences = items->sequences.values;
    aw_value t = values[a];
    values[a] = values[b];
    values[b] = t;
    t = sequences[a];
    sequences[a] = sequences[b];
    sequences[b] = t;
}

static int heap_push(queue_items *items, aw_value value)
{
    aw_value sequence = {.i = (int64_t)items->next_sequence};
    if (aw__ring_push_back(&items->sequences, sequence) != AW_OK)
        return AW_ENOMEM;
    if (aw__ring_push_back(&items->ring, value) != AW_OK) {
        items->sequences.count--;
        return AW_ENOMEM;
    }
    items->next_sequence++;
    for (size_t i = items->ring.count - 1; i > 0 && before(items, i, (i - 1) / 2); i = (i - 1) / 2)
        swap(items, i, (i - 1) / 2);
    return AW_OK;
}

static aw_value heap_pop(queue_items *items)
{
    aw_value top = items->ring.values[0];
    size_t count = --items->ring.count;
    items->sequences.count--;
    items->ring.values[0] = items->ring.values[count];
    items->sequences.values[0] = items->sequences.values[count];
    for (size_t i = 0;;) {
        size_t least = i, left = 2 * i + 1, right = left + 1;
        if (left < count && before(items, left, least))
            least = left;
        if (right < count && before(items, right, least))
            least = right;
        if (least == i)
            return top;
        swap(items, i, least);
        i = least;
    }
}

int aw__queue_items_push(queue_items *items, aw_value value)
{
    return items->order == QUEUE_PRIORITY ? heap_push(items, value)
                                          : aw__ring_push_back(&items->ring, value);
}

aw_value aw__queue_items_pop(queue_items *items)
{
    return items->order == QUEUE_PRIORITY ? heap_pop(items)
           : items->order == QUEUE_LIFO   ? aw__ring_pop_back(&items->ring)
                                          : aw__ring_pop_front(&items->ring);
}

void aw__queue_items_free(queue_items *items)
{
    aw__ring_free(&items->ring);
    aw__ring_free(&items->sequences);
}
