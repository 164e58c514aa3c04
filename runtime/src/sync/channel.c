/*
 * Channels, as Go's: a send hands its value straight to a waiting receiver, or buffers it if
 * there is room, or waits; a receive takes from the buffer (refilling it from the first
 * waiting sender), or straight from a waiting sender, or waits. Closing wakes every waiter
 * with AW_ECLOSED; values already buffered are still delivered. A completed operation never
 * yields: only the tasks it wakes take a hop (rule 7).
 */
#include "sync/channel.h"

#include <stdio.h>
#include <stdlib.h>

static aw_list *queue_of(const select_node *node)
{
    return node->sending ? &node->channel->senders : &node->channel->receivers;
}

/* The first waiter whose select is still waiting; nodes of finished selects are dropped. */
static select_node *first_live(aw_list *queue)
{
    while (!aw__list_is_empty(queue)) {
        select_node *node = AW_CONTAINER_OF(queue->first, select_node, node);
        if (node->select->future.state == FUTURE_PENDING)
            return node;
        aw__list_remove(queue, &node->node);
    }
    return NULL;
}

/* Completes the select that `node` belongs to with this case and takes all its cases off
 * their channels, so that no other operation can match them. */
static void fire(select_node *node, int status)
{
    select_wait *select = node->select;
    for (size_t i = 0; i < select->count; i++)
        if (select->nodes[i].channel != NULL)
            aw__list_remove_if_present(queue_of(&select->nodes[i]), &select->nodes[i].node);
    aw__future_complete(&select->future, status, AW_INT(node->index));
}

bool aw__channel_ready(aw_channel *channel, bool sending)
{
    if (channel->closed)
        return true;
    if (sending)
        return first_live(&channel->receivers) != NULL ||
               channel->buffer.count < channel->capacity;
    return channel->buffer.count > 0 || first_live(&channel->senders) != NULL;
}

int aw__channel_send_now(aw_channel *channel, aw_value value)
{
    if (channel->closed)
        return AW_ECLOSED;
    select_node *receiver = first_live(&channel->receivers);
    if (receiver == NULL)
        return aw__ring_push_back(&channel->buffer, value);
    receiver->value = value;
    fire(receiver, AW_OK);
    return AW_OK;
}

int aw__channel_recv_now(aw_channel *channel, aw_value *value)
{
    select_node *sender;
    if (channel->buffer.count > 0) {
        *value = aw__ring_pop_front(&channel->buffer);
        if (channel->buffer.count < channel->capacity &&
            (sender = first_live(&channel->senders)) != NULL) {
            aw__ring_push_back(&channel->buffer, sender->value); /* the slot just freed */
            fire(sender, AW_OK);
        }
        return AW_OK;
    }
    if ((sender = first_live(&channel->senders)) != NULL) {
        *value = sender->value;
        fire(sender, AW_OK);
        return AW_OK;
    }
    return AW_ECLOSED;
}

void aw__channel_put_back(aw_channel *channel, aw_value value)
{
    select_node *receiver = first_live(&channel->receivers);
    if (receiver != NULL) {
        receiver->value = value;
        fire(receiver, AW_OK);
    } else if (aw__ring_push_front(&channel->buffer, value) != AW_OK) {
        fputs("aw: out of memory giving a value back to a channel\n", stderr);
        abort();
    }
}

int aw_channel_new(aw_channel **out, size_t capacity)
{
    aw_loop *loop = aw__loop_current();
    if (out == NULL)
        return AW_EINVAL;
    if (loop == NULL)
        return AW_ESTATE;
    aw_channel *channel = malloc(sizeof *channel);
    if (channel == NULL)
        return AW_ENOMEM;
    *channel = (aw_channel){.loop = loop, .id = aw__sync_new_id(loop), .capacity = capacity};
    *out = channel;
    return AW_OK;
}

void aw_channel_free(aw_channel *channel)
{
    if (channel == NULL)
        return;
    aw__ring_free(&channel->buffer);
    free(channel);
}

int aw_channel_close(aw_channel *channel)
{
    if (channel == NULL)
        return AW_EINVAL;
    if (channel->closed)
        return AW_ECLOSED;
    channel->closed = true;
    select_node *node;
    while ((node = first_live(&channel->receivers)) != NULL)
        fire(node, AW_ECLOSED);
    while ((node = first_live(&channel->senders)) != NULL)
        fire(node, AW_ECLOSED);
    return AW_OK;
}

bool aw_channel_is_closed(const aw_channel *channel) { return channel->closed; }
size_t aw_channel_size(const aw_channel *channel) { return channel->buffer.count; }
size_t aw_channel_capacity(const aw_channel *channel) { return channel->capacity; }

static int one_case(aw_channel *channel, aw_select_op op, aw_value *value, int64_t timeout_ms)
{
    if (channel == NULL || value == NULL)
        return AW_EINVAL;
    aw_select_case operation = {.channel = channel, .op = op, .value = *value};
    size_t index;
    int status = aw__select(&operation, 1, timeout_ms, &index);
    *value = operation.value;
    return status;
}

int(aw_channel_send)(aw_channel *channel, aw_value value)
{
    return one_case(channel, AW_SELECT_SEND, &value, -1);
}

int(aw_channel_recv)(aw_channel *channel, aw_value *value)
{
    aw_value received = {0};
    int status = one_case(channel, AW_SELECT_RECV, &received, -1);
    if (status == AW_OK && value != NULL)
        *value = received;
    return status;
}

int aw_channel_try_send(aw_channel *channel, aw_value value)
{
    int status = one_case(channel, AW_SELECT_SEND, &value, 0);
    return status == AW_ETIMEDOUT ? AW_EAGAIN : status;
}

int aw_channel_try_recv(aw_channel *channel, aw_value *value)
{
    aw_value received = {0};
    int status = one_case(channel, AW_SELECT_RECV, &received, 0);
    if (status == AW_OK && value != NULL)
        *value = received;
    return status == AW_ETIMEDOUT ? AW_EAGAIN : status;
}
