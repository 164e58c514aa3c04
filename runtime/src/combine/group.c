/*
 * Task groups, built as asyncio.TaskGroup: a done callback on every child; the first failure
 * cancels the other children (in spawn order, where asyncio uses a set's order) and the
 * parent's await in progress; closing the group waits on a future that the last child's
 * callback completes.
 */
#include "core/future.h"
#include "core/loop.h"
#include "core/task.h"
#include "combine/trace_gather.h"

#include <stdlib.h>

struct aw_group {
    aw_loop *loop;
    aw_task *parent;
    aw_task **children;          /* in spawn order; the group holds a reference to each */
    size_t count, capacity;
    size_t pending;              /* children whose done callback has not run yet */
    int *errors;
    size_t error_count, error_capacity;
    aw_future all_done;          /* completed when pending drops to 0 while closing */
    bool closing;                /* aw_group_wait was called */
    bool waiting;                /* all_done is being awaited */
    bool aborting;               /* cancelling the children after a failure or a cancel */
    bool parent_cancel_requested;
};

int aw_group_new(aw_group **out)
{
    aw_task *parent = aw__loop_running_task();
    if (out == NULL)
        return AW_EINVAL;
    if (parent == NULL)
        return AW_ESTATE;
    aw_group *group = calloc(1, sizeof *group);
    if (group == NULL)
        return AW_ENOMEM;
    group->loop = parent->loop;
    group->parent = parent;
    /* Room for the first error up front: it is the one aw_group_wait returns. */
    group->errors = malloc(4 * sizeof *group->errors);
    if (group->errors == NULL) {
        free(group);
        return AW_ENOMEM;
    }
    group->error_capacity = 4;
    *out = group;
    return AW_OK;
}

static void record_error(aw_group *group, int status)
{
    if (group->error_count == group->error_capacity) {
        size_t capacity = group->error_capacity ? group->error_capacity * 2 : 4;
        int *errors = realloc(group->errors, capacity * sizeof *errors);
        if (errors == NULL)
            return; /* only later errors can be lost: there is room for the first */
        group->errors = errors;
        group->error_capacity = capacity;
    }
    group->errors[group->error_count++] = status;
}

static void abort_children(aw_group *group)
{
    group->aborting = true;
    for (size_t i = 0; i < group->count; i++)
        if (group->children[i]->state != AW_TASK_DONE)
            aw_cancel(group->children[i]);
}

static void child_done(aw_future *child, void *arg)
{
    aw_group *group = arg;
    group->pending--;
    if (group->waiting && group->pending == 0 && group->all_done.state == FUTURE_PENDING)
        aw__future_complete(&group->all_done, AW_OK, (aw_value){0});
    int status = child->status;
    if (status == AW_OK || status == AW_ECANCELED)
        return;
    record_error(group, status);
    if (group->parent->state == AW_TASK_DONE)
        return;
    if (!group->aborting && !group->parent_cancel_requested) {
        /* Stop whatever the parent awaits inside the group, too. */
        abort_children(group);
        group->parent_cancel_requested = true;
        aw_cancel(group->parent);
    }
}

int aw_group_spawn(aw_group *group, aw_task **out, aw_task_fn fn, void *arg,
                   const aw_spawn_options *options)
{
    if (group == NULL)
        return AW_EINVAL;
    if ((group->closing && group->pending == 0) || group->aborting)
        return AW_ESTATE;
    if (group->count == group->capacity) {
        size_t capacity = group->capacity ? group->capacity * 2 : 8;
        aw_task **children = realloc(group->children, capacity * sizeof *children);
        if (children == NULL)
            return AW_ENOMEM;
        group->children = children;
        group->capacity = capacity;
    }
    aw_task *task;
    int status = aw_spawn_with(&task, fn, arg, options);
    if (status != AW_OK)
        return status;
    status = aw__future_add_callback(&task->done, child_done, group);
    if (status != AW_OK) {
        aw_cancel(task);
        aw_task_unref(task);
        return status;
    }
    group->children[group->count++] = task;
    group->pending++;
    if (out != NULL) {
        aw__future_ref(&task->done);
        *out = task;
    }
    return AW_OK;
}

int(aw_group_wait)(aw_group *group, int body_status)
{
    if (group == NULL)
        return AW_EINVAL;
    if (group->closing || aw__loop_running_task() != group->parent)
        return AW_ESTATE;
    group->closing = true;
    int propagate = body_status == AW_ECANCELED ? AW_ECANCELED : AW_OK;
    if (body_status != AW_OK && !group->aborting)
        abort_children(group);
    while (group->pending > 0) {
        aw__future_init(&group->all_done, group->loop, FUTURE_PLAIN);
        group->waiting = true;
        aw__trace_gather_children(group->loop, group->all_done.id, group->children, group->count);
        int status = aw__future_wait(&group->all_done, AW_WAIT_GATHER, group->all_done.id, 0,
                                     NULL);
        group->waiting = false;
        if (status == AW_ECANCELED && !group->aborting) {
            propagate = AW_ECANCELED; /* the parent is being cancelled from outside */
            abort_children(group);
        }
    }
    /* Withdraw the cancellation the group made of its parent (Python 3.13's order: after the
     * children are done, so that one made while closing is withdrawn too). */
    if (group->parent_cancel_requested && aw_task_uncancel(group->parent) == 0)
        propagate = AW_OK;
    if (body_status != AW_OK && body_status != AW_ECANCELED)
        record_error(group, body_status);
    if (group->error_count == 0)
        return propagate;
    /* The errors win over a cancellation from outside, which the group's wait may have taken:
     * ask for it again, keeping the count, so that the parent's next wait gets it (3.13). */
    if (aw_task_cancelling(group->parent) > 0) {
        aw_task_uncancel(group->parent);
        aw_cancel(group->parent);
    }
    return group->errors[0];
}

size_t aw_group_errors(const aw_group *group, int *statuses, size_t capacity)
{
    for (size_t i = 0; i < group->error_count && i < capacity; i++)
        statuses[i] = group->errors[i];
    return group->error_count;
}

int aw_group_free(aw_group *group)
{
    if (group == NULL)
        return AW_OK;
    if (group->pending > 0)
        return AW_ESTATE;
    for (size_t i = 0; i < group->count; i++)
        aw_task_unref(group->children[i]);
    free(group->children);
    free(group->errors);
    free(group);
    return AW_OK;
}
