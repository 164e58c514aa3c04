/* aw_loop_get_stats: what a loop holds right now, read from the structures that hold it (as
 * libuv's uv_metrics_info), so that a program or a test can check that everything it took was
 * given back. Only the task records need a walk: nothing else counts the finished ones. */
#include "base/list.h"
#include "core/task.h"
#include "aw.h"
#include "core/loop.h"

void aw_loop_get_stats(const aw_loop *loop, aw_loop_stats *stats)
{
    if (stats == NULL)
        return;
    if (loop == NULL) {
        *stats = (aw_loop_stats){0};
        return;
    }
    size_t records = 0;
    AW_LIST_FOR_EACH(node, &loop->tasks)
        records++;
    *stats = (aw_loop_stats){
        .live_tasks = loop->live_tasks,
        .finished_tasks = records - loop->live_tasks,
        /* A task's record sits at the top of its own stack: one stack per record. */
        .stacks_in_use = records,
        .stacks_cached = loop->stacks.cached,
        .timers_armed = loop->timers.count,
        .futures = loop->heap_future_count,
        .done_callbacks = loop->pending_callbacks,
        .io_waits = loop->waiting_io,
        .ready = loop->ready.count,
    };
}
