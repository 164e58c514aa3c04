/* Rule 10, the end of the run: aw_run stops the loop as asyncio.run does, through a done
 * callback on the main task (run_until_complete). The rest of the iteration in which main
 * returns still runs, and so does the next one, which holds what was queued until then (a
 * task main spawned last runs its first step); that iteration does not wait for timers. Then
 * every task still alive is cancelled at its next step.
 *
 * asyncio twin:
 *     async def worker(name):
 *         try:
 *             for hop in range(10):
 *                 print(f"{name} hop {hop} in iteration {iteration()}")
 *                 await asyncio.sleep(0)
 *         except asyncio.CancelledError:
 *             print(f"{name} cancelled in iteration {iteration()}")
 *             raise
 *     async def sleeper():
 *         try:
 *             await asyncio.sleep(1)
 *         except asyncio.CancelledError:
 *             print(f"sleeper cancelled at {now()} ms")
 *             raise
 *     async def main():
 *         asyncio.create_task(sleeper())
 *         asyncio.create_task(worker("busy"))
 *         await asyncio.sleep(0)
 *         asyncio.create_task(worker("late"))
 *         print(f"main returns in iteration {iteration()}")
 *         return 7
 *     print(f"run returned {run(main())}")
 */
#include "common/check.h"

static int worker(void *arg, aw_value *result)
{
    (void)result;
    const char *name = arg;
    for (int hop = 0; hop < 10; hop++) {
        aw_printf("%s hop %d in iteration %llu\n", name, hop,
                  (unsigned long long)aw_loop_iteration(aw_loop_current()));
        if (aw_yield() == AW_ECANCELED) {
            aw_printf("%s cancelled in iteration %llu\n", name,
                      (unsigned long long)aw_loop_iteration(aw_loop_current()));
            return AW_ECANCELED;
        }
    }
    return AW_OK;
}

static int sleeper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    if (aw_sleep(1000) == AW_ECANCELED) {
        aw_printf("sleeper cancelled at %lld ms\n", (long long)aw_now_ms());
        return AW_ECANCELED;
    }
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    CHECK(aw_spawn(NULL, sleeper, NULL) == AW_OK);
    CHECK(aw_spawn(NULL, worker, "busy") == AW_OK);
    CHECK(aw_yield() == AW_OK);
    CHECK(aw_spawn(NULL, worker, "late") == AW_OK);
    aw_printf("main returns in iteration %llu\n",
              (unsigned long long)aw_loop_iteration(aw_loop_current()));
    *result = AW_INT(7);
    return AW_OK;
}

int main(void)
{
    return run_test_showing_result(main_task, NULL);
}
