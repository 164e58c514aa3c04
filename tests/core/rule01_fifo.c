/* Rule 1: one FIFO ready queue. Task steps and done callbacks are appended to the same queue and
 * run in the order they were appended.
 *
 * asyncio twin:
 *     async def child(name):
 *         print(f"{name} runs")
 *     async def main():
 *         fut = asyncio.get_running_loop().create_future()
 *         fut.set_result(None)
 *         asyncio.create_task(child("a"))
 *         fut.add_done_callback(lambda f: print("callback 1"))
 *         asyncio.create_task(child("b"))
 *         fut.add_done_callback(lambda f: print("callback 2"))
 *         print("main yields")
 *         await asyncio.sleep(0)
 *         print("main resumes")
 *     run(main())
 */
#include "common/check.h"

static int child(void *arg, aw_value *result)
{
    (void)result;
    aw_printf("%s runs\n", (const char *)arg);
    return AW_OK;
}

static void callback(aw_future *future, void *arg)
{
    (void)future;
    aw_printf("%s\n", (const char *)arg);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_future *future;
    CHECK(aw_future_new(&future) == AW_OK);
    CHECK(aw_future_set_result(future, AW_INT(0)) == AW_OK);
    CHECK(aw_spawn(NULL, child, "a") == AW_OK);
    CHECK(aw_future_on_done(future, callback, "callback 1") == AW_OK);
    CHECK(aw_spawn(NULL, child, "b") == AW_OK);
    CHECK(aw_future_on_done(future, callback, "callback 2") == AW_OK);
    aw_future_unref(future);
    aw_printf("main yields\n");
    aw_yield();
    aw_printf("main resumes\n");
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
