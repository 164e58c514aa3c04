/* Rule 15: a task cancelled before its first step never runs its body; it ends cancelled in the
 * step where it would have started, and a task awaiting it sees the cancellation.
 *
 * asyncio twin:
 *     async def body():
 *         print("body runs")
 *     async def watcher(task):
 *         try:
 *             await task
 *         except asyncio.CancelledError:
 *             print("watcher sees the cancellation")
 *     async def main():
 *         t = asyncio.create_task(body())
 *         w = asyncio.create_task(watcher(t))
 *         t.cancel()
 *         print(f"cancel requested, done: {int(t.done())}")
 *         await asyncio.sleep(0)
 *         print(f"after one yield, done: {int(t.done())}, cancelled: {int(t.cancelled())}")
 *         await w
 *     run(main())
 */
#include "common/check.h"

static int body(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("body runs\n");
    return AW_OK;
}

static int watcher(void *arg, aw_value *result)
{
    (void)result;
    if (aw_await(arg, NULL) == AW_ECANCELED)
        aw_printf("watcher sees the cancellation\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *t, *w;
    CHECK(aw_spawn(&t, body, NULL) == AW_OK);
    CHECK(aw_spawn(&w, watcher, t) == AW_OK);
    CHECK(aw_cancel(t) == AW_OK);
    aw_printf("cancel requested, done: %d\n", aw_task_is_done(t));
    aw_yield();
    aw_printf("after one yield, done: %d, cancelled: %d\n", aw_task_is_done(t),
              aw_task_status(t) == AW_ECANCELED);
    CHECK(aw_join(w, NULL) == AW_OK);
    aw_task_unref(t);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
