/*
 * asyncio.as_completed (tasks.py): a done callback on every child puts it in a "done" queue,
 * and each next takes one from it, waiting while it is empty; a timeout puts one "timed out"
 * mark there per child still running instead, and takes their callbacks back. A child's
 * completion thus reaches a waiting next two hops later, as in asyncio. Callbacks already
 * queued when the iterator is freed still run: the state is shared with them.
 */
#include "combine/children.h"
#include "core/task.h"
#include "core/timer.h"

#include <stdlib.h>

#define TIMED_OUT SIZE_MAX /* the mark in `done` */

struct aw_as_completed {
    aw_loop *loop;
    uint64_t id;
    aw_future **children;
    size_t count;
    value_ring done;    /* indices of the children done, in the order their callbacks ran */
    size_t todo;        /* children whose callback has not run; 0 once timed out */
    size_t left;        /* results next has still to return */
    aw_timer *timer;    /* the timeout, until it fires or is cancelled */
    aw_future *getter;  /* the future the waiting next waits on, if one waits */
    int refs;           /* the owner + one per callback not yet run */
};

static void state_unref(aw_as_completed *it)
{
    if (--it->refs > 0)
        return;
    aw__children_drop(it->children, it->count);
    aw__ring_free(&it->done);
    free(it);
}

static void cancel_timer(aw_as_completed *it)
{
    if (it->timer != NULL) {
        aw__timer_cancel(it->loop, it->timer);
        it->timer = NULL;
    }
}

static void put_done(aw_as_completed *it, size_t index)
{
    if (aw__ring_push_back(&it->done, (aw_value){.i = (int64_t)index}) != AW_OK)
        aw__loop_out_of_memory(); /* a completion that cannot be kept would be lost */
    if (it->getter != NULL && it->getter->state == FUTURE_PENDING)
        aw__future_complete(it->getter, AW_OK, (aw_value){0});
}

static void child_done(aw_future *child, void *arg)
{
    aw_as_completed *it = arg;
    if (it->todo > 0) {
        it->todo--;
        put_done(it, aw__children_index(it->children, child));
        if (it->todo == 0)
            cancel_timer(it);
    }
    state_unref(it);
}

/* Takes back the callbacks not yet queued; `marks`: put a timed-out mark for each. */
static void remove_callbacks(aw_as_completed *it, bool marks)
{
    for (size_t i = 0; i < it->count; i++) {
        if (!aw__future_remove_callback(it->children[i], child_done, it))
            continue;
        it->refs--;
        if (marks)
            put_done(it, TIMED_OUT);
    }
}

static void timed_out(void *arg)
{
    aw_as_completed *it = arg;
    it->timer = NULL;
    remove_callbacks(it, true);
    it->todo = 0;
}

static int start(aw_as_completed **out, aw_task *const *tasks, aw_future *const *futures,
                 size_t count, int64_t timeout_ms)
{
    aw_loop *loop = aw__loop_current();
    if (out == NULL)
        return AW_EINVAL;
    if (loop == NULL)
        return AW_ESTATE;
    aw_as_completed *it = malloc(sizeof *it);
    if (it == NULL)
        return AW_ENOMEM;
    *it = (aw_as_completed){.loop = loop, .id = aw__loop_new_object_id(loop), .count = count,
                            .todo = count, .left = count, .refs = 1};
    int status = aw__children_take(&it->children, tasks, futures, count);
    if (status != AW_OK) {
        free(it);
        return status;
    }
    for (size_t i = 0; i < count && status == AW_OK; i++) {
        status = aw__future_add_callback(it->children[i], child_done, it);
        if (status == AW_OK)
            it->refs++;
    }
    if (status == AW_OK && count > 0 && timeout_ms >= 0) {
        it->timer = aw__timer_arm(loop, aw__ms_to_ns(timeout_ms), timed_out, it);
        if (it->timer == NULL)
            status = AW_ENOMEM;
    }
    if (status != AW_OK) {
        aw_as_completed_free(it);
        return status;
    }
    *out = it;
    return AW_OK;
}

int aw_as_completed_new(aw_as_completed **it, aw_task *const *tasks, size_t count,
                        int64_t timeout_ms)
{
    return tasks != NULL ? start(it, tasks, NULL, count, timeout_ms) : AW_EINVAL;
}

int aw_as_completed_new_futures(aw_as_completed **it, aw_future *const *futures, size_t count,
                                int64_t timeout_ms)
{
    return futures != NULL ? start(it, NULL, futures, count, timeout_ms) : AW_EINVAL;
}

int(aw_as_completed_next)(aw_as_completed *it, size_t *index)
{
    if (it == NULL)
        return AW_EINVAL;
    aw_task *self = aw__loop_running_task();
    if (self == NULL || it->getter != NULL)
        return AW_ESTATE;
    if (it->left == 0)
        return AW_ECLOSED;
    while (it->done.count == 0) {
        aw_future getter;
        aw__future_init(&getter, it->loop, FUTURE_PLAIN);
        it->getter = &getter;
        aw__children_trace(it->loop, it->id, it->children, it->count);
        int status = aw__future_wait(&getter, AW_WAIT_GATHER, it->id, 0, NULL);
        it->getter = NULL;
        if (status != AW_OK)
            return status;
    }
    it->left--;
    size_t next = (size_t)aw__ring_pop_front(&it->done).i;
    if (next == TIMED_OUT)
        return AW_ETIMEDOUT;
    if (index != NULL)
        *index = next;
    return AW_OK;
}

void aw_as_completed_free(aw_as_completed *it)
{
    if (it == NULL)
        return;
    cancel_timer(it);
    remove_callbacks(it, false);
    it->todo = 0;
    state_unref(it);
}
