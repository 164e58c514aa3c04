/* Waiter lists and future-backed waiters shared by the synchronisation primitives. */
#include "sync/sync.h"

void aw__waitq_push(waitq *queue, waitq_node *node)
{
    node->next = NULL;
    node->prev = queue->last;
    if (queue->last != NULL)
        queue->last->next = node;
    else
        queue->first = node;
    queue->last = node;
    node->linked = true;
}

void aw__waitq_remove(waitq *queue, waitq_node *node)
{
    if (!node->linked)
        return;
    if (node->prev != NULL)
        node->prev->next = node->next;
    else
        queue->first = node->next;
    if (node->next != NULL)
        node->next->prev = node->prev;
    else
        queue->last = node->prev;
    node->prev = node->next = NULL;
    node->linked = false;
}

aw_loop *aw__sync_task_loop(void)
{
    aw_task *task = aw__loop_running_task();
    return task != NULL ? task->loop : NULL;
}

int aw__sync_wait(waitq *queue, sync_waiter *waiter, aw_loop *loop, aw_wait_kind kind,
                  uint64_t object_id)
{
    aw__future_init(&waiter->future, loop, FUTURE_PLAIN);
    aw__waitq_push(queue, &waiter->node);
    return aw__future_wait(&waiter->future, kind, object_id, 0, NULL);
}

bool aw__sync_wake(sync_waiter *waiter)
{
    if (aw__sync_done(waiter))
        return false;
    aw__future_complete(&waiter->future, AW_OK, (aw_value){0});
    return true;
}
