/*
 * asyncio.gather, built as asyncio builds it: a done callback on every child and an outer
 * future the caller waits on. The callbacks run from the ready queue, so a child's completion
 * reaches the caller two hops later, exactly as in asyncio.gather.
 * The shared state is heap-allocated because callbacks may outlive the caller (gather returns
 * at the first error while the other children run on).
 */
#include "core/future.h"
#include "core/loop.h"
#include "core/task.h"
#include "combine/trace_gather.h"

#include <stdlib.h>
#include <string.h>

typedef struct gather_state {
    aw_future outer;
    aw_task **children;
    size_t count;
    size_t finished;
    int refs;                 /* the caller + one per pending child callback */
    bool return_statuses;     /* aw_gather_all */
    bool cancel_requested;
    aw_value *results;        /* the caller's arrays, NULL once the caller has left */
    int *statuses;
} gather_state;

static void state_unref(gather_state *state)
{
    if (--state->refs > 0)
        return;
    for (size_t i = 0; i < state->count; i++)
        aw__future_unref(&state->children[i]->done);
    free(state->children);
    free(state);
}

static bool cancel_children(aw_future *outer)
{
    gather_state *state = outer->owner;
    bool cancelled = false;
    for (size_t i = 0; i < state->count; i++)
        if (aw__future_cancel(&state->children[i]->done))
            cancelled = true;
    /* The outer future ends cancelled once the children have finished (asyncio). */
    if (cancelled)
        state->cancel_requested = true;
    return cancelled;
}

static void child_done(aw_future *child, void *arg)
{
    gather_state *state = arg;
    state->finished++;
    if (state->outer.state == FUTURE_DONE) {
        state_unref(state);
        return;
    }
    if (!state->return_statuses && child->status != AW_OK) {
        aw__future_complete(&state->outer, child->status, (aw_value){0});
    } else if (state->finished == state->count) {
        for (size_t i = 0; i < state->count; i++) {
            if (state->results != NULL)
                state->results[i] = state->children[i]->done.result;
            if (state->statuses != NULL)
                state->statuses[i] = state->children[i]->done.status;
        }
        aw__future_complete(&state->outer, state->cancel_requested ? AW_ECANCELED : AW_OK,
                            (aw_value){0});
    }
    state_unref(state);
}

static int wait_on_children(aw_task *const *tasks, size_t count, gather_state *shape)
{
    aw_task *self = aw__loop_running_task();
    if (self == NULL)
        return AW_ESTATE;
    if (tasks == NULL)
        return AW_EINVAL;
    for (size_t i = 0; i < count; i++)
        if (tasks[i] == NULL || tasks[i] == self)
            return AW_EINVAL;
    gather_state *state = malloc(sizeof *state);
    aw_task **children = malloc(count * sizeof *children);
    if (state == NULL || children == NULL) {
        free(state);
        free(children);
        return AW_ENOMEM;
    }
    *state = *shape;
    memcpy(children, tasks, count * sizeof *children);
    state->children = children;
    state->count = count;
    state->refs = 1;
    aw__future_init(&state->outer, self->loop, FUTURE_GATHER);
    state->outer.cancel_children = cancel_children;
    state->outer.owner = state;
    for (size_t i = 0; i < count; i++) {
        aw__future_ref(&children[i]->done); /* the state's own, dropped with it */
        state->refs++;
        /* asyncio.gather since CPython 3.12: a child already done counts at once, so a gather
         * of finished tasks is done before it is awaited and does not suspend (rule 11). */
        if (children[i]->state == AW_TASK_DONE) {
            child_done(&children[i]->done, state);
            continue;
        }
        if (aw__future_add_callback(&children[i]->done, child_done, state) != AW_OK) {
            /* Only this child lacks a callback; the ones added keep the state alive. */
            state->refs--;
            state->outer.state = FUTURE_DONE;
            state->results = NULL;
            state->statuses = NULL;
            state_unref(state);
            return AW_ENOMEM;
        }
    }
    if (state->outer.state == FUTURE_PENDING)
        aw__trace_gather_children(self->loop, state->outer.id, children, count);
    int status = aw__future_wait(&state->outer, AW_WAIT_GATHER, state->outer.id, 0, NULL);
    /* Leaving early (an error, a cancellation): later callbacks must not write our arrays. */
    state->results = NULL;
    state->statuses = NULL;
    state_unref(state);
    return status;
}

int(aw_gather)(aw_task *const *tasks, size_t count, aw_value *results)
{
    if (count == 0)
        return aw__loop_running_task() != NULL ? AW_OK : AW_ESTATE;
    gather_state shape = {.results = results};
    return wait_on_children(tasks, count, &shape);
}

int(aw_gather_all)(aw_task *const *tasks, size_t count, aw_value *results, int *statuses)
{
    if (count == 0)
        return aw__loop_running_task() != NULL ? AW_OK : AW_ESTATE;
    gather_state shape = {.results = results, .statuses = statuses, .return_statuses = true};
    return wait_on_children(tasks, count, &shape);
}
