/* The futures a wait or an as_completed watches (children.h). */
#include "combine/children.h"
#include "combine/trace_gather.h"

#include <stdlib.h>

int aw__children_take(aw_future ***out, aw_task *const *tasks, aw_future *const *futures,
                      size_t count)
{
    if (tasks == NULL && futures == NULL)
        return AW_EINVAL;
    aw_task *self = aw__loop_running_task();
    for (size_t i = 0; i < count; i++) {
        if (tasks != NULL ? tasks[i] == NULL || tasks[i] == self : futures[i] == NULL)
            return AW_EINVAL;
    }
    aw_future **children = malloc((count > 0 ? count : 1) * sizeof *children);
    if (children == NULL)
        return AW_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        children[i] = tasks != NULL ? &tasks[i]->done : futures[i];
        aw__future_ref(children[i]);
    }
    *out = children;
    return AW_OK;
}

void aw__children_drop(aw_future **children, size_t count)
{
    for (size_t i = 0; i < count; i++)
        aw__future_unref(children[i]);
    free(children);
}

size_t aw__children_index(aw_future *const *children, const aw_future *child)
{
    size_t i = 0;
    while (children[i] != child)
        i++;
    return i;
}

void aw__children_trace(aw_loop *loop, uint64_t gather, aw_future *const *children,
                        size_t count)
{
    if (!aw__trace_on(loop))
        return;
    for (size_t i = 0; i < count; i++) {
        if (children[i]->kind != FUTURE_TASK)
            continue;
        aw_task *task = children[i]->owner;
        aw__trace_gather_children(loop, gather, &task, 1);
    }
}
