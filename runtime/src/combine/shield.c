/*
 * asyncio.shield (tasks.py): an outer future that follows an inner one. Cancelling the outer
 * (a task awaiting it is cancelled, or aw_future_cancel) leaves the inner running; the inner's
 * outcome, cancellation included, reaches the outer through a done callback, one hop after
 * the inner completes. Once the outer is done its callback takes the inner's back.
 */
#include "core/future.h"
#include "core/task.h"

static void inner_done(aw_future *inner, void *arg)
{
    aw_future *outer = arg;
    if (outer->state == FUTURE_PENDING)
        aw__future_complete(outer, inner->status, inner->result);
    aw__future_unref(outer);
}

static void outer_done(aw_future *outer, void *arg)
{
    aw_future *inner = arg;
    (void)outer;
    if (inner->state == FUTURE_PENDING && aw__future_remove_callback(inner, inner_done, outer))
        aw__future_unref(outer);
    aw__future_unref(inner);
}

static int shield(aw_future *inner, aw_future **out)
{
    aw_future *outer;
    int status = aw_future_new(&outer);
    if (status != AW_OK)
        return status;
    if (inner->state == FUTURE_DONE) { /* asyncio returns the inner itself: as done as it */
        aw__future_complete(outer, inner->status, inner->result);
        *out = outer;
        return AW_OK;
    }
    if (aw__future_add_callback(inner, inner_done, outer) != AW_OK) {
        aw__future_unref(outer);
        return AW_ENOMEM;
    }
    aw__future_ref(outer); /* inner_done's */
    if (aw__future_add_callback(outer, outer_done, inner) != AW_OK) {
        aw__future_remove_callback(inner, inner_done, outer);
        aw__future_unref(outer);
        aw__future_unref(outer);
        return AW_ENOMEM;
    }
    aw__future_ref(inner); /* outer_done's */
    *out = outer;
    return AW_OK;
}

int aw_future_shield(aw_future *future, aw_future **outer)
{
    if (future == NULL || outer == NULL)
        return AW_EINVAL;
    return shield(future, outer);
}

int aw_task_shield(aw_task *task, aw_future **outer)
{
    if (task == NULL || outer == NULL)
        return AW_EINVAL;
    return shield(&task->done, outer);
}
