/* Rule 17, asyncio.wait_for as a timeout scope around the await (CPython 3.12 and later): the
 * caller resumes one hop after the awaited task or future completes, as a plain await would;
 * on a timeout it cancels the awaited task and resumes after that task has finished. The
 * iteration numbers are what this test checks.
 *
 * asyncio twin:
 *     async def quick():
 *         await asyncio.sleep(0)
 *         return 7
 *     async def setter(fut):
 *         fut.set_result(3)
 *     async def sleeper():
 *         await asyncio.sleep(1)
 *     async def main():
 *         print(f"start in iteration {iteration()}")
 *         value = await asyncio.wait_for(asyncio.create_task(quick()), 1)
 *         print(f"wait_for task: {value} in iteration {iteration()}")
 *         fut = asyncio.get_running_loop().create_future()
 *         asyncio.create_task(setter(fut))
 *         value = await asyncio.wait_for(fut, 1)
 *         print(f"wait_for future: {value} in iteration {iteration()}")
 *         try:
 *             await asyncio.wait_for(asyncio.create_task(sleeper()), 0.01)
 *         except TimeoutError:
 *             print(f"wait_for timed out at {now()} ms in iteration {iteration()}")
 *     run(main())
 *     # differs on CPython 3.11: its wait_for waits on a future of its own and resumes the
 *     # caller later (iterations 5, 8 and 14; docs/contract.md#py311-wait-for).
 */
#include "common/check.h"

static unsigned long long iteration(void)
{
    return (unsigned long long)aw_loop_iteration(aw_loop_current());
}

static int quick(void *arg, aw_value *result)
{
    (void)arg;
    CHECK(aw_yield() == AW_OK);
    *result = AW_INT(7);
    return AW_OK;
}

static int setter(void *arg, aw_value *result)
{
    (void)result;
    return aw_future_set_result(arg, AW_INT(3));
}

static int sleeper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return aw_sleep(1000);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task;
    aw_value value;
    aw_printf("start in iteration %llu\n", iteration());
    CHECK(aw_spawn(&task, quick, NULL) == AW_OK);
    CHECK(aw_await_for(task, 1000, &value) == AW_OK);
    aw_printf("wait_for task: %lld in iteration %llu\n", (long long)value.i, iteration());
    aw_task_unref(task);

    aw_future *future;
    CHECK(aw_future_new(&future) == AW_OK);
    CHECK(aw_spawn(NULL, setter, future) == AW_OK);
    CHECK(aw_future_await_for(future, 1000, &value) == AW_OK);
    aw_printf("wait_for future: %lld in iteration %llu\n", (long long)value.i, iteration());
    aw_future_unref(future);

    CHECK(aw_spawn(&task, sleeper, NULL) == AW_OK);
    if (aw_await_for(task, 10, NULL) == AW_ETIMEDOUT)
        aw_printf("wait_for timed out at %lld ms in iteration %llu\n", (long long)aw_now_ms(),
                  iteration());
    aw_task_unref(task);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
