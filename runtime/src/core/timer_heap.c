/* Armed timers in a binary min-heap ordered by (deadline, sequence). asyncio compares only
 * deadlines, so equal deadlines come out in no particular order there; aw breaks ties by
 * arming order, its one documented difference (rule 3). Each timer knows its index so that
 * cancelling is O(log n). */
#include "aw.h"
#include "core/timer.h"

#include <stdlib.h>

static bool earlier(const aw_timer *a, const aw_timer *b)
{
    return a->deadline < b->deadline || (a->deadline == b->deadline && a->sequence < b->sequence);
}

static void place(timer_heap *heap, size_t index, aw_timer *timer)
{
    heap->timers[index] = timer;
    timer->heap_index = index;
}

static void sift_up(timer_heap *heap, size_t index)
{
    aw_timer *timer = heap->timers[index];
    while (index > 0) {
        size_t parent = (index - 1) / 2;
        if (!earlier(timer, heap->timers[parent]))
            break;
        place(heap, index, heap->timers[parent]);
        index = parent;
    }
    place(heap, index, timer);
}

static void sift_down(timer_heap *heap, size_t index)
{
    aw_timer *timer = heap->timers[index];
    for (;;) {
        size_t child = 2 * index + 1;
        if (child >= heap->count)
            break;
        if (child + 1 < heap->count && earlier(heap->timers[child + 1], heap->timers[child]))
            child++;
        if (!earlier(heap->timers[child], timer))
            break;
        place(heap, index, heap->timers[child]);
        index = child;
    }
    place(heap, index, timer);
}

int aw__timer_heap_push(timer_heap *heap, aw_timer *timer)
{
    if (heap->count == heap->capacity) {
        size_t capacity = heap->capacity ? heap->capacity * 2 : 64;
        aw_timer **timers = realloc(heap->timers, capacity * sizeof *timers);
        if (timers == NULL)
            return AW_ENOMEM;
        heap->timers = timers;
        heap->capacity = capacity;
    }
    heap->timers[heap->count] = timer;
    sift_up(heap, heap->count++);
    return AW_OK;
}

void aw__timer_heap_remove(timer_heap *heap, aw_timer *timer)
{
    size_t index = timer->heap_index;
    aw_timer *last = heap->timers[--heap->count];
    timer->heap_index = SIZE_MAX;
    if (index == heap->count)
        return;
    place(heap, index, last);
    if (index > 0 && earlier(last, heap->timers[(index - 1) / 2]))
        sift_up(heap, index);
    else
        sift_down(heap, index);
}

aw_timer *aw__timer_heap_pop(timer_heap *heap)
{
    aw_timer *top = aw__timer_heap_top(heap);
    if (top != NULL)
        aw__timer_heap_remove(heap, top);
    return top;
}

void aw__timer_heap_free(timer_heap *heap)
{
    free(heap->timers);
    *heap = (timer_heap){0};
}
