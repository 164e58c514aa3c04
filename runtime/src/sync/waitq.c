/* Future-backed waiters shared by the synchronisation primitives. */
#include "sync/sync.h"

aw_loop *aw__sync_task_loop(void)
{
    aw_task *task = aw__loop_running_task();
    return task != NULL ? task->loop : NULL;
}

int aw__sync_wait(aw_list *queue, sync_waiter *waiter, aw_loop *loop, aw_wait_kind kind,
                  uint64_t object_id)
{
    aw__future_init(&waiter->future, loop, FUTURE_PLAIN);
    aw__list_push_back(queue, &waiter->node);
    return aw__future_wait(&waiter->future, kind, object_id, 0, NULL);
}

bool aw__sync_wake(sync_waiter *waiter)
{
    if (aw__sync_done(waiter))
        return false;
    aw__future_complete(&waiter->future, AW_OK, (aw_value){0});
    return true;
}
