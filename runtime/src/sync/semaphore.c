/*
 * Semaphore and BoundedSemaphore: asyncio's (locks.py, 3.11.3 and later). Fair: an acquirer
 * never jumps ahead of waiters that are not cancelled. A release hands one unit straight to
 * the first waiter (the value is decremented for it at wake-up), so a task arriving between
 * the release and the waiter's hop finds the semaphore taken.
 */
#include "sync/sync.h"

#include <stdlib.h>

struct aw_semaphore {
    aw_loop *loop;
    uint64_t id;
    int value;
    int bound;      /* the initial value of a bounded semaphore; -1: unbounded */
    aw_list waiters;  /* sync_waiter, FIFO */
};

static int create(aw_semaphore **out, int value, int bound)
{
    aw_loop *loop = aw__loop_current();
    if (out == NULL || value < 0)
        return AW_EINVAL;
    if (loop == NULL)
        return AW_ESTATE;
    aw_semaphore *semaphore = malloc(sizeof *semaphore);
    if (semaphore == NULL)
        return AW_ENOMEM;
    *semaphore = (aw_semaphore){.loop = loop, .id = aw__sync_new_id(loop), .value = value,
                                .bound = bound};
    *out = semaphore;
    return AW_OK;
}

int aw_semaphore_new(aw_semaphore **out, int value) { return create(out, value, -1); }

int aw_semaphore_new_bounded(aw_semaphore **out, int value) { return create(out, value, value); }

void aw_semaphore_free(aw_semaphore *semaphore) { free(semaphore); }

bool aw_semaphore_is_locked(const aw_semaphore *semaphore)
{
    if (semaphore->value == 0)
        return true;
    AW_LIST_FOR_EACH(node, &semaphore->waiters)
        if (!aw__sync_cancelled(AW_SYNC_WAITER_OF(node)))
            return true;
    return false;
}

int aw_semaphore_value(const aw_semaphore *semaphore) { return semaphore->value; }

/* Wakes the first waiter not already woken, taking one unit for it. */
static void wake_up_next(aw_semaphore *semaphore)
{
    AW_LIST_FOR_EACH(node, &semaphore->waiters) {
        if (aw__sync_wake(AW_SYNC_WAITER_OF(node))) {
            semaphore->value--;
            return;
        }
    }
}

int(aw_semaphore_acquire)(aw_semaphore *semaphore)
{
    if (semaphore == NULL)
        return AW_EINVAL;
    aw_loop *loop = aw__sync_task_loop();
    if (loop == NULL)
        return AW_ESTATE;
    if (!aw_semaphore_is_locked(semaphore)) {
        semaphore->value--;
        return AW_OK;
    }
    sync_waiter waiter;
    int status = aw__sync_wait(&semaphore->waiters, &waiter, loop, AW_WAIT_SEMAPHORE,
                               semaphore->id);
    aw__list_remove_if_present(&semaphore->waiters, &waiter.node);
    if (status != AW_OK) {
        /* Woken, then cancelled before it ran: give the unit taken for it to the next one. */
        if (!aw__sync_cancelled(&waiter)) {
            semaphore->value++;
            wake_up_next(semaphore);
        }
        return status;
    }
    if (semaphore->value > 0)
        wake_up_next(semaphore);
    return AW_OK;
}

int aw_semaphore_release(aw_semaphore *semaphore)
{
    if (semaphore == NULL)
        return AW_EINVAL;
    if (semaphore->bound >= 0 && semaphore->value >= semaphore->bound)
        return AW_ESTATE;
    semaphore->value++;
    wake_up_next(semaphore);
    return AW_OK;
}
