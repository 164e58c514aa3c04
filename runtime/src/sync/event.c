/*
 * Event: asyncio.Event (locks.py). set() wakes every waiter in the order they started
 * waiting; waiting on a set event does not yield.
 */
#include "sync/sync.h"

#include <stdlib.h>

struct aw_event {
    aw_loop *loop;
    uint64_t id;
    bool value;
    aw_list waiters; /* sync_waiter, FIFO */
};

int aw_event_new(aw_event **out)
{
    aw_loop *loop = aw__loop_current();
    if (out == NULL)
        return AW_EINVAL;
    if (loop == NULL)
        return AW_ESTATE;
    aw_event *event = malloc(sizeof *event);
    if (event == NULL)
        return AW_ENOMEM;
    *event = (aw_event){.loop = loop, .id = aw__sync_new_id(loop)};
    *out = event;
    return AW_OK;
}

void aw_event_free(aw_event *event) { free(event); }

void aw_event_set(aw_event *event)
{
    if (event->value)
        return;
    event->value = true;
    AW_LIST_FOR_EACH(node, &event->waiters)
        aw__sync_wake(AW_SYNC_WAITER_OF(node));
}

void aw_event_clear(aw_event *event) { event->value = false; }

bool aw_event_is_set(const aw_event *event) { return event->value; }

int(aw_event_wait)(aw_event *event)
{
    if (event == NULL)
        return AW_EINVAL;
    return aw__event_wait_as(event, AW_WAIT_EVENT, event->id);
}

int aw__event_wait_as(aw_event *event, aw_wait_kind kind, uint64_t object_id)
{
    aw_loop *loop = aw__sync_task_loop();
    if (loop == NULL)
        return AW_ESTATE;
    if (event->value)
        return AW_OK;
    sync_waiter waiter;
    int status = aw__sync_wait(&event->waiters, &waiter, loop, kind, object_id);
    aw__list_remove_if_present(&event->waiters, &waiter.node);
    return status;
}
