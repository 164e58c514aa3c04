/*
 * asyncio.wait (tasks.py, _wait): a done callback on every child counts it down and completes
 * a waiter future when the condition of return_when holds (any child, a child that failed, or
 * all of them); an optional timer completes it first. The children are never cancelled, and
 * the callbacks not yet queued are taken back when the wait ends, as asyncio's `finally:`
 * does. A callback already queued still runs later: the state is shared with it and freed by
 * the last one.
 */
#include "combine/children.h"
#include "core/task.h"

#include <stdlib.h>

typedef struct wait_state {
    aw_future waiter;
    aw_future **children;
    size_t count;
    size_t left;        /* children whose callback has not run */
    int return_when;
    size_t first_index; /* the child whose callback completed the waiter */
    int refs;           /* the caller + one per callback not yet run */
} wait_state;

static void state_unref(wait_state *state)
{
    if (--state->refs > 0)
        return;
    aw__children_drop(state->children, state->count);
    free(state);
}

static bool failed(const aw_future *child)
{
    return child->status != AW_OK && child->status != AW_ECANCELED;
}

static void child_done(aw_future *child, void *arg)
{
    wait_state *state = arg;
    state->left--;
    bool condition_met = state->left == 0 || state->return_when == AW_FIRST_COMPLETED ||
                         (state->return_when == AW_FIRST_EXCEPTION && failed(child));
    if (condition_met && state->waiter.state == FUTURE_PENDING) {
        state->first_index = aw__children_index(state->children, child);
        aw__future_complete(&state->waiter, AW_OK, (aw_value){0});
    }
    state_unref(state);
}

/* The wait of aw_wait and aw_wait_first: *first receives the index of the child that ended
 * it, done[] (may be NULL) which children are done when it returns. */
static int wait_for_children(aw_task *const *tasks, aw_future *const *futures, size_t count,
                             int return_when, int64_t timeout_ms, bool *done, size_t *first)
{
    aw_task *self = aw__loop_running_task();
    if (self == NULL)
        return AW_ESTATE;
    if (count == 0 || return_when < AW_FIRST_COMPLETED || return_when > AW_ALL_COMPLETED)
        return AW_EINVAL;
    wait_state *state = malloc(sizeof *state);
    if (state == NULL)
        return AW_ENOMEM;
    *state = (wait_state){.count = count, .left = count, .return_when = return_when, .refs = 1};
    int status = aw__children_take(&state->children, tasks, futures, count);
    if (status != AW_OK) {
        free(state);
        return status;
    }
    aw__future_init(&state->waiter, self->loop, FUTURE_PLAIN);
    size_t added = 0;
    for (; added < count; added++) {
        status = aw__future_add_callback(state->children[added], child_done, state);
        if (status != AW_OK)
            break;
        state->refs++;
    }
    if (status == AW_OK) {
        aw__children_trace(self->loop, state->waiter.id, state->children, count);
        status = aw__future_wait_until(&state->waiter, aw__deadline_after(timeout_ms),
                                       AW_ETIMEDOUT, AW_WAIT_GATHER, state->waiter.id, NULL);
    }
    for (size_t i = 0; i < added; i++)
        if (aw__future_remove_callback(state->children[i], child_done, state))
            state->refs--;
    if (status == AW_OK || status == AW_ETIMEDOUT || status == AW_ECANCELED) {
        for (size_t i = 0; done != NULL && i < count; i++)
            done[i] = state->children[i]->state == FUTURE_DONE;
        if (first != NULL)
            *first = state->first_index;
    }
    state_unref(state);
    return status;
}

int(aw_wait)(aw_task *const *tasks, size_t count, int return_when, int64_t timeout_ms,
             bool *done)
{
    if (tasks == NULL)
        return AW_EINVAL;
    return wait_for_children(tasks, NULL, count, return_when, timeout_ms, done, NULL);
}

int(aw_wait_futures)(aw_future *const *futures, size_t count, int return_when,
                     int64_t timeout_ms, bool *done)
{
    if (futures == NULL)
        return AW_EINVAL;
    return wait_for_children(NULL, futures, count, return_when, timeout_ms, done, NULL);
}

int(aw_wait_first_with)(aw_task *const *tasks, size_t count, size_t *index, int flags)
{
    if (tasks == NULL || (flags & ~AW_WAIT_FIRST_CANCEL_OTHERS) != 0)
        return AW_EINVAL;
    size_t first = 0;
    int status = wait_for_children(tasks, NULL, count, AW_FIRST_COMPLETED, -1, NULL, &first);
    if (status == AW_OK && index != NULL)
        *index = first;
    /* After the wait, whichever way it ended: the caller asked not to leave them running. */
    bool waited = status == AW_OK || status == AW_ECANCELED;
    if (waited && (flags & AW_WAIT_FIRST_CANCEL_OTHERS) != 0)
        for (size_t i = 0; i < count; i++)
            if (tasks[i]->state != AW_TASK_DONE)
                aw_cancel(tasks[i]);
    return status;
}

int(aw_wait_first)(aw_task *const *tasks, size_t count, size_t *index)
{
    return (aw_wait_first_with)(tasks, count, index, 0);
}
