/*
 * Barrier: asyncio.Barrier (locks.py), built as asyncio builds it, on a condition: a task
 * waits while the barrier drains or resets, then counts itself in; the last of `parties`
 * switches to draining and notifies everyone, the others wait for the state to leave filling.
 * The last task out of a drain or a reset sets it filling again. A cancelled waiter just leaves
 * (the barrier is not broken), and its condition wait passes one notification on (3.13).
 */
#include "sync/lock.h"

#include <stdlib.h>

typedef enum barrier_state { FILLING, DRAINING, RESETTING, BROKEN } barrier_state;

struct aw_barrier {
    uint64_t id;
    aw_condition *condition; /* with a lock of its own */
    size_t parties;
    size_t count;            /* tasks inside wait, past the first block */
    barrier_state state;
};

int aw_barrier_new(aw_barrier **out, size_t parties)
{
    aw_loop *loop = aw__loop_current();
    if (out == NULL || parties == 0)
        return AW_EINVAL;
    if (loop == NULL)
        return AW_ESTATE;
    aw_barrier *barrier = malloc(sizeof *barrier);
    if (barrier == NULL)
        return AW_ENOMEM;
    *barrier = (aw_barrier){.id = aw__sync_new_id(loop), .parties = parties, .state = FILLING};
    if (aw_condition_new(&barrier->condition, NULL) != AW_OK) {
        free(barrier);
        return AW_ENOMEM;
    }
    *out = barrier;
    return AW_OK;
}

void aw_barrier_free(aw_barrier *barrier)
{
    if (barrier == NULL)
        return;
    aw_condition_free(barrier->condition);
    free(barrier);
}

static bool not_draining(void *arg)
{
    const aw_barrier *barrier = arg;
    return barrier->state != DRAINING && barrier->state != RESETTING;
}

static bool not_filling(void *arg) { return ((const aw_barrier *)arg)->state != FILLING; }

static int wait_until(aw_barrier *barrier, bool (*predicate)(void *arg))
{
    return aw__condition_wait_for_as(barrier->condition, predicate, barrier, AW_WAIT_BARRIER,
                                     barrier->id);
}

/* The barrier's lock is held only by a task running inside aw_barrier_wait, and never across
 * a suspension (a condition wait gives it up and takes it back at once, nobody else ever
 * holding it). So reset and abort, which hold it to notify in asyncio (`async with`), find it
 * free and take it without waiting, from any code. */
static void notify_all_holding_lock(aw_barrier *barrier)
{
    aw_lock *lock = aw_condition_lock(barrier->condition);
    lock->locked = true;
    aw_condition_notify_all(barrier->condition);
    lock->locked = false;
}

/* The last task out of a drain or a reset opens the barrier again. */
static void leave(aw_barrier *barrier)
{
    if (--barrier->count > 0)
        return;
    if (barrier->state == RESETTING || barrier->state == DRAINING)
        barrier->state = FILLING;
    aw_condition_notify_all(barrier->condition);
}

int(aw_barrier_wait)(aw_barrier *barrier, size_t *index)
{
    if (barrier == NULL)
        return AW_EINVAL;
    if (aw__sync_task_loop() == NULL)
        return AW_ESTATE;
    (aw_condition_acquire)(barrier->condition); /* free: see notify_all_holding_lock */
    int status = wait_until(barrier, not_draining);
    if (status == AW_OK && barrier->state == BROKEN)
        status = AW_EBROKEN;
    if (status != AW_OK) {
        aw_condition_release(barrier->condition);
        return status;
    }
    size_t arrival = barrier->count++;
    if (arrival + 1 == barrier->parties) {
        barrier->state = DRAINING;
        aw_condition_notify_all(barrier->condition);
    } else {
        status = wait_until(barrier, not_filling);
        if (status == AW_OK && (barrier->state == BROKEN || barrier->state == RESETTING))
            status = AW_EBROKEN;
    }
    leave(barrier);
    aw_condition_release(barrier->condition);
    if (status == AW_OK && index != NULL)
        *index = arrival;
    return status;
}

int aw_barrier_reset(aw_barrier *barrier)
{
    if (barrier == NULL)
        return AW_EINVAL;
    barrier->state = barrier->count > 0 ? RESETTING : FILLING;
    notify_all_holding_lock(barrier);
    return AW_OK;
}

int aw_barrier_abort(aw_barrier *barrier)
{
    if (barrier == NULL)
        return AW_EINVAL;
    barrier->state = BROKEN;
    notify_all_holding_lock(barrier);
    return AW_OK;
}

size_t aw_barrier_parties(const aw_barrier *barrier) { return barrier->parties; }

size_t aw_barrier_n_waiting(const aw_barrier *barrier)
{
    return barrier->state == FILLING ? barrier->count : 0;
}

bool aw_barrier_is_broken(const aw_barrier *barrier) { return barrier->state == BROKEN; }
