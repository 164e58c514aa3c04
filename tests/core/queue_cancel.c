/* Queue and cancellation: a cancelled getter or putter drops out of the line; a getter woken
 * by a put and cancelled before it runs passes the wake-up on and the item stays queued for
 * the next getter (nothing is lost); the same for a putter woken by a get; a timeout ends a
 * get; a woken putter re-checks the room and waits again at the back if a newcomer filled it.
 *
 * asyncio twin:
 *     async def getter(name):
 *         try:
 *             value = await q.get()
 *         except asyncio.CancelledError:
 *             print(f"{name}: AW_ECANCELED, size={q.qsize()}"); raise
 *         print(f"{name} got {value}")
 *     async def putter(name, value):
 *         try:
 *             await q.put(value)
 *         except asyncio.CancelledError:
 *             print(f"{name}: AW_ECANCELED, size={q.qsize()}"); raise
 *         print(f"{name} put {value}")
 *     async def main():
 *         global q
 *         q = asyncio.Queue(1)
 *         ts = [asyncio.create_task(getter(n)) for n in "abc"]
 *         await asyncio.sleep(0)
 *         ts[1].cancel()
 *         q.put_nowait(1)
 *         ts[0].cancel()
 *         print("put 1, cancelled a and b")
 *         await asyncio.gather(*ts, return_exceptions=True)
 *         print(f"size={q.qsize()}")
 *         q.put_nowait(2)
 *         ts = [asyncio.create_task(putter(n, v)) for n, v in (("p", 3), ("r", 4))]
 *         await asyncio.sleep(0)
 *         print(f"main got {q.get_nowait()}")
 *         ts[0].cancel()
 *         await asyncio.gather(*ts, return_exceptions=True)
 *         print(f"main got {q.get_nowait()}, size={q.qsize()}")
 *         try:
 *             async with asyncio.timeout(0.005): await q.get()
 *         except TimeoutError: print(f"get: AW_ETIMEDOUT at {now()} ms")
 *         q.put_nowait(5)
 *         s = asyncio.create_task(putter("s", 6))
 *         await asyncio.sleep(0)
 *         print(f"main got {q.get_nowait()}")
 *         q.put_nowait(7)
 *         print("main put 7 before s ran")
 *         await asyncio.sleep(0)
 *         print(f"main got {q.get_nowait()}")
 *         await s
 *         print(f"main got {q.get_nowait()}")
 *     run(main())
 */
#include "common/children.h"

static aw_queue *q;

static int getter(void *arg, aw_value *result)
{
    (void)result;
    aw_value value;
    int status = aw_queue_get(q, &value);
    if (status != AW_OK)
        aw_printf("%s: %s, size=%zu\n", (const char *)arg, aw_err_name(status),
                  aw_queue_size(q));
    else
        aw_printf("%s got %lld\n", (const char *)arg, (long long)value.i);
    return status;
}

struct put_arg {
    const char *name;
    int value;
};

static int putter(void *arg, aw_value *result)
{
    (void)result;
    struct put_arg *p = arg;
    int status = aw_queue_put(q, AW_INT(p->value));
    if (status != AW_OK)
        aw_printf("%s: %s, size=%zu\n", p->name, aw_err_name(status), aw_queue_size(q));
    else
        aw_printf("%s put %d\n", p->name, p->value);
    return status;
}

static long long get_nowait(void)
{
    aw_value value = {.i = -1};
    CHECK(aw_queue_try_get(q, &value) == AW_OK);
    return (long long)value.i;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_queue_new(&q, 1) == AW_OK);
    aw_task *tasks[3];
    static const char *const names[] = {"a", "b", "c"};
    for (int i = 0; i < 3; i++)
        aw_spawn(&tasks[i], getter, (void *)names[i]);
    aw_yield();
    aw_cancel(tasks[1]);
    aw_queue_try_put(q, AW_INT(1));
    aw_cancel(tasks[0]);
    aw_printf("put 1, cancelled a and b\n");
    join_all(tasks, 3);
    aw_printf("size=%zu\n", aw_queue_size(q));

    aw_queue_try_put(q, AW_INT(2));
    struct put_arg puts[] = {{"p", 3}, {"r", 4}, {"s", 6}};
    aw_spawn(&tasks[0], putter, &puts[0]);
    aw_spawn(&tasks[1], putter, &puts[1]);
    aw_yield();
    aw_printf("main got %lld\n", get_nowait());
    aw_cancel(tasks[0]);
    join_all(tasks, 2);
    long long got = get_nowait();
    aw_printf("main got %lld, size=%zu\n", got, aw_queue_size(q));

    aw_timeout scope;
    aw_timeout_enter(&scope, 5);
    int status = aw_timeout_leave(&scope, aw_queue_get(q, NULL));
    aw_printf("get: %s at %lld ms\n", aw_err_name(status), (long long)aw_now_ms());

    aw_queue_try_put(q, AW_INT(5));
    aw_task *s;
    aw_spawn(&s, putter, &puts[2]);
    aw_yield();
    aw_printf("main got %lld\n", get_nowait());
    aw_queue_try_put(q, AW_INT(7));
    aw_printf("main put 7 before s ran\n");
    aw_yield();
    aw_printf("main got %lld\n", get_nowait());
    aw_join(s, NULL);
    aw_printf("main got %lld\n", get_nowait());
    aw_queue_free(q);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
