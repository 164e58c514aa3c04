/*
 * The event loop: one ready queue, one timer heap, and iterations run exactly as asyncio's
 * _run_once (rule 2): wait for I/O (not at all if something is ready, else until the next
 * timer), queue every due timer, then run only the entries queued at that moment. Whatever
 * they schedule waits for the next iteration. The loop can be driven one entry at a time
 * (aw_loop_step) so that the playground can step it from JavaScript, and one iteration at a
 * time without waiting (aw_loop_try_run_iteration) by a caller's loop, which does the waiting.
 */
#include "base/clock.h"
#include "base/compiler.h"
#include "base/ring.h"
#include "context/stack.h"
#include "core/future.h"
#include "core/handle.h"
#include "core/io_backend.h"
#include "core/loop.h"
#include "core/task.h"
#include "core/timer.h"
#include "core/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DEFAULT_STACK_SIZE = 64 * 1024, DEFAULT_STACK_CACHE = 64 };

AW_THREAD_LOCAL aw_loop *aw__current_loop;

aw_loop *aw_loop_current(void) { return aw__current_loop; }

void aw__loop_out_of_memory(void)
{
    fputs("aw: out of memory growing the ready queue\n", stderr);
    abort();
}

int aw__loop_create(aw_loop **out, const aw_loop_options *options)
{
    if (aw__current_loop != NULL)
        return AW_ESTATE;
    aw_loop *loop = calloc(1, sizeof *loop);
    if (loop == NULL)
        return AW_ENOMEM;
    loop->clock = options->clock;
    loop->clock_origin = aw__clock_monotonic_ns();
    loop->default_stack_size = options->stack_size ? options->stack_size : DEFAULT_STACK_SIZE;
    aw__stack_pool_init(&loop->stacks, !options->no_guard_pages,
                        options->stack_cache ? options->stack_cache : DEFAULT_STACK_CACHE);
    aw__current_loop = loop;
    *out = loop;
    return AW_OK;
}

int aw__loop_on_free(aw_loop *loop, loop_hook hook)
{
    for (int i = 0; i < loop->free_hook_count; i++)
        if (loop->free_hooks[i] == hook)
            return AW_OK;
    if (loop->free_hook_count == MAX_FREE_HOOKS)
        return AW_ENOMEM;
    loop->free_hooks[loop->free_hook_count++] = hook;
    return AW_OK;
}

static void discard_handle(aw_loop *loop, aw_handle *handle)
{
    switch ((handle_kind)handle->kind) {
    case HANDLE_TIMER:
        handle->cancelled = true;
        aw__timer_run(loop, handle);
        break;
    case HANDLE_CALLBACK:
        free(AW_CONTAINER_OF(handle, future_waiter, handle));
        break;
    case HANDLE_TASK:
        break;
    }
}

void aw_loop_free(aw_loop *loop)
{
    if (loop == NULL || loop->current != NULL)
        return;
    /* The layers above first, last attached first: the I/O layer joins offload workers that
     * may still write to task stacks. */
    while (loop->free_hook_count > 0)
        loop->free_hooks[--loop->free_hook_count](loop);
    while (loop->ready.count > 0)
        discard_handle(loop, aw__ring_pop_front(&loop->ready).ptr);
    aw__ring_free(&loop->ready);
    aw__future_free_all(loop); /* first: their waiter lists go through the tasks */
    /* Two passes: a task's waiter list links the records of the tasks waiting on it, which
     * live on those tasks' stacks, so no record may go before every list has been read. */
    AW_LIST_FOR_EACH(node, &loop->tasks)
        aw__future_free_callbacks(&AW_CONTAINER_OF(node, aw_task, live_node)->done);
    while (!aw__list_is_empty(&loop->tasks))
        aw__task_free(AW_CONTAINER_OF(loop->tasks.first, aw_task, live_node));
    aw__timer_free_all(loop);
    aw__stack_pool_free(&loop->stacks);
    if (aw__current_loop == loop)
        aw__current_loop = NULL;
    free(loop);
}

/* Rule 2, first half: wait for I/O (not at all if entries are ready, else until the next
 * timer) and queue the due timers. Returns false when nothing is ready and nothing can become
 * ready. The virtual clock never waits: it jumps to the next deadline instead.
 * Without may_wait (aw_loop_try_run_iteration), the loop is driven by a caller's loop, which
 * does the waiting: the poll does not wait, the virtual clock stays put, and an iteration
 * starts only when it has something to run (false otherwise), as if the wait had gone on. */
static bool begin_iteration(aw_loop *loop, bool may_wait)
{
    aw_timer *next_timer = aw__timer_heap_top(&loop->timers);
    /* An iteration that aw_loop_stop made the last one does not wait either (asyncio polls
     * with a zero timeout while it is stopping). */
    bool nothing_ready = loop->ready.count == 0 && loop->stop_after == 0;
    if (nothing_ready && next_timer == NULL && loop->waiting_io == 0)
        return false;
    if (may_wait && nothing_ready && loop->clock == AW_CLOCK_VIRTUAL && next_timer != NULL) {
        if (loop->waiting_io > 0)
            loop->io->wait(loop, 0);
        if (loop->ready.count == 0 && next_timer->deadline > loop->now)
            loop->now = next_timer->deadline;
    } else {
        int64_t timeout = -1; /* only I/O can wake the loop */
        if (!nothing_ready) {
            timeout = 0;
        } else if (next_timer != NULL) {
            /* The clock is read before the wait only when a timer needs it. */
            aw__loop_update_time(loop);
            timeout = next_timer->deadline > loop->now ? next_timer->deadline - loop->now : 0;
        }
        if (timeout != 0 || loop->waiting_io > 0)
            loop->io->wait(loop, may_wait ? timeout : 0);
        aw__loop_update_time(loop);
    }
    if (loop->timers.count > 0)
        aw__timer_queue_due(loop);
    if (!may_wait && loop->ready.count == 0 && loop->stop_after == 0)
        return false;
    loop->iteration++;
    loop->iteration_left = loop->ready.count;
    if (aw__trace_on(loop)) {
        aw_trace_event event = {.kind = AW_TRACE_ITERATION, .ready = loop->iteration_left};
        aw__trace_emit(loop, &event);
    }
    return true;
}

static void run_handle(aw_loop *loop, aw_handle *handle)
{
    loop->current_handle = handle;
    switch ((handle_kind)handle->kind) {
    case HANDLE_TASK:
        aw__task_run_step(loop, AW_CONTAINER_OF(handle, aw_task, handle));
        break;
    case HANDLE_TIMER:
        aw__timer_run(loop, handle);
        break;
    case HANDLE_CALLBACK:
        aw__future_run_callback(loop, handle);
        break;
    }
    loop->current_handle = NULL;
}

/* aw_loop_stop's iteration is over: the run call returns instead of starting another. */
static inline bool stop_due(const aw_loop *loop)
{
    return loop->stop_after != 0 && loop->iteration >= loop->stop_after;
}

aw_task *aw__loop_take_direct_successor(aw_loop *loop)
{
    if (!loop->direct_switches || aw__trace_on(loop))
        return NULL;
    /* Starting the next iteration here is what the scheduler would do next; it never blocks,
     * since something is ready. */
    if (loop->iteration_left == 0 &&
        (loop->ready.count == 0 || stop_due(loop) || !begin_iteration(loop, true)))
        return NULL;
    aw_handle *handle = loop->ready.values[loop->ready.head].ptr;
    if (handle->kind != HANDLE_TASK)
        return NULL;
    aw_task *task = AW_CONTAINER_OF(handle, aw_task, handle);
    if (!task->started && aw__task_cancel_pending(task))
        return NULL; /* finished without running: the scheduler's work */
    aw__ring_pop_front(&loop->ready);
    loop->iteration_left--;
    task->queued = false;
    task->started = true;
    task->state = AW_TASK_RUNNING;
    loop->current = task;
    loop->current_handle = handle;
    return task;
}

enum { STEP_IDLE, STEP_RAN, STEP_STOPPED };

/* Runs the next entry of the iteration in progress; false for a timer cancelled after it
 * became due, which is dropped instead. */
static inline bool run_next(aw_loop *loop)
{
    aw_handle *handle = aw__ring_pop_front(&loop->ready).ptr;
    loop->iteration_left--;
    if (handle->cancelled) {
        aw__timer_run(loop, handle);
        return false;
    }
    run_handle(loop, handle);
    return true;
}

/* aw_loop_step without the argument checks; inlined into the run functions, whose loop is
 * the scheduler's hot path. */
static inline int step(aw_loop *loop)
{
    for (;;) {
        if (loop->iteration_left == 0) {
            if (stop_due(loop)) {
                loop->stop_after = 0;
                return STEP_STOPPED;
            }
            if (!begin_iteration(loop, true)) {
                loop->stop_after = 0;
                return STEP_IDLE;
            }
            if (loop->iteration_left == 0)
                continue;
        }
        if (run_next(loop))
            return STEP_RAN;
    }
}

int aw_loop_step(aw_loop *loop)
{
    if (loop == NULL)
        return AW_EINVAL;
    if (loop->current != NULL)
        return AW_ESTATE;
    return step(loop) == STEP_RAN ? 1 : 0;
}

void aw_loop_stop(aw_loop *loop)
{
    if (loop == NULL)
        return;
    /* The iteration in progress is the last; between iterations, the next one is. */
    bool in_progress = loop->current_handle != NULL || loop->iteration_left > 0;
    uint64_t last = in_progress ? loop->iteration : loop->iteration + 1;
    if (loop->stop_after == 0 || last < loop->stop_after)
        loop->stop_after = last;
}

int aw_loop_run_iteration(aw_loop *loop)
{
    int ran = aw_loop_step(loop);
    while (ran > 0 && loop->iteration_left > 0)
        ran = aw_loop_step(loop);
    return ran;
}

int aw_loop_try_run_iteration(aw_loop *loop)
{
    if (loop == NULL)
        return AW_EINVAL;
    if (loop->current != NULL)
        return AW_ESTATE;
    /* A stop whose iteration was finished by aw_loop_step is used up, as a step would. */
    if (loop->iteration_left == 0 && stop_due(loop))
        loop->stop_after = 0;
    loop->running_try = true;
    bool ran = loop->iteration_left > 0 || begin_iteration(loop, false);
    if (ran)
        while (loop->iteration_left > 0)
            run_next(loop);
    loop->running_try = false;
    if (stop_due(loop)) /* no run to end: the stop ends with its iteration */
        loop->stop_after = 0;
    if (ran)
        return 1;
    return loop->timers.count > 0 || loop->waiting_io > 0 ? AW_EAGAIN : 0;
}

int64_t aw_loop_backend_timeout_ms(aw_loop *loop)
{
    if (loop == NULL)
        return AW_EINVAL;
    if (loop->ready.count > 0 || loop->stop_after != 0)
        return 0;
    aw_timer *next_timer = aw__timer_heap_top(&loop->timers);
    if (next_timer == NULL)
        return -1;
    aw__loop_update_time(loop);
    if (next_timer->deadline <= loop->now)
        return 0;
    /* Rounded up: a caller woken before the timer is due would only poll again. */
    int64_t ns = next_timer->deadline - loop->now;
    return ns / 1000000 + (ns % 1000000 != 0);
}

/* The run-to-completion calls let tasks hand over to each other directly (one switch instead of
 * two through the scheduler); the order is the same, since a task only ever hands over to the
 * entry the scheduler would have run next. A task that returns completes itself and hands over
 * the same way (task.c's task_entry). */
static int run_until_stopped(aw_loop *loop)
{
    loop->direct_switches = true;
    int ran;
    while ((ran = step(loop)) == STEP_RAN) {
    }
    loop->direct_switches = false;
    return ran;
}

static void stop_loop(aw_future *future, void *arg)
{
    (void)future;
    aw_loop_stop(arg);
}

int aw_loop_run_until_done(aw_loop *loop, aw_task *task)
{
    if (loop == NULL || task == NULL)
        return AW_EINVAL;
    if (loop->current != NULL)
        return AW_ESTATE;
    /* asyncio's run_until_complete: a done callback stops the loop, so the entries queued
     * when the task finishes still run, in the iteration where that callback runs. */
    int status = aw__future_add_callback(&task->done, stop_loop, loop);
    if (status != AW_OK)
        return status;
    int ran = run_until_stopped(loop);
    if (task->state == AW_TASK_DONE)
        return AW_OK;
    aw__future_remove_callback(&task->done, stop_loop, loop);
    return ran == STEP_STOPPED ? AW_ESTATE : AW_EDEADLOCK;
}

int aw_loop_run(aw_loop *loop)
{
    if (loop == NULL)
        return AW_EINVAL;
    if (loop->current != NULL)
        return AW_ESTATE;
    if (run_until_stopped(loop) == STEP_STOPPED)
        return AW_OK;
    return loop->live_tasks > 0 ? AW_EDEADLOCK : AW_OK;
}

uint64_t aw_loop_iteration(const aw_loop *loop) { return loop->iteration; }
size_t aw_loop_live_tasks(const aw_loop *loop) { return loop->live_tasks; }
