/* What the synchronisation primitives, the queue and the channels share: a FIFO of waiters (an
 * aw_list), a waiter that is a future of its own (asyncio's "waiters" deques hold futures), and
 * a growable ring of values. Nothing here is public. */
#ifndef AW_SYNC_H
#define AW_SYNC_H

#include "base/list.h"
#include "core/task.h"

/* A task waiting on a primitive: it waits on `future`, which the primitive completes (with
 * AW_OK) to wake it; cancelling the task cancels the future, as asyncio's Task.cancel() does. */
typedef struct sync_waiter {
    aw_list_node node; /* in the primitive's waiter list; the waiter lives on the task's stack */
    aw_future future;
} sync_waiter;

#define AW_SYNC_WAITER_OF(n) AW_CONTAINER_OF((n), sync_waiter, node)

/* Appends a fresh waiter to `queue` and suspends on it; the waiter stays in the queue (the
 * caller removes it, as asyncio's `finally: waiters.remove(fut)`). Returns the wait's status:
 * AW_OK when woken, AW_ECANCELED when the task was cancelled (before or after the wake-up). */
int aw__sync_wait(aw_list *queue, sync_waiter *waiter, aw_loop *loop, aw_wait_kind kind,
                  uint64_t object_id);
/* Completes a pending waiter's future with AW_OK; false if it was done already. */
bool aw__sync_wake(sync_waiter *waiter);
static inline bool aw__sync_done(const sync_waiter *waiter)
{
    return waiter->future.state == FUTURE_DONE;
}
/* asyncio's fut.cancelled(): the waiter's future itself was cancelled (not just its task). */
static inline bool aw__sync_cancelled(const sync_waiter *waiter)
{
    return aw__sync_done(waiter) && waiter->future.status == AW_ECANCELED;
}
/* The loop of the calling task, or NULL outside a task: every waiting call starts with it. */
aw_loop *aw__sync_task_loop(void);
/* A fresh object id for the trace (futures and primitives share the counter). */
static inline uint64_t aw__sync_new_id(aw_loop *loop) { return ++loop->next_future_id; }

/* aw_event_wait, described for the trace as a wait on another object (a queue's join). */
int aw__event_wait_as(aw_event *event, aw_wait_kind kind, uint64_t object_id);

/* aw_condition_wait_for, described for the trace as a wait on another object (a barrier). */
int aw__condition_wait_for_as(aw_condition *condition, bool (*predicate)(void *arg), void *arg,
                              aw_wait_kind kind, uint64_t object_id);

#endif
