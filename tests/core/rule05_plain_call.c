/* Rule 5: awaiting a coroutine is a plain call in C and does not yield: the task spawned before
 * it has not run when the call returns, even when the callee awaits something already done.
 *
 * asyncio twin:
 *     async def helper(fut):
 *         print("helper runs")
 *         value = await fut
 *         return value + 1
 *     async def child():
 *         print("child runs")
 *     async def main():
 *         fut = asyncio.get_running_loop().create_future()
 *         fut.set_result(41)
 *         asyncio.create_task(child())
 *         value = await helper(fut)
 *         print(f"helper returned {value}")
 *         await asyncio.sleep(0)
 *         print("main resumes")
 *     run(main())
 */
#include "common/check.h"

static int64_t helper(aw_future *future)
{
    aw_printf("helper runs\n");
    aw_value value;
    CHECK(aw_future_await(future, &value) == AW_OK);
    return value.i + 1;
}

static int child(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("child runs\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_future *future;
    CHECK(aw_future_new(&future) == AW_OK);
    CHECK(aw_future_set_result(future, AW_INT(41)) == AW_OK);
    CHECK(aw_spawn(NULL, child, NULL) == AW_OK);
    aw_printf("helper returned %lld\n", (long long)helper(future));
    aw_future_unref(future);
    aw_yield();
    aw_printf("main resumes\n");
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
