/* Tasks: a function running on its own stack, stepped by the loop, and the one way a running
 * task suspends. Nothing here is public. */
#ifndef AW_CORE_TASK_H
#define AW_CORE_TASK_H

#include "core/future.h"
#include "core/trace.h"

enum { TASK_NAME_SIZE = 32 };

struct aw_task {
    /* Up to name_ready: written by whoever owns them before anything reads them (spawn, the
     * first read of the name, each wait for the waiter), so a new record leaves them be. */
    aw_handle handle;            /* its step in the ready queue */
    aw_future done;              /* completes when the body returns; holds the refcount */
    aw_loop *loop;
    uint64_t id;
    char name[TASK_NAME_SIZE];   /* read it with aw__task_name */
    aw_task_fn fn;
    void *arg;
    aw_context context;
    aw_stack stack;
    future_waiter waiter;        /* its node in the awaited future's waiter list */
    aw_list_node live_node;      /* in the loop's tasks */
    /* From here on: zeroed for every new task (task.c new_task). */
    bool name_ready;             /* false: the default name is not written yet */
    uint8_t state;               /* aw_task_state */
    bool started;
    bool queued;                 /* its handle is in the ready queue */
    bool must_cancel;            /* asyncio's _must_cancel */
    int cancel_requests;
    int shield_depth;            /* inside aw_shield_begin/end: cancellation is held back */
    aw_future *waiting_on;       /* asyncio's _fut_waiter */
    aw_wait_kind wait;           /* what it waits on, for the trace and the dump */
    uint8_t wait_direction;      /* AW_WAIT_IO: aw_io_direction (set by every I/O wait) */
    uint64_t wait_object;
    int64_t wait_deadline;
    aw_site site;                /* where it is suspended */
};

/* Runs one step of a task popped from the ready queue. */
void aw__task_run_step(aw_loop *loop, aw_task *task);
/* The task's name. The default "task-<id>" is written on the first read (most tasks are never
 * asked), which makes no library call: it is safe in a signal handler. */
const char *aw__task_name(const aw_task *task);
/* Frees a finished task once no reference is left, and gives its stack back. */
void aw__task_free(aw_task *task);

/* The await site recorded by aw_at for the next suspension. */
extern AW_THREAD_LOCAL aw_site aw__pending_site;

/* The cancellation handshake (asyncio's _must_cancel): aw_cancel of a task that cannot take it
 * at once leaves it pending, and the task's next wait (outside any shield) gets it. Only task.c
 * and these functions touch the fields; the three a wait runs each time are inline. */

/* A cancellation was asked for and has not landed yet (a shield may be holding it back). */
static inline bool aw__task_cancel_pending(const aw_task *task) { return task->must_cancel; }
/* A pending cancellation that may land now: none of the task's shields is up. */
static inline bool aw__task_cancel_due(const aw_task *task)
{
    return task->must_cancel && task->shield_depth == 0;
}
/* Lands a due cancellation: true (and it is no longer pending) if there was one. */
static inline bool aw__task_take_cancel(aw_task *task)
{
    if (!aw__task_cancel_due(task))
        return false;
    task->must_cancel = false;
    return true;
}
/* A cancellation the task took, but must not act on yet, stays pending for its next wait. */
void aw__task_keep_cancel(aw_task *task);
/* Holds cancellation back until the matching unshield (shields nest). */
void aw__task_shield(aw_task *task);
/* Lowers one shield; false if none is up. */
bool aw__task_unshield(aw_task *task);
/* How many cancellations were requested and not yet uncancelled (asyncio's cancelling()),
 * leaving out one still pending: the count a scope entered now has seen arrive. */
int aw__task_cancels_landed(const aw_task *task);

/* Queues the task's next step and reports who woke it. Inline: completing a future schedules
 * its waiting tasks with it. */
static inline void aw__task_schedule(aw_task *task)
{
    aw_loop *loop = task->loop;
    task->state = AW_TASK_READY;
    task->queued = true;
    aw__loop_push_ready(loop, &task->handle);
    if (aw__trace_on(loop))
        aw__trace_task_event(loop, AW_TRACE_WAKE, task);
}

/* Run by whatever a finished task hands over to (task.c's task_entry): drops the reference the
 * finished task held while it ran, which its own stack, possibly freed with it, could not. */
static inline void aw__loop_drop_retired(aw_loop *loop)
{
#if defined(AW_CONTEXT_CAN_TRANSFER)
    aw_task *retired = loop->retired;
    if (retired != NULL) {
        loop->retired = NULL;
        if (--retired->done.refs <= 0) /* aw__future_unref of a task's future */
            aw__task_free(retired);
    }
#else
    (void)loop;
#endif
}

/* Leaves the suspending task: straight for the next ready task where the loop allows it, else
 * back to the scheduler. Returns when the task is resumed. */
static inline void aw__task_switch_away(aw_loop *loop, aw_task *task)
{
#if defined(AW_CONTEXT_CAN_TRANSFER)
    aw_task *next = aw__loop_take_direct_successor(loop);
    if (next == task)
        return; /* a yield with nothing else ready: it runs on at once */
    if (next != NULL)
        aw__context_transfer(&task->context, &next->context);
    else
        aw__context_suspend(&task->context, &loop->scheduler);
    aw__loop_drop_retired(loop);
#else
    aw__context_suspend(&task->context, &loop->scheduler);
#endif
}

/* Suspends the running task until something schedules it; returns AW_ECANCELED if a
 * cancellation is pending when it resumes. Inline: aw_yield and every wait on a future
 * (aw__future_wait) suspend through it. */
static inline int aw__task_suspend(aw_task *task)
{
    aw_loop *loop = task->loop;
    task->site = aw__pending_site;
    /* Consumed: a later call made without the macro must not show this site. */
    aw__pending_site = (aw_site){0};
    if (task->state == AW_TASK_RUNNING)
        task->state = task->queued ? AW_TASK_READY : AW_TASK_WAITING;
    aw__task_switch_away(loop, task);
    return aw__task_take_cancel(task) ? AW_ECANCELED : AW_OK;
}

#endif
