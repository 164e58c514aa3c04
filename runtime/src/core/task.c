/*
 * Tasks: a function running on its own stack, stepped by the loop. A step switches from the
 * scheduler to the task and lasts until the task suspends (waits on a future, yields) or
 * returns. Tasks follow asyncio's Task: a new task only queues its first step (rule 4), a
 * finished task completes its future, and cancellation is asyncio's _must_cancel protocol.
 */
#include "base/clock.h"
#include "base/compiler.h"
#include "context/context.h"
#include "context/stack.h"
#include "core/future.h"
#include "core/handle.h"
#include "core/loop.h"
#include "core/task.h"
#include "core/trace.h"

#if defined(AW_ASAN)
#include <sanitizer/asan_interface.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

AW_THREAD_LOCAL aw_site aw__pending_site;

void aw_at(const char *file, int line, const char *function)
{
    aw__pending_site = (aw_site){.file = file, .function = function, .line = line};
}

static void emit_task_event(aw_loop *loop, aw_trace_kind kind, const aw_task *task)
{
    if (aw__trace_on(loop))
        aw__trace_task_event(loop, kind, task);
}

/* A task's end but for the reference it held while running (see finish). */
static void complete(aw_loop *loop, aw_task *task, int status, aw_value result)
{
    task->state = AW_TASK_DONE;
    loop->live_tasks--;
    if (aw__trace_on(loop)) {
        aw_trace_event event = {.kind = AW_TRACE_DONE, .task = task, .task_id = task->id,
                                .task_name = aw__task_name(task), .status = status,
                                .result = result};
        aw__trace_emit(loop, &event);
    }
    aw__future_complete(&task->done, status, result);
}

/* Runs in the scheduler once the body has returned (or was skipped by an early cancel). */
static void finish(aw_loop *loop, aw_task *task, int status, aw_value result)
{
    complete(loop, task, status, result);
    aw__future_unref(&task->done); /* the reference the running task held */
}

/* Runs on the task's own stack; never returns (the last switch leaves the stack for good). */
static void task_entry(void *arg)
{
    aw_task *task = arg;
    aw_loop *loop = task->loop;
    aw__context_entered(&loop->scheduler);
    aw__loop_drop_retired(loop);
    aw_value result = {0};
    int status = task->fn(task->arg, &result);
    if (status == AW_OK && task->must_cancel) {
        /* Cancelled after its last suspension: it ends cancelled, as asyncio's Task.__step
         * does when the coroutine returns with _must_cancel set. */
        task->must_cancel = false;
        status = AW_ECANCELED;
        result = (aw_value){0};
    }
#if defined(AW_CONTEXT_CAN_TRANSFER)
    if (loop->direct_switches && !aw__trace_on(loop)) {
        /* Run to completion, unobserved: the task completes itself here and hands over to the
         * next ready task as a suspending one does, saving the trip through the scheduler.
         * The reference it held while running goes last, as it may free this stack: whoever
         * runs next drops it (aw__loop_drop_retired). */
        complete(loop, task, status, result);
        loop->retired = task;
        aw_task *next = aw__loop_take_direct_successor(loop);
        aw__context_exit(&task->context, next != NULL ? &next->context : &loop->scheduler);
    }
#endif
    task->done.status = status;
    task->done.result = result;
    task->state = AW_TASK_DONE;
    aw__context_exit(&task->context, &loop->scheduler);
}

void aw__task_run_step(aw_loop *loop, aw_task *task)
{
    task->queued = false;
    if (!task->started) {
        if (task->must_cancel) { /* cancelled before its first step: the body never runs */
            task->must_cancel = false;
            finish(loop, task, AW_ECANCELED, (aw_value){0});
            return;
        }
        task->started = true;
    }
    task->state = AW_TASK_RUNNING;
    loop->current = task;
    emit_task_event(loop, AW_TRACE_STEP_BEGIN, task);
    if (loop->before_step != NULL)
        loop->before_step(loop);
    aw__context_resume(&loop->scheduler, &task->context);
    task = loop->current; /* the last of the tasks that handed over to each other, if any */
    loop->current = NULL;
    if (loop->retired != NULL) /* that one finished and completed itself */
        aw__loop_drop_retired(loop);
    else if (task->state == AW_TASK_DONE)
        finish(loop, task, task->done.status, task->done.result);
    else
        emit_task_event(loop, AW_TRACE_STEP_END, task);
}

/* A task's record lives at the top of its own stack mapping, above the stack proper: an idle
 * task then costs one page of memory (its record and its first frames), and the stack cache
 * recycles both at once. The stack therefore goes back when the record does, when the task is
 * done and its last handle released, not as soon as it returns. */
enum { TASK_RECORD_SIZE = (sizeof(aw_task) + 63) & ~(size_t)63 };

void aw__task_free(aw_task *task)
{
    aw_loop *loop = task->loop;
    aw__list_remove(&loop->tasks, &task->live_node);
    aw_stack stack = task->stack; /* the record is inside it */
#if defined(AW_ASAN)
    __asan_poison_memory_region(task, TASK_RECORD_SIZE); /* a use after free is reported */
#endif
    aw__stack_release(&loop->stacks, &stack);
}

/* A task record at the top of a new stack whose usable part is `stack_size` bytes, zeroed from
 * name_ready on (the fields before it are the spawn's to write). */
static aw_task *new_task(aw_loop *loop, size_t stack_size)
{
    aw_stack stack;
    if (aw__stack_acquire(&loop->stacks, stack_size + TASK_RECORD_SIZE, &stack) != AW_OK)
        return NULL;
    aw_task *task = (aw_task *)((char *)stack.bottom + stack.size - TASK_RECORD_SIZE);
#if defined(AW_ASAN)
    __asan_unpoison_memory_region(task, TASK_RECORD_SIZE);
#endif
    memset(&task->name_ready, 0, sizeof *task - offsetof(aw_task, name_ready));
    task->stack = stack;
    return task;
}

/* The given name truncated to TASK_NAME_SIZE - 1 bytes, or "task-<id>": what snprintf with
 * "%s" or "task-%llu" gives, without stdio's cost on the spawn path. */
static void set_task_name(char name[TASK_NAME_SIZE], const char *given, uint64_t id)
{
    size_t length = 0;
    if (given != NULL) {
        while (length < TASK_NAME_SIZE - 1 && given[length] != '\0')
            length++;
        memcpy(name, given, length);
    } else {
        char digits[20];
        size_t count = 0;
        do {
            digits[count++] = (char)('0' + id % 10);
            id /= 10;
        } while (id != 0);
        memcpy(name, "task-", 5);
        length = 5;
        while (count > 0)
            name[length++] = digits[--count]; /* at most 5 + 20 < TASK_NAME_SIZE bytes */
    }
    name[length] = '\0';
}

const char *aw__task_name(const aw_task *task)
{
    if (!task->name_ready) {
        aw_task *named = (aw_task *)task; /* a cache: the name never changes once written */
        set_task_name(named->name, NULL, task->id);
        named->name_ready = true;
    }
    return task->name;
}

/* Public API */

int aw_spawn(aw_task **out, aw_task_fn fn, void *arg)
{
    return aw_spawn_with(out, fn, arg, NULL);
}

int aw_spawn_with(aw_task **out, aw_task_fn fn, void *arg, const aw_spawn_options *options)
{
    aw_loop *loop = aw__loop_current();
    if (loop == NULL)
        return AW_ESTATE;
    if (fn == NULL)
        return AW_EINVAL;
    size_t stack_size = options != NULL && options->stack_size ? options->stack_size
                                                               : loop->default_stack_size;
    stack_size = (stack_size + 15) & ~(size_t)15;
    aw_task *task = new_task(loop, stack_size);
    if (task == NULL)
        return AW_ENOMEM;
    task->handle = (aw_handle){.kind = HANDLE_TASK};
    task->loop = loop;
    task->id = ++loop->next_task_id;
    if (options != NULL && options->name != NULL) {
        set_task_name(task->name, options->name, task->id);
        task->name_ready = true;
    }
    task->fn = fn;
    task->arg = arg;
    aw__future_init(&task->done, loop, FUTURE_TASK);
    task->done.owner = task;
    if (out != NULL)
        aw__future_ref(&task->done);
    /* Exactly the size asked for, right below the record; the rest of the last page (if any)
     * lies unused between it and the guard region. */
    aw__context_set_owner(&task->context, task->id, task->name_ready ? task->name : NULL);
    aw__context_make(&task->context, (char *)task - stack_size, stack_size, task_entry, task);

    aw__list_push_back(&loop->tasks, &task->live_node);
    loop->live_tasks++;

    task->state = AW_TASK_READY;
    task->queued = true;
    aw__loop_push_ready(loop, &task->handle);
    emit_task_event(loop, AW_TRACE_SPAWN, task);
    if (out != NULL)
        *out = task;
    return AW_OK;
}

int(aw_await)(aw_task *task, aw_value *result)
{
    if (task == NULL)
        return AW_EINVAL;
    aw_task *self = aw__loop_running_task();
    if (self == NULL)
        return AW_ESTATE;
    if (self == task)
        return AW_EINVAL;
    return aw__future_wait(&task->done, AW_WAIT_TASK, task->id, 0, result);
}

int(aw_join)(aw_task *task, aw_value *result)
{
    int status = (aw_await)(task, result);
    if (status != AW_ESTATE && status != AW_EINVAL)
        aw_task_unref(task);
    return status;
}

void aw_task_unref(aw_task *task)
{
    if (task != NULL)
        aw__future_unref(&task->done);
}

int(aw_yield)(void)
{
    aw_task *task = aw__loop_running_task();
    if (task == NULL)
        return AW_ESTATE;
    task->wait = AW_WAIT_READY;
    task->state = AW_TASK_READY;
    task->queued = true;
    aw__loop_push_ready(task->loop, &task->handle);
    int status = aw__task_suspend(task);
    task->wait = AW_WAIT_NONE;
    return status;
}

int(aw_sleep)(int64_t ms)
{
    if (ms <= 0)
        return (aw_yield)();
    aw_task *task = aw__loop_running_task();
    if (task == NULL)
        return AW_ESTATE;
    aw_future sleep;
    aw__future_init(&sleep, task->loop, FUTURE_PLAIN);
    return aw__future_wait_until(&sleep, aw__deadline_after(ms), AW_OK, AW_WAIT_TIMER, 0, NULL);
}

int aw_cancel(aw_task *task)
{
    if (task == NULL)
        return AW_EINVAL;
    if (task->state == AW_TASK_DONE)
        return AW_ESTATE;
    aw_loop *loop = task->loop;
    task->cancel_requests++;
    if (aw__trace_on(loop)) {
        aw_trace_event event = {.kind = AW_TRACE_CANCEL, .task = task, .task_id = task->id,
                                .task_name = aw__task_name(task)};
        aw__trace_set_cause(loop, &event);
        aw__trace_emit(loop, &event);
    }
    if (task->shield_depth == 0 && task->waiting_on != NULL &&
        aw__future_cancel(task->waiting_on))
        return AW_OK;
    task->must_cancel = true;
    return AW_OK;
}

int aw_task_cancelling(const aw_task *task) { return task->cancel_requests; }

int aw_task_uncancel(aw_task *task)
{
    if (task->cancel_requests > 0)
        task->cancel_requests--;
    /* Python 3.13: withdrawing the last request also drops a cancellation not delivered yet. */
    if (task->cancel_requests == 0)
        task->must_cancel = false;
    return task->cancel_requests;
}

void aw__task_keep_cancel(aw_task *task) { task->must_cancel = true; }

void aw__task_shield(aw_task *task) { task->shield_depth++; }

bool aw__task_unshield(aw_task *task)
{
    if (task->shield_depth == 0)
        return false;
    task->shield_depth--;
    return true;
}

int aw__task_cancels_landed(const aw_task *task)
{
    return task->cancel_requests - (task->must_cancel ? 1 : 0);
}

aw_task *aw_current(void) { return aw__loop_running_task(); }
uint64_t aw_task_id(const aw_task *task) { return task != NULL ? task->id : 0; }
const char *aw_task_name(const aw_task *task) { return task != NULL ? aw__task_name(task) : ""; }
aw_task_state aw_task_get_state(const aw_task *task) { return (aw_task_state)task->state; }
bool aw_task_is_done(const aw_task *task) { return task != NULL && task->state == AW_TASK_DONE; }

int aw_task_status(const aw_task *task)
{
    if (task == NULL)
        return AW_EINVAL;
    return task->state == AW_TASK_DONE ? task->done.status : AW_ESTATE;
}

aw_value aw_task_result(const aw_task *task)
{
    return task != NULL ? task->done.result : (aw_value){0};
}

int aw_task_on_done(aw_task *task, aw_task_callback callback, void *arg)
{
    if (task == NULL || callback == NULL)
        return AW_EINVAL;
    return aw__future_add_task_callback(&task->done, callback, arg);
}
