/* Channels and cancellation (no asyncio twin): a value handed to a receiver that is cancelled
 * before it runs goes on to the next waiting receiver, or back to the head of the channel,
 * exactly once; a sender cancelled while waiting sent nothing; a sender whose value was taken
 * before it was cancelled reports AW_OK and the cancellation lands on its next suspension; a
 * timeout ends a receive.
 */
#include "common/check.h"

static aw_channel *ch;

static int receiver(void *arg, aw_value *result)
{
    (void)result;
    aw_value value = {.i = -1};
    int status = aw_channel_recv(ch, &value);
    aw_printf("%s: %s %lld\n", (const char *)arg, aw_err_name(status), (long long)value.i);
    return status;
}

static int sender(void *arg, aw_value *result)
{
    (void)result;
    int value = (int)(intptr_t)arg;
    int status = aw_channel_send(ch, AW_INT(value));
    aw_printf("send %d: %s\n", value, aw_err_name(status));
    if (status == AW_OK)
        show("its next suspension", aw_yield());
    return status;
}

static aw_task *spawn(aw_task_fn fn, void *arg)
{
    aw_task *task;
    aw_spawn(&task, fn, arg);
    return task;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_channel_new(&ch, 0);
    aw_task *r1 = spawn(receiver, "r1"), *r2 = spawn(receiver, "r2");
    aw_yield();
    show("main sends 1", aw_channel_send(ch, AW_INT(1)));
    aw_cancel(r1);
    aw_join(r1, NULL);
    aw_join(r2, NULL);

    aw_task *r3 = spawn(receiver, "r3");
    aw_yield();
    show("main sends 2", aw_channel_send(ch, AW_INT(2)));
    aw_cancel(r3);
    aw_join(r3, NULL);
    aw_printf("size=%zu\n", aw_channel_size(ch));
    aw_value value = {0};
    show("try_recv", aw_channel_try_recv(ch, &value));
    aw_printf("got %lld back\n", (long long)value.i);

    aw_task *s = spawn(sender, (void *)5);
    aw_yield();
    aw_cancel(s);
    aw_join(s, NULL);
    show("try_recv after the cancelled send", aw_channel_try_recv(ch, &value));

    s = spawn(sender, (void *)6);
    aw_yield();
    show("main receives", aw_channel_recv(ch, &value));
    aw_printf("main got %lld\n", (long long)value.i);
    aw_cancel(s);
    aw_printf("sender: %s\n", aw_err_name(aw_join(s, NULL)));

    aw_timeout scope;
    aw_timeout_enter(&scope, 5);
    int status = aw_timeout_leave(&scope, aw_channel_recv(ch, &value));
    aw_printf("receive: %s at %lld ms\n", aw_err_name(status), (long long)aw_now_ms());
    aw_channel_free(ch);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
