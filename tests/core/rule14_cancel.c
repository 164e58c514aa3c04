/* Rule 14: cancelling a waiting task ends its wait with "cancelled"; cancelling a task that is
 * not waiting (queued after a yield, or cancelling itself) makes its next suspension end with
 * "cancelled" (awaiting something already done does not suspend, so it is not affected). The
 * task may clean up, awaiting, and is cancelled when it returns. Cancelling a task that awaits
 * another task cancels the awaited one; if that one swallows the cancellation and returns a
 * value, the awaiter gets the value.
 *
 * asyncio twin:
 *     async def yielder():
 *         print("yielder yields")
 *         try:
 *             await asyncio.sleep(0)
 *         except asyncio.CancelledError:
 *             print("yielder: its yield ended cancelled")
 *             raise
 *     async def sleeper():
 *         try:
 *             await asyncio.sleep(1)
 *         except asyncio.CancelledError:
 *             print(f"sleeper cancelled at {now()} ms, cleaning up")
 *             await asyncio.sleep(0.005)
 *             print(f"sleeper cleanup done at {now()} ms")
 *             raise
 *     async def self_canceller(fut):
 *         asyncio.current_task().cancel()
 *         print(f"self_canceller: await done future -> {await fut}")
 *         try:
 *             await asyncio.sleep(0.001)
 *         except asyncio.CancelledError:
 *             print(f"self_canceller: next suspension cancelled at {now()} ms")
 *             raise
 *     async def inner(catch):
 *         try:
 *             await asyncio.sleep(1)
 *         except asyncio.CancelledError:
 *             print(f"inner cancelled at {now()} ms")
 *             if catch:
 *                 return 5
 *             raise
 *     async def outer(catch):
 *         t = asyncio.create_task(inner(catch))
 *         try:
 *             value = await t
 *             print(f"outer got {value}, cancelling {asyncio.current_task().cancelling()}")
 *         except asyncio.CancelledError:
 *             print(f"outer cancelled, inner cancelled: {int(t.cancelled())}")
 *             raise
 *     async def cancelled(task):
 *         try:
 *             await task
 *             return 0
 *         except asyncio.CancelledError:
 *             return 1
 *     async def main():
 *         y = asyncio.create_task(yielder())
 *         await asyncio.sleep(0)
 *         y.cancel()
 *         print(f"yielder cancelled: {await cancelled(y)}")
 *         s = asyncio.create_task(sleeper())
 *         await asyncio.sleep(0.010)
 *         s.cancel()
 *         print(f"sleeper cancelled: {await cancelled(s)} at {now()} ms")
 *         fut = asyncio.get_running_loop().create_future()
 *         fut.set_result(3)
 *         print(f"self_canceller cancelled: {await cancelled(asyncio.create_task(self_canceller(fut)))}")
 *         for catch in (False, True):
 *             o = asyncio.create_task(outer(catch))
 *             await asyncio.sleep(0.010)
 *             o.cancel()
 *             print(f"outer cancelled: {await cancelled(o)} at {now()} ms")
 *     run(main())
 */
#include "common/check.h"

static int yielder(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("yielder yields\n");
    if (aw_yield() != AW_ECANCELED)
        return AW_OK;
    aw_printf("yielder: its yield ended cancelled\n");
    return AW_ECANCELED;
}

static int sleeper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    if (aw_sleep(1000) != AW_ECANCELED)
        return AW_OK;
    aw_printf("sleeper cancelled at %lld ms, cleaning up\n", (long long)aw_now_ms());
    CHECK(aw_sleep(5) == AW_OK);
    aw_printf("sleeper cleanup done at %lld ms\n", (long long)aw_now_ms());
    return AW_ECANCELED;
}

static int self_canceller(void *arg, aw_value *result)
{
    (void)result;
    aw_value value;
    CHECK(aw_cancel(aw_current()) == AW_OK);
    CHECK(aw_future_await(arg, &value) == AW_OK);
    aw_printf("self_canceller: await done future -> %lld\n", (long long)value.i);
    if (aw_sleep(1) != AW_ECANCELED)
        return AW_OK;
    aw_printf("self_canceller: next suspension cancelled at %lld ms\n", (long long)aw_now_ms());
    return AW_ECANCELED;
}

static int inner(void *arg, aw_value *result)
{
    bool catch = arg != NULL;
    if (aw_sleep(1000) != AW_ECANCELED)
        return AW_OK;
    aw_printf("inner cancelled at %lld ms\n", (long long)aw_now_ms());
    if (!catch)
        return AW_ECANCELED;
    *result = AW_INT(5);
    return AW_OK;
}

static int outer(void *arg, aw_value *result)
{
    (void)result;
    aw_task *t;
    aw_value value;
    CHECK(aw_spawn(&t, inner, arg) == AW_OK);
    int status = aw_await(t, &value);
    if (status == AW_OK)
        aw_printf("outer got %lld, cancelling %d\n", (long long)value.i,
                  aw_task_cancelling(aw_current()));
    else
        aw_printf("outer cancelled, inner cancelled: %d\n", aw_task_status(t) == AW_ECANCELED);
    aw_task_unref(t);
    return status;
}

/* 1 if the task ends cancelled, as the twin's cancelled(). */
static int cancelled(aw_task *task)
{
    return aw_join(task, NULL) == AW_ECANCELED;
}

static aw_task *spawn(aw_task_fn fn, void *arg)
{
    aw_task *task = NULL;
    CHECK(aw_spawn(&task, fn, arg) == AW_OK);
    return task;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *y = spawn(yielder, NULL);
    aw_yield();
    CHECK(aw_cancel(y) == AW_OK);
    aw_printf("yielder cancelled: %d\n", cancelled(y));

    aw_task *s = spawn(sleeper, NULL);
    aw_sleep(10);
    CHECK(aw_cancel(s) == AW_OK);
    int was_cancelled = cancelled(s);
    aw_printf("sleeper cancelled: %d at %lld ms\n", was_cancelled, (long long)aw_now_ms());

    aw_future *future;
    CHECK(aw_future_new(&future) == AW_OK);
    CHECK(aw_future_set_result(future, AW_INT(3)) == AW_OK);
    aw_printf("self_canceller cancelled: %d\n", cancelled(spawn(self_canceller, future)));
    aw_future_unref(future);

    static char catch_it;
    void *catches[] = {NULL, &catch_it};
    for (int i = 0; i < 2; i++) {
        aw_task *o = spawn(outer, catches[i]);
        aw_sleep(10);
        CHECK(aw_cancel(o) == AW_OK);
        was_cancelled = cancelled(o);
        aw_printf("outer cancelled: %d at %lld ms\n", was_cancelled, (long long)aw_now_ms());
    }
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
