/* aw_select (no asyncio twin; Go's select): a ready case completes at once; otherwise the
 * select waits for the first case another task completes (send or receive); a timeout or a
 * poll (timeout 0) returns AW_ETIMEDOUT; a closed channel's case is ready with AW_ECLOSED; a
 * NULL channel disables its case; a cancelled select leaves nothing queued, and a value it
 * had received when it was cancelled goes back to the channel.
 */
#include "common/check.h"

static aw_channel *a, *b, *c;

static int delayed_send(void *arg, aw_value *result)
{
    (void)result;
    aw_sleep(3);
    aw_printf("sender sends 42 at %lld ms\n", (long long)aw_now_ms());
    return aw_channel_send(arg, AW_INT(42));
}

static int delayed_recv(void *arg, aw_value *result)
{
    (void)result;
    aw_value value;
    aw_sleep(3);
    int status = aw_channel_recv(arg, &value);
    aw_printf("receiver got %lld at %lld ms\n", (long long)value.i, (long long)aw_now_ms());
    return status;
}

static int selector(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_select_case cases[] = {{a, AW_SELECT_RECV, {0}}, {b, AW_SELECT_RECV, {0}}};
    size_t index = 99;
    int status = aw_select(cases, 2, -1, &index);
    aw_printf("selector: %s, index %zu\n", aw_err_name(status), index);
    return status;
}

static void report(const char *what, int status, size_t index, const aw_select_case *cases)
{
    aw_printf("%s: %s, index %zu", what, aw_err_name(status), index);
    if (status == AW_OK && cases[index].op == AW_SELECT_RECV)
        aw_printf(", value %lld", (long long)cases[index].value.i);
    aw_printf(" at %lld ms\n", (long long)aw_now_ms());
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_channel_new(&a, 1);
    aw_channel_new(&b, 0);
    aw_channel_new(&c, 1);
    aw_select_case recv_ab[] = {{a, AW_SELECT_RECV, {0}}, {b, AW_SELECT_RECV, {0}}};
    size_t index = 99;
    int status;

    aw_channel_send(a, AW_INT(7));
    status = aw_select(recv_ab, 2, -1, &index);
    report("ready", status, index, recv_ab);

    aw_task *t;
    aw_spawn(&t, delayed_send, b);
    status = aw_select(recv_ab, 2, -1, &index);
    report("waits", status, index, recv_ab);
    aw_join(t, NULL);

    aw_channel_send(c, AW_INT(1));
    aw_select_case send_c[] = {{c, AW_SELECT_SEND, AW_INT(2)}, {a, AW_SELECT_RECV, {0}}};
    aw_spawn(&t, delayed_recv, c);
    status = aw_select(send_c, 2, -1, &index);
    report("send case", status, index, send_c);
    aw_join(t, NULL);
    aw_printf("c holds %zu\n", aw_channel_size(c));

    index = 99;
    status = aw_select(recv_ab, 2, 5, &index);
    report("timeout", status, index, recv_ab);
    status = aw_select(recv_ab, 2, 0, &index);
    report("poll", status, index, recv_ab);

    aw_select_case nil_b[] = {{NULL, AW_SELECT_RECV, {0}}, {c, AW_SELECT_RECV, {0}}};
    status = aw_select(nil_b, 2, -1, &index);
    report("NULL case", status, index, nil_b);

    aw_spawn(&t, selector, NULL);
    aw_yield();
    aw_cancel(t);
    aw_join(t, NULL);
    show("try_send to the cancelled selector", aw_channel_try_send(b, AW_INT(1)));

    aw_spawn(&t, selector, NULL);
    aw_yield();
    show("send 8 to the selector", aw_channel_send(b, AW_INT(8)));
    aw_cancel(t);
    aw_join(t, NULL);
    aw_value value = {0};
    show("try_recv", aw_channel_try_recv(b, &value));
    aw_printf("the value came back: %lld\n", (long long)value.i);

    aw_channel_close(a);
    status = aw_select(recv_ab, 2, -1, &index);
    report("closed", status, index, recv_ab);
    aw_select_case send_a[] = {{a, AW_SELECT_SEND, AW_INT(1)}};
    status = aw_select(send_a, 1, -1, &index);
    report("send to closed", status, index, send_a);
    show("no case, poll", aw_select(NULL, 0, 0, &index));
    aw_channel_free(a);
    aw_channel_free(b);
    aw_channel_free(c);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
