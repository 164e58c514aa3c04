/* Channels (Go semantics, no asyncio twin): a send that finds a waiting receiver or buffer
 * room and a receive that finds a value do not yield; a full buffer makes senders wait and a
 * receive refills it from the first waiting sender; a rendezvous channel hands each value
 * from sender to receiver; close wakes waiting receivers and senders with AW_ECLOSED, later
 * sends fail with AW_ECLOSED, buffered values are still delivered and then receives return
 * AW_ECLOSED; an unbounded channel never makes a sender wait.
 */
#include "common/check.h"

static aw_channel *ch;

static int other(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("other runs\n");
    return AW_OK;
}

static int sender(void *arg, aw_value *result)
{
    (void)result;
    int value = (int)(intptr_t)arg;
    aw_printf("sender sends %d\n", value);
    int status = aw_channel_send(ch, AW_INT(value));
    aw_printf("sender %d: %s\n", value, aw_err_name(status));
    return AW_OK;
}

static int receiver(void *arg, aw_value *result)
{
    (void)result;
    aw_value value = {.i = -1};
    aw_printf("%s receives\n", (const char *)arg);
    int status = aw_channel_recv(ch, &value);
    aw_printf("%s: %s %lld\n", (const char *)arg, aw_err_name(status), (long long)value.i);
    return AW_OK;
}

static long long recv(void)
{
    aw_value value = {.i = -1};
    CHECK(aw_channel_recv(ch, &value) == AW_OK);
    return (long long)value.i;
}

static aw_task *spawn(aw_task_fn fn, void *arg)
{
    aw_task *task;
    aw_spawn(&task, fn, arg);
    return task;
}

static void bounded(void)
{
    aw_printf("-- bounded, capacity 2\n");
    aw_channel_new(&ch, 2);
    aw_task *o = spawn(other, NULL);
    aw_channel_send(ch, AW_INT(1));
    aw_channel_send(ch, AW_INT(2));
    aw_printf("sent 1 and 2 without yielding, size=%zu, capacity=%zu\n", aw_channel_size(ch),
              aw_channel_capacity(ch));
    show("try_send on a full channel", aw_channel_try_send(ch, AW_INT(3)));
    aw_task *s = spawn(sender, (void *)3);
    aw_yield();
    long long first = recv();
    aw_printf("received %lld without yielding, size=%zu\n", first, aw_channel_size(ch));
    long long second = recv();
    long long third = recv();
    aw_printf("received %lld, %lld\n", second, third);
    aw_join(s, NULL);
    aw_join(o, NULL);
    aw_channel_free(ch);
}

static void rendezvous(void)
{
    aw_printf("-- rendezvous\n");
    aw_channel_new(&ch, 0);
    aw_printf("capacity=%zu\n", aw_channel_capacity(ch));
    show("try_send without a receiver", aw_channel_try_send(ch, AW_INT(9)));
    aw_task *r = spawn(receiver, "r");
    aw_yield();
    aw_channel_send(ch, AW_INT(10));
    aw_printf("main sent 10 without yielding\n");
    aw_join(r, NULL);
    aw_task *s = spawn(sender, (void *)11);
    aw_yield();
    aw_printf("main received %lld\n", recv());
    aw_join(s, NULL);
    aw_value value;
    show("try_recv without a sender", aw_channel_try_recv(ch, &value));
    aw_channel_free(ch);
}

static void closing(void)
{
    aw_printf("-- close\n");
    aw_channel_new(&ch, 3);
    aw_channel_send(ch, AW_INT(1));
    aw_channel_send(ch, AW_INT(2));
    aw_printf("closed before close: %d\n", aw_channel_is_closed(ch));
    show("close", aw_channel_close(ch));
    aw_printf("closed after close: %d\n", aw_channel_is_closed(ch));
    show("close again", aw_channel_close(ch));
    show("send after close", aw_channel_send(ch, AW_INT(3)));
    show("try_send after close", aw_channel_try_send(ch, AW_INT(3)));
    long long a = recv();
    long long b = recv();
    aw_printf("buffered after close: %lld %lld\n", a, b);
    show("receive when drained", aw_channel_recv(ch, NULL));
    show("try_recv when drained", aw_channel_try_recv(ch, NULL));
    aw_channel_free(ch);

    aw_channel_new(&ch, 0);
    aw_task *tasks[3] = {spawn(receiver, "r1"), spawn(receiver, "r2"), NULL};
    aw_yield();
    aw_channel_close(ch);
    aw_printf("closed with two receivers waiting\n");
    aw_gather(tasks, 2, NULL);
    aw_task_unref(tasks[0]);
    aw_task_unref(tasks[1]);
    aw_channel_free(ch);

    aw_channel_new(&ch, 1);
    aw_channel_send(ch, AW_INT(1));
    tasks[0] = spawn(sender, (void *)2);
    aw_yield();
    aw_channel_close(ch);
    aw_printf("closed with a sender waiting\n");
    aw_join(tasks[0], NULL);
    aw_printf("still buffered: %lld\n", recv());
    aw_channel_free(ch);
}

static void unbounded(void)
{
    aw_printf("-- unbounded\n");
    aw_channel_new(&ch, AW_CHANNEL_UNBOUNDED);
    aw_printf("capacity is AW_CHANNEL_UNBOUNDED: %d\n",
              aw_channel_capacity(ch) == AW_CHANNEL_UNBOUNDED);
    for (int i = 1; i <= 1000; i++)
        CHECK(aw_channel_try_send(ch, AW_INT(i)) == AW_OK);
    aw_printf("sent 1000, size=%zu\n", aw_channel_size(ch));
    long long sum = 0;
    for (int i = 1; i <= 1000; i++)
        sum += recv();
    aw_printf("received 1000 in order, sum=%lld\n", sum);
    aw_channel_free(ch);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    bounded();
    rendezvous();
    closing();
    unbounded();
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
