/* Timers: a deadline on the loop clock and a callback that runs as one ready-queue entry in
 * the iteration where the deadline has passed (rule 9). Timer objects are recycled. */
#include "base/clock.h"
#include "base/compiler.h"
#include "core/handle.h"
#include "core/loop.h"
#include "core/task.h"
#include "core/timer.h"
#include "core/trace.h"

#include <stdlib.h>

static void recycle(aw_loop *loop, aw_timer *timer)
{
    timer->id = 0; /* an aw_call naming it no longer matches */
    timer->arg = loop->free_timers;
    loop->free_timers = timer;
}

static void emit(aw_loop *loop, aw_trace_kind kind, const aw_timer *timer)
{
    if (!aw__trace_on(loop))
        return;
    aw_trace_event event = {.kind = kind, .object_id = timer->id, .deadline = timer->deadline};
    if (loop->current != NULL) {
        event.by_task_id = loop->current->id;
    }
    aw__trace_emit(loop, &event);
}

static aw_timer *new_timer(aw_loop *loop, int64_t deadline, timer_callback callback, void *arg)
{
    aw_timer *timer = loop->free_timers;
    if (timer != NULL)
        loop->free_timers = timer->arg;
    else if ((timer = malloc(sizeof *timer)) == NULL)
        return NULL;
    timer->handle = (aw_handle){.kind = HANDLE_TIMER};
    timer->id = ++loop->next_timer_id;
    timer->deadline = deadline;
    timer->sequence = ++loop->timer_sequence;
    timer->heap_index = SIZE_MAX;
    timer->callback = callback;
    timer->arg = arg;
    return timer;
}

aw_timer *aw__timer_soon(aw_loop *loop, timer_callback callback, void *arg)
{
    aw__loop_update_time(loop);
    aw_timer *timer = new_timer(loop, loop->now, callback, arg);
    if (timer != NULL) {
        emit(loop, AW_TRACE_TIMER_ARM, timer);
        aw__loop_push_ready(loop, &timer->handle);
        emit(loop, AW_TRACE_TIMER_QUEUED, timer);
    }
    return timer;
}

aw_timer *aw__timer_arm(aw_loop *loop, int64_t delay_ns, timer_callback callback, void *arg)
{
    aw__loop_update_time(loop);
    return aw__timer_arm_at(loop, aw__ns_after(loop->now, delay_ns > 0 ? delay_ns : 0), callback,
                            arg);
}

aw_timer *aw__timer_arm_at(aw_loop *loop, int64_t deadline, timer_callback callback, void *arg)
{
    aw_timer *timer = new_timer(loop, deadline, callback, arg);
    if (timer == NULL)
        return NULL;
    if (aw__timer_heap_push(&loop->timers, timer) != AW_OK) {
        recycle(loop, timer);
        return NULL;
    }
    emit(loop, AW_TRACE_TIMER_ARM, timer);
    return timer;
}

void aw__timer_cancel(aw_loop *loop, aw_timer *timer)
{
    emit(loop, AW_TRACE_TIMER_CANCEL, timer);
    if (timer->heap_index != SIZE_MAX) {
        aw__timer_heap_remove(&loop->timers, timer);
        recycle(loop, timer);
    } else {
        timer->handle.cancelled = true; /* already queued: dropped when popped */
    }
}

void aw__timer_queue_due(aw_loop *loop)
{
    aw_timer *timer;
    while ((timer = aw__timer_heap_top(&loop->timers)) != NULL && timer->deadline <= loop->now) {
        aw__timer_heap_pop(&loop->timers);
        aw__loop_push_ready(loop, &timer->handle);
        emit(loop, AW_TRACE_TIMER_QUEUED, timer);
    }
}

void aw__timer_run(aw_loop *loop, aw_handle *handle)
{
    aw_timer *timer = AW_CONTAINER_OF(handle, aw_timer, handle);
    if (!handle->cancelled) {
        emit(loop, AW_TRACE_TIMER_FIRE, timer);
        handle->cancelled = true; /* running: too late for aw_call_cancel */
        timer->callback(timer->arg);
    }
    recycle(loop, timer);
}

void aw__timer_free_all(aw_loop *loop)
{
    for (size_t i = 0; i < loop->timers.count; i++)
        free(loop->timers.timers[i]);
    aw__timer_heap_free(&loop->timers);
    while (loop->free_timers != NULL) {
        aw_timer *next = loop->free_timers->arg;
        free(loop->free_timers);
        loop->free_timers = next;
    }
}
