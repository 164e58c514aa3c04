/* Timers: a timer runs callback(arg) from the ready queue once the loop's clock reaches its
 * deadline; armed timers wait in a binary min-heap ordered by (deadline, sequence) (rule 3).
 * Nothing here is public. */
#ifndef AW_CORE_TIMER_H
#define AW_CORE_TIMER_H

#include "core/handle.h"

#include <stddef.h>

typedef struct aw_loop aw_loop;
typedef void (*timer_callback)(void *arg);

typedef struct aw_timer {
    aw_handle handle;
    uint64_t id;
    int64_t deadline;
    uint64_t sequence;   /* ties on deadline go to the older timer */
    size_t heap_index;   /* position in the heap while armed, SIZE_MAX otherwise */
    timer_callback callback;
    void *arg;
} aw_timer;

typedef struct timer_heap {
    aw_timer **timers;
    size_t count;
    size_t capacity;
} timer_heap;

int aw__timer_heap_push(timer_heap *heap, aw_timer *timer);
static inline aw_timer *aw__timer_heap_top(const timer_heap *heap)
{
    return heap->count ? heap->timers[0] : NULL;
}
aw_timer *aw__timer_heap_pop(timer_heap *heap);
void aw__timer_heap_remove(timer_heap *heap, aw_timer *timer);
void aw__timer_heap_free(timer_heap *heap);

/* Arms a timer `delay_ns` after the loop's now; NULL when out of memory. A cancelled timer is
 * freed by the loop. */
aw_timer *aw__timer_arm(aw_loop *loop, int64_t delay_ns, timer_callback callback, void *arg);
/* Arms a timer at `deadline` on the loop clock (a past one is due at the next iteration). */
aw_timer *aw__timer_arm_at(aw_loop *loop, int64_t deadline, timer_callback callback, void *arg);
/* A timer that is due now and queued at once (asyncio's call_soon), not at the next iteration. */
aw_timer *aw__timer_soon(aw_loop *loop, timer_callback callback, void *arg);
void aw__timer_cancel(aw_loop *loop, aw_timer *timer);
/* Moves every due timer to the ready queue. */
void aw__timer_queue_due(aw_loop *loop);
/* Runs a fired timer popped from the ready queue and frees it. */
void aw__timer_run(aw_loop *loop, aw_handle *handle);
void aw__timer_free_all(aw_loop *loop);

#endif
