/*
 * Condition: asyncio.Condition (locks.py, with the notification hand-over of Python 3.13).
 * wait() releases the lock, waits for a notify, then re-acquires the lock whatever happens,
 * cancellation included; a waiter that leaves with an error passes one notification on, so a
 * notify that reached a task cancelled before it ran is not lost (a spurious wake-up for the
 * next waiter is allowed by the condition-variable protocol).
 */
#include "sync/lock.h"

#include <stdlib.h>

struct aw_condition {
    aw_loop *loop;
    uint64_t id;
    aw_lock *lock;
    aw_lock own_lock; /* used when no lock is given */
    aw_list waiters;    /* sync_waiter, FIFO */
};

int aw_condition_new(aw_condition **out, aw_lock *lock)
{
    aw_loop *loop = aw__loop_current();
    if (out == NULL)
        return AW_EINVAL;
    if (loop == NULL)
        return AW_ESTATE;
    aw_condition *condition = malloc(sizeof *condition);
    if (condition == NULL)
        return AW_ENOMEM;
    *condition = (aw_condition){.loop = loop, .id = aw__sync_new_id(loop), .lock = lock};
    if (lock == NULL) {
        aw__lock_init(&condition->own_lock, loop);
        condition->lock = &condition->own_lock;
    }
    *out = condition;
    return AW_OK;
}

void aw_condition_free(aw_condition *condition) { free(condition); }

aw_lock *aw_condition_lock(aw_condition *condition) { return condition->lock; }

int(aw_condition_acquire)(aw_condition *condition)
{
    return condition != NULL ? (aw_lock_acquire)(condition->lock) : AW_EINVAL;
}

int aw_condition_release(aw_condition *condition)
{
    return condition != NULL ? aw_lock_release(condition->lock) : AW_EINVAL;
}

static void notify(aw_condition *condition, size_t n)
{
    size_t woken = 0;
    for (aw_list_node *node = condition->waiters.first; node != NULL && woken < n;
         node = node->next)
        if (aw__sync_wake(AW_SYNC_WAITER_OF(node)))
            woken++;
}

/* Takes the lock back even through cancellations; reports whether any arrived. */
static int reacquire(aw_lock *lock)
{
    int status = AW_OK;
    for (;;) {
        int acquired = (aw_lock_acquire)(lock);
        if (acquired == AW_OK)
            return status;
        status = acquired;
    }
}

/* aw_condition_wait described for the trace as a wait on `object_id` of kind `kind`. */
static int wait_as(aw_condition *condition, aw_wait_kind kind, uint64_t object_id)
{
    if (condition == NULL)
        return AW_EINVAL;
    aw_loop *loop = aw__sync_task_loop();
    if (loop == NULL || !condition->lock->locked)
        return AW_ESTATE;
    aw_lock_release(condition->lock);
    sync_waiter waiter;
    int status = aw__sync_wait(&condition->waiters, &waiter, loop, kind, object_id);
    aw__list_remove_if_present(&condition->waiters, &waiter.node);
    int reacquired = reacquire(condition->lock);
    if (reacquired != AW_OK)
        status = reacquired;
    if (status != AW_OK)
        notify(condition, 1);
    return status;
}

int(aw_condition_wait)(aw_condition *condition)
{
    return wait_as(condition, AW_WAIT_CONDITION, condition != NULL ? condition->id : 0);
}

int aw__condition_wait_for_as(aw_condition *condition, bool (*predicate)(void *arg), void *arg,
                              aw_wait_kind kind, uint64_t object_id)
{
    if (condition == NULL || predicate == NULL)
        return AW_EINVAL;
    while (!predicate(arg)) {
        int status = wait_as(condition, kind, object_id);
        if (status != AW_OK)
            return status;
    }
    return AW_OK;
}

int(aw_condition_wait_for)(aw_condition *condition, bool (*predicate)(void *arg), void *arg)
{
    return aw__condition_wait_for_as(condition, predicate, arg, AW_WAIT_CONDITION,
                                     condition != NULL ? condition->id : 0);
}

int aw_condition_notify(aw_condition *condition, size_t n)
{
    if (condition == NULL)
        return AW_EINVAL;
    if (!condition->lock->locked)
        return AW_ESTATE;
    notify(condition, n);
    return AW_OK;
}

int aw_condition_notify_all(aw_condition *condition)
{
    return aw_condition_notify(condition, SIZE_MAX);
}
