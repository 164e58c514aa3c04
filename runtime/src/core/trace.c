/* The trace hook: every scheduling event goes through aw__trace_emit to the loop's observers
 * (the Chrome trace writer, the playground, tests), and aw_loop_ready, the ready queue as the
 * loop holds it, against which an observer's picture of the queue can be checked. */
#include "base/compiler.h"
#include "core/future.h"
#include "core/handle.h"
#include "core/loop.h"
#include "core/task.h"
#include "core/timer.h"
#include "core/trace.h"

void aw__trace_set_cause(const aw_loop *loop, aw_trace_event *event)
{
    const aw_handle *handle = loop->current_handle;
    if (loop->current != NULL)
        event->by_task_id = loop->current->id;
    else if (handle != NULL && handle->kind == HANDLE_TIMER)
        event->by_timer_id = AW_CONTAINER_OF(handle, const aw_timer, handle)->id;
    else if (handle != NULL && handle->kind == HANDLE_TASK) /* its end, after the step */
        event->by_task_id = AW_CONTAINER_OF(handle, const aw_task, handle)->id;
}

void aw__trace_emit(aw_loop *loop, aw_trace_event *event)
{
    event->iteration = loop->iteration;
    event->time = loop->now;
    for (int i = 0; i < loop->observer_count; i++)
        loop->observers[i].fn(event, loop->observers[i].userdata);
}

void aw__trace_task_event(aw_loop *loop, aw_trace_kind kind, const aw_task *task)
{
    aw_trace_event event = {.kind = kind, .task = task, .task_id = task->id,
                            .task_name = aw__task_name(task), .site = task->site};
    switch (kind) {
    case AW_TRACE_STEP_END:
        event.wait = task->wait;
        event.object_id = task->wait_object;
        event.deadline = task->wait_deadline;
        if (task->wait == AW_WAIT_IO)
            event.direction = (aw_io_direction)task->wait_direction;
        break;
    case AW_TRACE_SPAWN:
        event.object_id = task->done.id; /* what CALLBACK events of its done callbacks name */
        aw__trace_set_cause(loop, &event);
        break;
    case AW_TRACE_WAKE:
        aw__trace_set_cause(loop, &event);
        break;
    default:
        break;
    }
    aw__trace_emit(loop, &event);
}

int aw_loop_observe(aw_loop *loop, aw_observer observer, void *userdata)
{
    if (loop == NULL || observer == NULL)
        return AW_EINVAL;
    if (loop->observer_count == MAX_OBSERVERS)
        return AW_ENOMEM;
    loop->observers[loop->observer_count].fn = observer;
    loop->observers[loop->observer_count].userdata = userdata;
    loop->observer_count++;
    return AW_OK;
}

void aw_loop_unobserve(aw_loop *loop, aw_observer observer, void *userdata)
{
    for (int i = 0; i < loop->observer_count; i++) {
        if (loop->observers[i].fn == observer && loop->observers[i].userdata == userdata) {
            for (int j = i + 1; j < loop->observer_count; j++)
                loop->observers[j - 1] = loop->observers[j];
            loop->observer_count--;
            return;
        }
    }
}

const char *aw_trace_kind_name(aw_trace_kind kind)
{
    switch (kind) {
    case AW_TRACE_ITERATION: return "iteration";
    case AW_TRACE_SPAWN: return "spawn";
    case AW_TRACE_STEP_BEGIN: return "step_begin";
    case AW_TRACE_STEP_END: return "step_end";
    case AW_TRACE_WAKE: return "wake";
    case AW_TRACE_TIMER_ARM: return "timer_arm";
    case AW_TRACE_TIMER_FIRE: return "timer_fire";
    case AW_TRACE_TIMER_CANCEL: return "timer_cancel";
    case AW_TRACE_CALLBACK: return "callback";
    case AW_TRACE_DONE: return "done";
    case AW_TRACE_CANCEL: return "cancel";
    case AW_TRACE_OUTPUT: return "output";
    case AW_TRACE_TIMER_QUEUED: return "timer_queued";
    case AW_TRACE_CALLBACK_QUEUED: return "callback_queued";
    case AW_TRACE_GATHER_CHILD: return "gather_child";
    case AW_TRACE_SOCKET: return "socket";
    }
    return "unknown";
}

const char *aw_wait_kind_name(aw_wait_kind wait)
{
    switch (wait) {
    case AW_WAIT_NONE: return "none";
    case AW_WAIT_READY: return "ready";
    case AW_WAIT_TASK: return "task";
    case AW_WAIT_FUTURE: return "future";
    case AW_WAIT_TIMER: return "timer";
    case AW_WAIT_GATHER: return "gather";
    case AW_WAIT_IO: return "io";
    case AW_WAIT_LOCK: return "lock";
    case AW_WAIT_EVENT: return "event";
    case AW_WAIT_SEMAPHORE: return "semaphore";
    case AW_WAIT_CONDITION: return "condition";
    case AW_WAIT_QUEUE: return "queue";
    case AW_WAIT_CHANNEL: return "channel";
    case AW_WAIT_BARRIER: return "barrier";
    }
    return "unknown";
}

const char *aw_io_direction_name(aw_io_direction direction)
{
    switch (direction) {
    case AW_IO_READ: return "read";
    case AW_IO_WRITE: return "write";
    case AW_IO_NONE: break;
    }
    return "none";
}

const char *aw_socket_op_name(aw_socket_op op)
{
    switch (op) {
    case AW_SOCKET_LISTEN: return "listen";
    case AW_SOCKET_CONNECT: return "connect";
    case AW_SOCKET_ACCEPT: return "accept";
    case AW_SOCKET_READ: return "read";
    case AW_SOCKET_WRITE: return "write";
    case AW_SOCKET_SHUTDOWN: return "shutdown";
    case AW_SOCKET_CLOSE: return "close";
    case AW_SOCKET_RESET: return "reset";
    }
    return "unknown";
}

size_t aw_loop_ready(const aw_loop *loop, aw_ready_entry *entries, size_t capacity)
{
    size_t count = 0;
    for (size_t i = 0; i < loop->ready.count; i++) {
        const aw_handle *handle =
            loop->ready.values[(loop->ready.head + i) & (loop->ready.capacity - 1)].ptr;
        if (handle->cancelled)
            continue;
        aw_ready_entry entry;
        switch ((handle_kind)handle->kind) {
        case HANDLE_TASK:
            entry = (aw_ready_entry){AW_READY_TASK,
                                     AW_CONTAINER_OF(handle, const aw_task, handle)->id};
            break;
        case HANDLE_TIMER:
            entry = (aw_ready_entry){AW_READY_TIMER,
                                     AW_CONTAINER_OF(handle, const aw_timer, handle)->id};
            break;
        case HANDLE_CALLBACK:
        default:
            entry = (aw_ready_entry){
                AW_READY_CALLBACK,
                AW_CONTAINER_OF(handle, const future_waiter, handle)->future->id};
            break;
        }
        if (count < capacity)
            entries[count] = entry;
        count++;
    }
    return count;
}
