/*
 * Futures: a value that becomes available later, and the one thing a task ever waits on. A
 * sleep waits on a future that a timer completes, awaiting a task waits on the task's
 * completion future, gather waits on a future its children's callbacks complete. Completing a
 * future never runs anyone: it appends its waiters to the ready queue in the order they came
 * (rule 7), which is what makes the order of a program the order of its asyncio twin.
 */
#include "base/compiler.h"
#include "core/future.h"
#include "core/handle.h"
#include "core/loop.h"
#include "core/task.h"
#include "core/timer.h"
#include "core/trace.h"

#include <stdlib.h>

static void append_waiter(aw_future *future, future_waiter *waiter)
{
    waiter->future = future;
    aw__list_push_back(&future->waiters, &waiter->node);
}

/* Appends a done callback to the ready queue. */
static void queue_callback(aw_future *future, future_waiter *waiter)
{
    aw_loop *loop = future->loop;
    aw__loop_push_ready(loop, &waiter->handle);
    if (aw__trace_on(loop)) {
        aw_trace_event event = {.kind = AW_TRACE_CALLBACK_QUEUED, .object_id = future->id};
        aw__trace_set_cause(loop, &event);
        aw__trace_emit(loop, &event);
    }
}

void aw__future_complete(aw_future *future, int status, aw_value result)
{
    future->state = FUTURE_DONE;
    future->status = status;
    future->result = result;
    aw_list_node *node = future->waiters.first;
    aw__list_init(&future->waiters);
    while (node != NULL) {
        future_waiter *waiter = AW_CONTAINER_OF(node, future_waiter, node);
        node = node->next;
        waiter->node.prev = waiter->node.next = NULL;
        if (waiter->task != NULL)
            aw__task_schedule(waiter->task);
        else
            queue_callback(future, waiter);
    }
}

bool aw__future_cancel(aw_future *future)
{
    if (future->state == FUTURE_DONE)
        return false;
    switch ((future_kind)future->kind) {
    case FUTURE_TASK:
        return aw_cancel(future->owner) == AW_OK;
    case FUTURE_GATHER:
        return future->cancel_children(future);
    case FUTURE_PLAIN:
        break;
    }
    aw__future_complete(future, AW_ECANCELED, (aw_value){0});
    return true;
}

static void free_heap_future(aw_future *future)
{
    aw__list_remove(&future->loop->heap_futures, &future->heap_node);
    future->loop->heap_future_count--;
    free(future);
}

void aw__future_free_all(aw_loop *loop)
{
    while (!aw__list_is_empty(&loop->heap_futures)) {
        aw_future *future = AW_CONTAINER_OF(loop->heap_futures.first, aw_future, heap_node);
        aw__future_free_callbacks(future);
        free_heap_future(future);
    }
}

void aw__future_free_callbacks(aw_future *future)
{
    for (aw_list_node *node = future->waiters.first; node != NULL;) {
        future_waiter *waiter = AW_CONTAINER_OF(node, future_waiter, node);
        node = node->next;
        if (waiter->task == NULL)
            free(waiter);
    }
}

void aw__future_free(aw_future *future)
{
    if (future->kind == FUTURE_TASK)
        aw__task_free(future->owner);
    else if (future->heap_allocated)
        free_heap_future(future);
}

/* `callbacks` holds the callback and its argument; the rest of the waiter is filled here. */
static int add_callback(aw_future *future, future_waiter callbacks)
{
    future_waiter *waiter = malloc(sizeof *waiter);
    if (waiter == NULL)
        return AW_ENOMEM;
    *waiter = callbacks;
    waiter->future = future;
    waiter->handle = (aw_handle){.kind = HANDLE_CALLBACK};
    aw__future_ref(future);
    future->loop->pending_callbacks++;
    if (future->state == FUTURE_DONE)
        queue_callback(future, waiter);
    else
        append_waiter(future, waiter);
    return AW_OK;
}

int aw__future_add_callback(aw_future *future, aw_future_callback callback, void *arg)
{
    return add_callback(future, (future_waiter){.callback = callback, .arg = arg});
}

int aw__future_add_task_callback(aw_future *future, aw_task_callback callback, void *arg)
{
    return add_callback(future, (future_waiter){.task_callback = callback, .arg = arg});
}

bool aw__future_remove_callback(aw_future *future, aw_future_callback callback, void *arg)
{
    AW_LIST_FOR_EACH(node, &future->waiters) {
        future_waiter *waiter = AW_CONTAINER_OF(node, future_waiter, node);
        if (waiter->task != NULL || waiter->callback != callback || waiter->arg != arg)
            continue;
        aw__list_remove(&future->waiters, node);
        future->loop->pending_callbacks--;
        free(waiter);
        aw__future_unref(future);
        return true;
    }
    return false;
}

void aw__future_run_callback(aw_loop *loop, aw_handle *handle)
{
    future_waiter *waiter = AW_CONTAINER_OF(handle, future_waiter, handle);
    aw_future *future = waiter->future;
    if (aw__trace_on(loop)) {
        aw_trace_event event = {.kind = AW_TRACE_CALLBACK, .object_id = future->id};
        aw__trace_emit(loop, &event);
    }
    loop->pending_callbacks--;
    if (waiter->task_callback != NULL)
        waiter->task_callback(future->owner, waiter->arg);
    else
        waiter->callback(future, waiter->arg);
    free(waiter);
    aw__future_unref(future);
}

/* The body of every wait: `task` is the running task, `deadline` only describes the wait.
 * Inlined into each: the fd wait runs once per message. */
__attribute__((always_inline)) static inline int wait_on(aw_task *task, aw_future *future, aw_wait_kind wait,
                          uint64_t object_id, int64_t deadline, aw_value *result)
{
    if (future->state == FUTURE_PENDING) {
        task->waiter.task = task;
        append_waiter(future, &task->waiter);
        aw__future_ref(future);
        task->waiting_on = future;
        task->wait = wait;
        task->wait_object = object_id;
        task->wait_deadline = deadline;
        /* A cancellation requested while the task ran lands on the wait it starts now. */
        if (aw__task_cancel_due(task) && aw__future_cancel(future))
            aw__task_take_cancel(task);
        int status = aw__task_suspend(task);
        task->waiting_on = NULL;
        task->wait = AW_WAIT_NONE;
        if (status == AW_ECANCELED) {
            aw__future_unref(future);
            return AW_ECANCELED;
        }
        status = future->status;
        if (result != NULL)
            *result = future->result;
        aw__future_unref(future);
        return status;
    }
    if (result != NULL)
        *result = future->result;
    return future->status;
}

int aw__future_wait(aw_future *future, aw_wait_kind wait, uint64_t object_id, int64_t deadline,
                    aw_value *result)
{
    aw_task *task = aw__loop_running_task();
    if (task == NULL)
        return AW_ESTATE;
    return wait_on(task, future, wait, object_id, deadline, result);
}

typedef struct deadline_timer {
    aw_future *future;
    aw_timer *timer; /* NULL once it has fired */
    int status;
} deadline_timer;

static void deadline_reached(void *arg)
{
    deadline_timer *deadline = arg;
    deadline->timer = NULL;
    if (deadline->future->state == FUTURE_PENDING) /* it may have been cancelled meanwhile */
        aw__future_complete(deadline->future, deadline->status, (aw_value){0});
}

/* Out of line: a wait without a deadline must not pay for this frame. */
__attribute__((noinline)) static int wait_with_timer(aw_task *task, aw_future *future,
                                                     int64_t deadline_ns, int status_at_deadline,
                                                     aw_wait_kind wait, uint64_t object_id,
                                                     aw_value *result)
{
    aw_loop *loop = task->loop;
    deadline_timer deadline = {.future = future, .status = status_at_deadline};
    aw__loop_update_time(loop);
    deadline.timer = aw__timer_arm(loop, deadline_ns - loop->now, deadline_reached, &deadline);
    if (deadline.timer == NULL)
        return AW_ENOMEM;
    if (wait == AW_WAIT_TIMER)
        object_id = deadline.timer->id;
    int status = wait_on(task, future, wait, object_id, deadline_ns, result);
    if (deadline.timer != NULL)
        aw__timer_cancel(loop, deadline.timer);
    return status;
}

int aw__future_wait_until(aw_future *future, int64_t deadline_ns, int status_at_deadline,
                          aw_wait_kind wait, uint64_t object_id, aw_value *result)
{
    aw_task *task = aw__loop_running_task();
    if (task == NULL)
        return AW_ESTATE;
    if (deadline_ns >= 0)
        return wait_with_timer(task, future, deadline_ns, status_at_deadline, wait, object_id,
                               result);
    return wait_on(task, future, wait, object_id, 0, result);
}

/* Public API */

int aw_future_new(aw_future **out)
{
    aw_loop *loop = aw__loop_current();
    if (out == NULL)
        return AW_EINVAL;
    if (loop == NULL)
        return AW_ESTATE;
    aw_future *future = malloc(sizeof *future);
    if (future == NULL)
        return AW_ENOMEM;
    aw__future_init(future, loop, FUTURE_PLAIN);
    future->heap_allocated = true;
    aw__list_push_back(&loop->heap_futures, &future->heap_node);
    loop->heap_future_count++;
    *out = future;
    return AW_OK;
}

void aw_future_unref(aw_future *future)
{
    if (future != NULL)
        aw__future_unref(future);
}

void aw_future_ref(aw_future *future) { aw__future_ref(future); }

int aw_future_set_result(aw_future *future, aw_value value)
{
    if (future == NULL || future->kind != FUTURE_PLAIN)
        return AW_EINVAL;
    if (future->state == FUTURE_DONE)
        return AW_ESTATE;
    aw__future_complete(future, AW_OK, value);
    return AW_OK;
}

int aw_future_set_error(aw_future *future, int status)
{
    if (future == NULL || future->kind != FUTURE_PLAIN || status >= 0)
        return AW_EINVAL;
    if (future->state == FUTURE_DONE)
        return AW_ESTATE;
    aw__future_complete(future, status, (aw_value){0});
    return AW_OK;
}

int aw_future_cancel(aw_future *future)
{
    if (future == NULL)
        return AW_EINVAL;
    return aw__future_cancel(future) ? AW_OK : AW_ESTATE;
}

bool aw_future_is_done(const aw_future *future) { return future->state == FUTURE_DONE; }

int aw_future_status(const aw_future *future)
{
    return future->state == FUTURE_DONE ? future->status : AW_ESTATE;
}

aw_value aw_future_result(const aw_future *future) { return future->result; }

int(aw_future_await)(aw_future *future, aw_value *result)
{
    if (future == NULL)
        return AW_EINVAL;
    return aw__future_wait(future, AW_WAIT_FUTURE, future->id, 0, result);
}

int aw_future_on_done(aw_future *future, aw_future_callback callback, void *arg)
{
    if (future == NULL || callback == NULL)
        return AW_EINVAL;
    return aw__future_add_callback(future, callback, arg);
}
