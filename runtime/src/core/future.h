/* Futures: the one thing a task waits on. Completing a future never runs anybody: it queues its
 * waiters in the order they started waiting (rule 7). Nothing here is public. */
#ifndef AW_CORE_FUTURE_H
#define AW_CORE_FUTURE_H

#include "base/list.h"
#include "core/loop.h"

/* What completing a future means besides notifying its waiters. */
typedef enum future_kind {
    FUTURE_PLAIN,  /* aw_future_new, or embedded in a wait */
    FUTURE_TASK,   /* a task's completion: cancelling it cancels the task */
    FUTURE_GATHER  /* a combinator's: cancelling it cancels the children */
} future_kind;

typedef enum future_state { FUTURE_PENDING, FUTURE_DONE } future_state;

/* A waiter on a future: a waiting task (embedded in the task) or a done callback (allocated). */
typedef struct future_waiter {
    aw_list_node node;           /* in the future's waiters */
    aw_task *task;               /* NULL for a callback */
    aw_future_callback callback;
    aw_task_callback task_callback; /* instead of callback: aw_task_on_done's */
    void *arg;
    aw_future *future;
    aw_handle handle;            /* the callback's ready-queue entry */
} future_waiter;

struct aw_future {
    aw_loop *loop;
    uint64_t id;
    uint8_t kind;
    uint8_t state;
    bool heap_allocated;          /* freed on the last release */
    int refs;
    int status;
    aw_value result;
    aw_list waiters;              /* future_waiter, FIFO */
    /* FUTURE_GATHER: called by cancel; returns true if anything was cancelled. */
    bool (*cancel_children)(aw_future *future);
    void *owner;                  /* FUTURE_TASK: the task; FUTURE_GATHER: its state */
    aw_list_node heap_node;       /* heap_allocated: in the loop's heap_futures */
};

/* Completes a pending future and queues its waiters. */
void aw__future_complete(aw_future *future, int status, aw_value result);
/* asyncio's Future.cancel(): true if the cancellation was taken. */
bool aw__future_cancel(aw_future *future);
/* Adds a done callback; the waiter is allocated and freed by the loop. */
int aw__future_add_callback(aw_future *future, aw_future_callback callback, void *arg);
/* The same for a task's future, whose callback is given the task (aw_task_on_done). */
int aw__future_add_task_callback(aw_future *future, aw_task_callback callback, void *arg);
/* Takes back a done callback that is not queued yet (asyncio's remove_done_callback); false if
 * there was none. */
bool aw__future_remove_callback(aw_future *future, aw_future_callback callback, void *arg);
/* The last reference is gone: frees the task of a task future, or a heap-allocated future (an
 * embedded one belongs to whatever embeds it). */
void aw__future_free(aw_future *future);
/* A spawn and a join take and drop references several times: inline. */
static inline void aw__future_ref(aw_future *future) { future->refs++; }
static inline void aw__future_unref(aw_future *future)
{
    if (--future->refs <= 0)
        aw__future_free(future);
}
/* Suspends the running task on `future` with the given wait description for the trace. */
int aw__future_wait(aw_future *future, aw_wait_kind wait, uint64_t object_id, int64_t deadline,
                    aw_value *result);
/* The same until the loop's clock reaches deadline_ns (-1: no deadline): then, if the future is
 * still pending, a timer completes it with status_at_deadline (AW_ETIMEDOUT for a timed wait,
 * AW_OK for aw_sleep). The timer is cancelled whichever way the wait ends. A wait on
 * AW_WAIT_TIMER names that timer as its object (object_id is ignored). AW_ENOMEM: the timer
 * could not be armed, and the task did not wait. */
int aw__future_wait_until(aw_future *future, int64_t deadline_ns, int status_at_deadline,
                          aw_wait_kind wait, uint64_t object_id, aw_value *result);
/* Runs a done callback popped from the ready queue. */
void aw__future_run_callback(aw_loop *loop, aw_handle *handle);
/* Frees the done callbacks still waiting on a future that dies with the loop (its waiting
 * tasks are freed with their own records). */
void aw__future_free_callbacks(aw_future *future);
/* Frees the futures of aw_future_new still alive (their handles die with the loop). */
void aw__future_free_all(aw_loop *loop);

/* A pending future with one reference. Inline, as every spawn makes one, and field by field:
 * compilers zero a compound literal this size with rep stos, which costs more to start than
 * the stores. */
static inline void aw__future_init(aw_future *future, aw_loop *loop, future_kind kind)
{
    future->loop = loop;
    future->id = ++loop->next_future_id;
    future->kind = (uint8_t)kind;
    future->state = FUTURE_PENDING;
    future->heap_allocated = false;
    future->refs = 1;
    future->status = AW_OK;
    future->result = (aw_value){0};
    aw__list_init(&future->waiters);
    future->cancel_children = NULL;
    future->owner = NULL;
}

#endif
