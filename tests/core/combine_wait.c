/* asyncio.wait with FIRST_COMPLETED, FIRST_EXCEPTION and ALL_COMPLETED (rule 12), over tasks
 * and over futures: what is done when it returns, the timeout (AW_ETIMEDOUT where asyncio
 * returns the sets normally), the two hops from a completion to the waiter, a wait over tasks
 * done already (it still takes the callbacks' hop, and they run before a timeout of 0), and a
 * cancelled waiter that leaves the tasks running.
 *
 * asyncio twin:
 *     async def child(name, ms, fail=False):
 *         await asyncio.sleep(ms / 1000)
 *         print(f"{name} ends at {now()} ms")
 *         if fail:
 *             raise ValueError(name)
 *         return name
 *     NAMES = {asyncio.FIRST_COMPLETED: "FIRST_COMPLETED", asyncio.FIRST_EXCEPTION: "FIRST_EXCEPTION",
 *              asyncio.ALL_COMPLETED: "ALL_COMPLETED"}
 *     async def wait(fs, when, timeout=None):
 *         done, pending = await asyncio.wait(fs, timeout=timeout, return_when=when)
 *         failed = any(not f.cancelled() and f.exception() for f in done)
 *         met = (not pending or when == asyncio.FIRST_COMPLETED and done
 *                or when == asyncio.FIRST_EXCEPTION and failed)
 *         flags = "".join("d" if f in done else "p" for f in fs)
 *         print(f"{NAMES[when]}: {'AW_OK' if met else 'AW_ETIMEDOUT'} {flags} at {now()} ms, "
 *               f"iteration {iteration()}")
 *     async def waiter(fs):
 *         try:
 *             await asyncio.wait(fs)
 *         except asyncio.CancelledError:
 *             print(f"waiter cancelled at {now()} ms")
 *             raise
 *     async def main():
 *         specs = [("a", 30, False), ("b", 10, False), ("c", 20, True)]
 *         ts = [asyncio.create_task(child(*spec)) for spec in specs]
 *         await wait(ts, asyncio.FIRST_COMPLETED, timeout=0.005)
 *         await wait(ts, asyncio.FIRST_EXCEPTION)
 *         await wait(ts, asyncio.ALL_COMPLETED, timeout=0.005)
 *         await wait(ts, asyncio.ALL_COMPLETED)
 *         print(f"iteration {iteration()}")
 *         await wait(ts, asyncio.FIRST_COMPLETED, timeout=0)
 *         await wait(ts[:2], asyncio.FIRST_EXCEPTION)
 *         d = asyncio.create_task(child("d", 50))
 *         w = asyncio.create_task(waiter([d]))
 *         await asyncio.sleep(0.005)
 *         w.cancel()
 *         try:
 *             await w
 *         except asyncio.CancelledError:
 *             pass
 *         print(f"d cancelled: {int(d.cancelled())}")
 *         await d
 *         loop = asyncio.get_running_loop()
 *         f1, f2 = loop.create_future(), loop.create_future()
 *         loop.call_later(0.005, f2.set_result, 2)
 *         await wait([f1, f2], asyncio.FIRST_COMPLETED)
 *         await wait([f1, f2], asyncio.ALL_COMPLETED, timeout=0.01)
 *         f1.cancel()
 *         await wait([f1, f2], asyncio.FIRST_EXCEPTION)
 *     run(main())
 */
#include "common/children.h"

static const char *const names[] = {"", "FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"};

/* Prints the outcome as the twin does: the status, then d (done) or p (pending) per child. */
static void show_wait(int return_when, int status, const bool *done, size_t count)
{
    char flags[8] = {0};
    for (size_t i = 0; i < count; i++)
        flags[i] = done[i] ? 'd' : 'p';
    aw_printf("%s: %s %s at %lld ms, iteration %llu\n", names[return_when], aw_err_name(status),
              flags, (long long)aw_now_ms(),
              (unsigned long long)aw_loop_iteration(aw_loop_current()));
}

static void wait_tasks(aw_task *const *tasks, size_t count, int return_when, int64_t timeout_ms)
{
    bool done[8];
    int status = aw_wait(tasks, count, return_when, timeout_ms, done);
    show_wait(return_when, status, done, count);
}

static void wait_futures(aw_future *const *futures, size_t count, int return_when,
                         int64_t timeout_ms)
{
    bool done[8];
    int status = aw_wait_futures(futures, count, return_when, timeout_ms, done);
    show_wait(return_when, status, done, count);
}

static int waiter(void *arg, aw_value *result)
{
    (void)result;
    int status = aw_wait(arg, 1, AW_ALL_COMPLETED, -1, NULL);
    if (status == AW_ECANCELED)
        aw_printf("waiter cancelled at %lld ms\n", (long long)aw_now_ms());
    return status;
}

static void set_two(void *arg) { CHECK(aw_future_set_result(arg, AW_INT(2)) == AW_OK); }

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const child_spec specs[] = {{"a", 30, false}, {"b", 10, false}, {"c", 20, true}};
    aw_task *ts[3];
    for (int i = 0; i < 3; i++)
        CHECK(aw_spawn(&ts[i], child, (void *)&specs[i]) == AW_OK);
    CHECK(aw_wait(ts, 0, AW_ALL_COMPLETED, -1, NULL) == AW_EINVAL);
    CHECK(aw_wait(ts, 3, 0, -1, NULL) == AW_EINVAL);
    wait_tasks(ts, 3, AW_FIRST_COMPLETED, 5);
    wait_tasks(ts, 3, AW_FIRST_EXCEPTION, -1);
    wait_tasks(ts, 3, AW_ALL_COMPLETED, 5);
    wait_tasks(ts, 3, AW_ALL_COMPLETED, -1);
    aw_printf("iteration %llu\n", (unsigned long long)aw_loop_iteration(aw_loop_current()));
    wait_tasks(ts, 3, AW_FIRST_COMPLETED, 0);
    wait_tasks(ts, 2, AW_FIRST_EXCEPTION, -1);
    CHECK(aw_task_status(ts[2]) == AW_ERROR_USER);

    static const child_spec d_spec = {"d", 50, false};
    aw_task *d, *w;
    CHECK(aw_spawn(&d, child, (void *)&d_spec) == AW_OK);
    CHECK(aw_spawn(&w, waiter, &d) == AW_OK);
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_cancel(w) == AW_OK);
    CHECK(aw_join(w, NULL) == AW_ECANCELED);
    aw_printf("d cancelled: %d\n", aw_task_status(d) == AW_ECANCELED);
    CHECK(aw_join(d, NULL) == AW_OK);

    aw_future *fs[2];
    CHECK(aw_future_new(&fs[0]) == AW_OK);
    CHECK(aw_future_new(&fs[1]) == AW_OK);
    CHECK(aw_loop_call_later(aw_loop_current(), 5, set_two, fs[1], NULL) == AW_OK);
    wait_futures(fs, 2, AW_FIRST_COMPLETED, -1);
    wait_futures(fs, 2, AW_ALL_COMPLETED, 10);
    CHECK(aw_future_cancel(fs[0]) == AW_OK);
    wait_futures(fs, 2, AW_FIRST_EXCEPTION, -1);
    for (int i = 0; i < 2; i++)
        aw_future_unref(fs[i]);
    for (int i = 0; i < 3; i++)
        aw_task_unref(ts[i]);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
