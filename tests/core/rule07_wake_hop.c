/* Rule 7: completing a future runs nobody; its waiters are appended to the ready queue in the
 * order they started waiting, behind what is already queued ("bystander"). A task's end is a
 * future too: "watcher" awaits task "a" and runs one hop after "a" ends.
 *
 * asyncio twin:
 *     async def waiter(name, fut):
 *         print(f"{name} waits")
 *         value = await fut
 *         print(f"{name} got {value}")
 *     async def watcher(task):
 *         await task
 *         print("watcher sees a done")
 *     async def bystander():
 *         print("bystander runs")
 *     async def main():
 *         fut = asyncio.get_running_loop().create_future()
 *         a = asyncio.create_task(waiter("a", fut))
 *         b = asyncio.create_task(waiter("b", fut))
 *         w = asyncio.create_task(watcher(a))
 *         await asyncio.sleep(0)
 *         asyncio.create_task(bystander())
 *         fut.set_result(1)
 *         print("set_result returned")
 *         await asyncio.sleep(0)
 *         print("main resumes")
 *         await w
 *         await b
 *         print("main done")
 *     run(main())
 */
#include "common/check.h"

static aw_future *future;

static int waiter(void *arg, aw_value *result)
{
    (void)result;
    aw_value value;
    aw_printf("%s waits\n", (const char *)arg);
    CHECK(aw_future_await(future, &value) == AW_OK);
    aw_printf("%s got %lld\n", (const char *)arg, (long long)value.i);
    return AW_OK;
}

static int watcher(void *arg, aw_value *result)
{
    (void)result;
    CHECK(aw_await(arg, NULL) == AW_OK);
    aw_printf("watcher sees a done\n");
    return AW_OK;
}

static int bystander(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("bystander runs\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *a, *b, *w;
    CHECK(aw_future_new(&future) == AW_OK);
    CHECK(aw_spawn(&a, waiter, "a") == AW_OK);
    CHECK(aw_spawn(&b, waiter, "b") == AW_OK);
    CHECK(aw_spawn(&w, watcher, a) == AW_OK);
    aw_yield();
    CHECK(aw_spawn(NULL, bystander, NULL) == AW_OK);
    CHECK(aw_future_set_result(future, AW_INT(1)) == AW_OK);
    aw_printf("set_result returned\n");
    aw_yield();
    aw_printf("main resumes\n");
    CHECK(aw_join(w, NULL) == AW_OK);
    CHECK(aw_join(b, NULL) == AW_OK);
    aw_task_unref(a);
    aw_future_unref(future);
    aw_printf("main done\n");
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
