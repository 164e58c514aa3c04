/*
 * Cancellation and a timeout scope (rules 14-17).
 *
 * asyncio twin:
 * import asyncio
 *
 * def ms():
 *     return round(asyncio.get_running_loop().time() * 1000)
 *
 * async def slow():
 *     print("slow: working for 5 s")
 *     try:
 *         await asyncio.sleep(5)
 *         print("slow: finished")
 *     except asyncio.CancelledError:
 *         print(f"slow: cancelled at {ms()} ms, cleaning up")
 *         await asyncio.sleep(0.1)
 *         print(f"slow: clean-up done at {ms()} ms")
 *         raise
 *
 * async def main():
 *     t = asyncio.create_task(slow())
 *     await asyncio.sleep(1)
 *     print("main: cancel slow")
 *     t.cancel()
 *     try:
 *         await t
 *     except asyncio.CancelledError:
 *         print(f"main: slow ended cancelled at {ms()} ms")
 *     try:
 *         async with asyncio.timeout(0.5):
 *             print("main: sleeping 2 s inside a 500 ms timeout")
 *             await asyncio.sleep(2)
 *     except TimeoutError:
 *         print(f"main: timed out at {ms()} ms and goes on")
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/cancel_timeout.out (checked by run_twin.py)
 * twin lines (C line=Python line, where a task waits): 48=9 51=13 65=19 68=23 74=29
 */
#include "example.h"

static int slow(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_printf("slow: working for 5 s\n");
    int status = aw_sleep(5000);
    if (status == AW_ECANCELED) {
        aw_printf("slow: cancelled at %lld ms, cleaning up\n", (long long)aw_now_ms());
        aw_sleep(100);
        aw_printf("slow: clean-up done at %lld ms\n", (long long)aw_now_ms());
        return AW_ECANCELED;
    }
    aw_printf("slow: finished\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_task *t;
    aw_spawn_with(&t, slow, NULL, &(aw_spawn_options){.name = "slow"});
    aw_sleep(1000);
    aw_printf("main: cancel slow\n");
    aw_cancel(t);
    if (aw_join(t, NULL) == AW_ECANCELED)
        aw_printf("main: slow ended cancelled at %lld ms\n", (long long)aw_now_ms());

    aw_timeout scope;
    aw_timeout_enter(&scope, 500);
    aw_printf("main: sleeping 2 s inside a 500 ms timeout\n");
    int status = aw_sleep(2000);
    status = aw_timeout_leave(&scope, status);
    if (status == AW_ETIMEDOUT)
        aw_printf("main: timed out at %lld ms and goes on\n", (long long)aw_now_ms());
    return AW_OK;
}

PG_EXAMPLE(cancel_timeout, "Cancellation and a timeout scope",
           "aw_cancel ends the task's current wait with AW_ECANCELED; the task may still clean "
           "up, even await, before it returns. A timeout scope (asyncio.timeout) cancels its own "
           "task when the deadline passes, and leaving the scope turns that cancellation into "
           "AW_ETIMEDOUT so main goes on.",
           "cancel_timeout.c", main_task)
