/*
 * Queue: asyncio.Queue (queues.py). A put that finds room and a get that finds an item do not
 * yield. A waiter is taken off its list when it is woken and re-checks when it runs (the loop
 * below); one woken and then cancelled passes the wake-up on to the next in line. Items stay
 * in the queue until a getter runs, so a cancelled getter never loses one. LifoQueue and
 * PriorityQueue are the same queue with another order of its items (queue_items.c).
 */
#include "sync/queue_items.h"
#include "sync/sync.h"

#include <stdlib.h>

struct aw_queue {
    aw_loop *loop;
    uint64_t id;
    size_t maxsize;          /* 0: unbounded */
    queue_items items;
    aw_list getters, putters;  /* sync_waiter, FIFO */
    size_t unfinished;       /* items put and not yet marked done */
    aw_event *finished; /* set while unfinished == 0 */
};

static int new_queue(aw_queue **out, size_t maxsize, queue_order order,
                     aw_queue_compare compare)
{
    aw_loop *loop = aw__loop_current();
    if (out == NULL)
        return AW_EINVAL;
    if (loop == NULL)
        return AW_ESTATE;
    aw_queue *queue = malloc(sizeof *queue);
    if (queue == NULL)
        return AW_ENOMEM;
    *queue = (aw_queue){.loop = loop, .id = aw__sync_new_id(loop), .maxsize = maxsize,
                        .items = {.order = order, .compare = compare}};
    if (aw_event_new(&queue->finished) != AW_OK) {
        free(queue);
        return AW_ENOMEM;
    }
    aw_event_set(queue->finished);
    *out = queue;
    return AW_OK;
}

int aw_queue_new(aw_queue **queue, size_t maxsize)
{
    return new_queue(queue, maxsize, QUEUE_FIFO, NULL);
}

int aw_queue_new_lifo(aw_queue **queue, size_t maxsize)
{
    return new_queue(queue, maxsize, QUEUE_LIFO, NULL);
}

int aw_queue_new_priority(aw_queue **queue, size_t maxsize, aw_queue_compare compare)
{
    return new_queue(queue, maxsize, QUEUE_PRIORITY, compare);
}

void aw_queue_free(aw_queue *queue)
{
    if (queue == NULL)
        return;
    aw_event_free(queue->finished);
    aw__queue_items_free(&queue->items);
    free(queue);
}

size_t aw_queue_size(const aw_queue *queue) { return aw__queue_items_count(&queue->items); }
size_t aw_queue_maxsize(const aw_queue *queue) { return queue->maxsize; }
bool aw_queue_is_empty(const aw_queue *queue) { return aw__queue_items_count(&queue->items) == 0; }

bool aw_queue_is_full(const aw_queue *queue)
{
    return queue->maxsize > 0 && aw__queue_items_count(&queue->items) >= queue->maxsize;
}

/* Wakes the first waiter not already done, taking it off the list. */
static void wake_up_next(aw_list *waiters)
{
    while (!aw__list_is_empty(waiters)) {
        sync_waiter *waiter = AW_SYNC_WAITER_OF(aw__list_pop_front(waiters));
        if (aw__sync_wake(waiter))
            return;
    }
}

/* Waits on `waiters` while `blocked` holds; the wake-up of a waiter that leaves with an error
 * goes on to the next one if the queue could serve it. */
static int wait_until(aw_queue *queue, aw_list *waiters, bool (*blocked)(const aw_queue *))
{
    aw_loop *loop = aw__sync_task_loop();
    if (loop == NULL)
        return AW_ESTATE;
    while (blocked(queue)) {
        sync_waiter waiter;
        int status = aw__sync_wait(waiters, &waiter, loop, AW_WAIT_QUEUE, queue->id);
        if (status != AW_OK) {
            aw__list_remove_if_present(waiters, &waiter.node);
            if (!blocked(queue) && !aw__sync_cancelled(&waiter))
                wake_up_next(waiters);
            return status;
        }
    }
    return AW_OK;
}

int aw_queue_try_put(aw_queue *queue, aw_value value)
{
    if (queue == NULL)
        return AW_EINVAL;
    if (aw_queue_is_full(queue))
        return AW_EAGAIN;
    if (aw__queue_items_push(&queue->items, value) != AW_OK)
        return AW_ENOMEM;
    queue->unfinished++;
    aw_event_clear(queue->finished);
    wake_up_next(&queue->getters);
    return AW_OK;
}

int aw_queue_try_get(aw_queue *queue, aw_value *value)
{
    if (queue == NULL)
        return AW_EINVAL;
    if (aw_queue_is_empty(queue))
        return AW_EAGAIN;
    aw_value item = aw__queue_items_pop(&queue->items);
    if (value != NULL)
        *value = item;
    wake_up_next(&queue->putters);
    return AW_OK;
}

int(aw_queue_put)(aw_queue *queue, aw_value value)
{
    if (queue == NULL)
        return AW_EINVAL;
    int status = wait_until(queue, &queue->putters, aw_queue_is_full);
    return status == AW_OK ? aw_queue_try_put(queue, value) : status;
}

int(aw_queue_get)(aw_queue *queue, aw_value *value)
{
    if (queue == NULL)
        return AW_EINVAL;
    int status = wait_until(queue, &queue->getters, aw_queue_is_empty);
    return status == AW_OK ? aw_queue_try_get(queue, value) : status;
}

int aw_queue_task_done(aw_queue *queue)
{
    if (queue == NULL)
        return AW_EINVAL;
    if (queue->unfinished == 0)
        return AW_ESTATE;
    if (--queue->unfinished == 0)
        aw_event_set(queue->finished);
    return AW_OK;
}

int(aw_queue_join)(aw_queue *queue)
{
    if (queue == NULL)
        return AW_EINVAL;
    if (aw__sync_task_loop() == NULL)
        return AW_ESTATE;
    if (queue->unfinished == 0)
        return AW_OK;
    return aw__event_wait_as(queue->finished, AW_WAIT_QUEUE, queue->id);
}
