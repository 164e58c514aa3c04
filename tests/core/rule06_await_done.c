/* Rule 6: awaiting a finished task or a set future returns its result at once; the other ready
 * task ("other") does not run in between.
 *
 * asyncio twin:
 *     async def quick():
 *         print("quick runs")
 *         return 7
 *     async def other():
 *         print("other runs")
 *     async def main():
 *         q = asyncio.create_task(quick())
 *         await asyncio.sleep(0)
 *         fut = asyncio.get_running_loop().create_future()
 *         fut.set_result(5)
 *         asyncio.create_task(other())
 *         print(f"quick done: {int(q.done())}")
 *         print(f"await quick: {await q}")
 *         print(f"await quick again: {await q}")
 *         print(f"await fut: {await fut}")
 *         print("main yields")
 *         await asyncio.sleep(0)
 *         print("main resumes")
 *     run(main())
 */
#include "common/check.h"

static int quick(void *arg, aw_value *result)
{
    (void)arg;
    aw_printf("quick runs\n");
    *result = AW_INT(7);
    return AW_OK;
}

static int other(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("other runs\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *q;
    aw_future *future;
    aw_value value;
    CHECK(aw_spawn(&q, quick, NULL) == AW_OK);
    aw_yield();
    CHECK(aw_future_new(&future) == AW_OK);
    CHECK(aw_future_set_result(future, AW_INT(5)) == AW_OK);
    CHECK(aw_spawn(NULL, other, NULL) == AW_OK);
    aw_printf("quick done: %d\n", aw_task_is_done(q));
    CHECK(aw_await(q, &value) == AW_OK);
    aw_printf("await quick: %lld\n", (long long)value.i);
    CHECK(aw_join(q, &value) == AW_OK);
    aw_printf("await quick again: %lld\n", (long long)value.i);
    CHECK(aw_future_await(future, &value) == AW_OK);
    aw_printf("await fut: %lld\n", (long long)value.i);
    aw_future_unref(future);
    aw_printf("main yields\n");
    aw_yield();
    aw_printf("main resumes\n");
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
