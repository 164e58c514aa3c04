/*
 * Lock: asyncio.Lock (locks.py). Acquiring a free lock does not yield; waiters are served FIFO
 * and a release wakes the first one, which takes the lock when it runs (one hop). A woken
 * waiter that is cancelled before it runs passes the wake-up on, so none is lost.
 */
#include "sync/lock.h"

#include <stdlib.h>

void aw__lock_init(aw_lock *lock, aw_loop *loop)
{
    *lock = (aw_lock){.loop = loop, .id = aw__sync_new_id(loop)};
}

static bool all_waiters_cancelled(const aw_lock *lock)
{
    AW_LIST_FOR_EACH(node, &lock->waiters)
        if (!aw__sync_cancelled(AW_SYNC_WAITER_OF(node)))
            return false;
    return true;
}

/* Wakes the first waiter unless it is already woken: it will then take the lock, or pass the
 * wake-up on again if it was cancelled meanwhile. */
static void wake_up_first(aw_lock *lock)
{
    if (!aw__list_is_empty(&lock->waiters))
        aw__sync_wake(AW_SYNC_WAITER_OF(lock->waiters.first));
}

int aw_lock_new(aw_lock **out)
{
    aw_loop *loop = aw__loop_current();
    if (out == NULL)
        return AW_EINVAL;
    if (loop == NULL)
        return AW_ESTATE;
    aw_lock *lock = malloc(sizeof *lock);
    if (lock == NULL)
        return AW_ENOMEM;
    aw__lock_init(lock, loop);
    *out = lock;
    return AW_OK;
}

void aw_lock_free(aw_lock *lock) { free(lock); }

int(aw_lock_acquire)(aw_lock *lock)
{
    if (lock == NULL)
        return AW_EINVAL;
    aw_loop *loop = aw__sync_task_loop();
    if (loop == NULL)
        return AW_ESTATE;
    if (!lock->locked && all_waiters_cancelled(lock)) {
        lock->locked = true;
        return AW_OK;
    }
    sync_waiter waiter;
    int status = aw__sync_wait(&lock->waiters, &waiter, loop, AW_WAIT_LOCK, lock->id);
    aw__list_remove_if_present(&lock->waiters, &waiter.node);
    if (status != AW_OK) {
        if (!lock->locked)
            wake_up_first(lock);
        return status;
    }
    lock->locked = true;
    return AW_OK;
}

int aw_lock_release(aw_lock *lock)
{
    if (lock == NULL)
        return AW_EINVAL;
    if (!lock->locked)
        return AW_ESTATE;
    lock->locked = false;
    wake_up_first(lock);
    return AW_OK;
}

bool aw_lock_is_locked(const aw_lock *lock) { return lock->locked; }
