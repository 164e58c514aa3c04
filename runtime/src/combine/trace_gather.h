/* The GATHER_CHILD trace events of a gather, wait-first or task group
 * (gather.c, group.c): which tasks the future `gather` of the running task
 * waits for. */
#ifndef AW_COMBINE_TRACE_GATHER_H
#define AW_COMBINE_TRACE_GATHER_H

#include "core/task.h"

static inline void aw__trace_gather_children(aw_loop *loop, uint64_t gather,
                                             aw_task *const *children, size_t count)
{
    if (!aw__trace_on(loop))
        return;
    for (size_t i = 0; i < count; i++) {
        if (children[i]->state == AW_TASK_DONE)
            continue;
        aw_trace_event event = {.kind = AW_TRACE_GATHER_CHILD,
                                .task = children[i],
                                .task_id = children[i]->id,
                                .task_name = aw__task_name(children[i]),
                                .object_id = gather};
        aw__trace_set_cause(loop, &event);
        aw__trace_emit(loop, &event);
    }
}

#endif
