/*
 * aw_select: Go's select over channel operations. When several cases are ready it picks one
 * uniformly with the loop's own pseudo-random sequence (splitmix64 from a fixed seed), so no
 * ready case is starved and a run always makes the same choices. When none is ready, a node
 * per case is queued on its channel and all share one future: the first operation that
 * matches a node completes it and takes the other nodes off their channels.
 *
 * Cancellation never loses or duplicates a value: a receive that completed before its task
 * was cancelled gives the value back to the channel (the next receiver gets it) and reports
 * AW_ECANCELED; a send that completed has delivered its value and so reports AW_OK, and the
 * cancellation stays pending for the task's next suspension.
 */
#include "core/task.h"
#include "sync/channel.h"

#include <stdlib.h>

enum { STACK_NODES = 4 };

static uint64_t next_random(aw_loop *loop)
{
    uint64_t z = (loop->select_rng += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static bool sending(const aw_select_case *c) { return c->op == AW_SELECT_SEND; }

static bool case_ready(const aw_select_case *c)
{
    return c->channel != NULL && aw__channel_ready(c->channel, sending(c));
}

static int run_case(aw_select_case *c)
{
    return sending(c) ? aw__channel_send_now(c->channel, c->value)
                      : aw__channel_recv_now(c->channel, &c->value);
}

/* Runs one of the ready cases, if any; returns false when none is ready. */
static bool select_ready(aw_loop *loop, aw_select_case *cases, size_t count, size_t *index,
                         int *status)
{
    size_t ready = 0;
    for (size_t i = 0; i < count; i++)
        ready += case_ready(&cases[i]);
    if (ready == 0)
        return false;
    size_t pick = ready > 1 ? (size_t)(next_random(loop) % ready) : 0;
    for (size_t i = 0; i < count; i++) {
        if (case_ready(&cases[i]) && pick-- == 0) {
            *index = i;
            *status = run_case(&cases[i]);
            return true;
        }
    }
    return false;
}

static uint64_t first_channel_id(const aw_select_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (cases[i].channel != NULL)
            return cases[i].channel->id;
    return 0;
}

static void enqueue(select_wait *select, aw_select_case *cases)
{
    for (size_t i = 0; i < select->count; i++) {
        select_node *node = &select->nodes[i];
        *node = (select_node){.select = select, .channel = cases[i].channel,
                              .sending = sending(&cases[i]), .index = i,
                              .value = cases[i].value};
        if (node->channel != NULL)
            aw__list_push_back(node->sending ? &node->channel->senders : &node->channel->receivers,
                           &node->node);
    }
}

static void dequeue(select_wait *select)
{
    for (size_t i = 0; i < select->count; i++) {
        select_node *node = &select->nodes[i];
        if (node->channel != NULL)
            aw__list_remove_if_present(node->sending ? &node->channel->senders
                                           : &node->channel->receivers,
                             &node->node);
    }
}

/* What the wait ended with. `status` is the wait's own: AW_ECANCELED there while the future
 * holds a case means the task was cancelled after that case had completed. */
static int outcome(select_wait *select, aw_select_case *cases, int status, size_t *index)
{
    int done = select->future.status;
    if (done != AW_OK && done != AW_ECLOSED)
        return status != AW_OK ? status : done; /* timed out, or the future was cancelled */
    size_t chosen = (size_t)select->future.result.i;
    select_node *node = &select->nodes[chosen];
    if (status == AW_ECANCELED && done == AW_OK) {
        if (!node->sending) {
            aw__channel_put_back(node->channel, node->value);
            return AW_ECANCELED;
        }
        aw__task_keep_cancel(aw__loop_running_task());
    } else if (status == AW_ECANCELED) {
        return AW_ECANCELED;
    }
    if (!node->sending)
        cases[chosen].value = node->value;
    *index = chosen;
    return done;
}

static int wait_for_case(aw_loop *loop, aw_select_case *cases, size_t count,
                         int64_t timeout_ms, size_t *index)
{
    select_node stack_nodes[STACK_NODES];
    select_wait select = {.nodes = stack_nodes, .count = count};
    if (count > STACK_NODES && (select.nodes = malloc(count * sizeof *select.nodes)) == NULL)
        return AW_ENOMEM;
    aw__future_init(&select.future, loop, FUTURE_PLAIN);
    enqueue(&select, cases);
    int status = aw__future_wait_until(&select.future, aw__deadline_after(timeout_ms),
                                       AW_ETIMEDOUT, AW_WAIT_CHANNEL,
                                       first_channel_id(cases, count), NULL);
    dequeue(&select);
    if (status != AW_ENOMEM) /* else the timer could not be armed: nothing was waited for */
        status = outcome(&select, cases, status, index);
    if (select.nodes != stack_nodes)
        free(select.nodes);
    return status;
}

int aw__select(aw_select_case *cases, size_t count, int64_t timeout_ms, size_t *index)
{
    if ((cases == NULL && count > 0) || index == NULL)
        return AW_EINVAL;
    for (size_t i = 0; i < count; i++)
        if (cases[i].op != AW_SELECT_SEND && cases[i].op != AW_SELECT_RECV)
            return AW_EINVAL;
    aw_loop *loop = aw__loop_current();
    if (loop == NULL || (timeout_ms != 0 && aw__loop_running_task() == NULL))
        return AW_ESTATE;
    int status;
    if (select_ready(loop, cases, count, index, &status))
        return status;
    if (timeout_ms == 0)
        return AW_ETIMEDOUT;
    return wait_for_case(loop, cases, count, timeout_ms, index);
}

int(aw_select)(aw_select_case *cases, size_t count, int64_t timeout_ms, size_t *index)
{
    return aw__select(cases, count, timeout_ms, index);
}
