/* Event (rule 19): set() wakes every waiter in the order they started waiting, one hop
 * later; a cancelled waiter drops out; waiting on a set event does not yield; after clear()
 * waits suspend again (here until a timeout).
 *
 * asyncio twin:
 *     async def other(): print("other runs")
 *     async def waiter(name):
 *         print(f"{name} waits")
 *         try:
 *             await event.wait()
 *         except asyncio.CancelledError:
 *             print(f"{name}: AW_ECANCELED"); raise
 *         print(f"{name}: AW_OK")
 *     async def main():
 *         global event
 *         event = asyncio.Event()
 *         ts = [asyncio.create_task(waiter(n)) for n in "abcd"]
 *         await asyncio.sleep(0)
 *         ts[1].cancel()
 *         event.set()
 *         print(f"set, is_set={int(event.is_set())}")
 *         event.set()
 *         await asyncio.gather(*ts, return_exceptions=True)
 *         o = asyncio.create_task(other())
 *         await event.wait()
 *         print("set event: waited without yielding")
 *         await o
 *         event.clear()
 *         try:
 *             async with asyncio.timeout(0.005): await event.wait()
 *         except TimeoutError: print(f"cleared event: AW_ETIMEDOUT at {now()} ms")
 *     run(main())
 */
#include "common/check.h"

static aw_event *event;

static int other(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("other runs\n");
    return AW_OK;
}

static int waiter(void *arg, aw_value *result)
{
    (void)result;
    aw_printf("%s waits\n", (const char *)arg);
    int status = aw_event_wait(event);
    show(arg, status);
    return status;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_event_new(&event) == AW_OK);
    static const char *const names[] = {"a", "b", "c", "d"};
    aw_task *tasks[4];
    for (int i = 0; i < 4; i++)
        aw_spawn(&tasks[i], waiter, (void *)names[i]);
    aw_yield();
    aw_cancel(tasks[1]);
    aw_event_set(event);
    aw_printf("set, is_set=%d\n", aw_event_is_set(event));
    aw_event_set(event);
    aw_gather_all(tasks, 4, NULL, NULL);
    for (int i = 0; i < 4; i++)
        aw_task_unref(tasks[i]);

    aw_task *o;
    aw_spawn(&o, other, NULL);
    CHECK(aw_event_wait(event) == AW_OK);
    aw_printf("set event: waited without yielding\n");
    aw_join(o, NULL);

    aw_event_clear(event);
    aw_timeout scope;
    aw_timeout_enter(&scope, 5);
    int status = aw_timeout_leave(&scope, aw_event_wait(event));
    aw_printf("cleared event: %s at %lld ms\n", aw_err_name(status), (long long)aw_now_ms());
    aw_event_free(event);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
