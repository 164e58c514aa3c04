/* The end of a run, as asyncio.run's: every task still alive is cancelled, in spawn order, and
 * the loop runs until they have finished their clean-up (rule 10). A task that clean-up code
 * spawns is cancelled in a later round. aw_loop_shutdown (run/run.c) and the playground's
 * stepped driver both end through these steps. */
#include "base/list.h"
#include "core/loop.h"
#include "core/loop.h"
#include "core/task.h"


/* Cancels the live tasks spawned since the last round. */
static void cancel_round(aw_loop *loop)
{
    uint64_t spawned_through = loop->next_task_id;
    AW_LIST_FOR_EACH(node, &loop->tasks) {
        aw_task *task = AW_CONTAINER_OF(node, aw_task, live_node);
        if (task->id > loop->cancelled_through && task->state != AW_TASK_DONE)
            aw_cancel(task);
    }
    loop->cancelled_through = spawned_through;
}

int aw_loop_shutdown_begin(aw_loop *loop)
{
    if (loop == NULL)
        return AW_EINVAL;
    if (loop->current != NULL)
        return AW_ESTATE;
    loop->shutting_down = true;
    loop->cancelled_through = 0;
    cancel_round(loop);
    return AW_OK;
}

int aw_loop_shutdown_step(aw_loop *loop)
{
    if (loop == NULL)
        return AW_EINVAL;
    if (loop->current != NULL || !loop->shutting_down)
        return AW_ESTATE;
    if (loop->live_tasks > 0 && loop->next_task_id != loop->cancelled_through)
        cancel_round(loop);
    int ran = loop->live_tasks > 0 ? aw_loop_step(loop) : 0;
    if (ran != 0)
        return ran;
    loop->shutting_down = false;
    return loop->live_tasks == 0 ? 0 : AW_EDEADLOCK;
}
