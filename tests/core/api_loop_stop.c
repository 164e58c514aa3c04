/* aw_loop_stop is asyncio's loop.stop(): the iteration in progress is the last one (before the
 * loop runs, the first one is), the run call then returns, and the stop is used up. A run
 * until a task is done reports a stop that came first.
 *
 * asyncio twin:
 *     from twin import VirtualLoop
 *     loop = VirtualLoop()
 *     async def ticker():
 *         for tick in range(4):
 *             print(f"tick {tick} in iteration {iteration()}")
 *             await asyncio.sleep(0)
 *     async def stopper():
 *         print(f"stopper stops the loop in iteration {iteration()}")
 *         asyncio.get_running_loop().stop()
 *         await asyncio.sleep(0)
 *         print(f"stopper resumes in iteration {iteration()}")
 *     async def sleeper():
 *         await asyncio.sleep(0.005)
 *         print(f"sleeper wakes at {now()} ms in iteration {iteration()}")
 *     loop.stop()
 *     loop.run_forever()
 *     print(f"stopped before running: iteration {loop.iteration}")
 *     loop.create_task(ticker())
 *     loop.create_task(stopper())
 *     sleeping = loop.create_task(sleeper())
 *     loop.run_forever()
 *     print(f"run returned in iteration {loop.iteration}")
 *     loop.create_task(stopper())
 *     try:
 *         loop.run_until_complete(sleeping)
 *     except RuntimeError:
 *         print(f"run until the sleeper is done: stopped first, in iteration {loop.iteration}")
 *     loop.run_until_complete(sleeping)
 *     print(f"run until the sleeper is done: returned in iteration {loop.iteration}")
 *     loop.close()
 */
#include "common/check.h"

static unsigned long long iteration(void)
{
    return (unsigned long long)aw_loop_iteration(aw_loop_current());
}

static int ticker(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (int tick = 0; tick < 4; tick++) {
        aw_printf("tick %d in iteration %llu\n", tick, iteration());
        CHECK(aw_yield() == AW_OK);
    }
    return AW_OK;
}

static int stopper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("stopper stops the loop in iteration %llu\n", iteration());
    aw_loop_stop(aw_loop_current());
    CHECK(aw_yield() == AW_OK);
    aw_printf("stopper resumes in iteration %llu\n", iteration());
    return AW_OK;
}

static int sleeper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_sleep(5) == AW_OK);
    aw_printf("sleeper wakes at %lld ms in iteration %llu\n", (long long)aw_now_ms(),
              iteration());
    return AW_OK;
}

int main(void)
{
    aw_loop *loop;
    CHECK(aw_loop_new(&loop, virtual_clock()) == AW_OK);
    aw_loop_stop(loop);
    CHECK(aw_loop_run(loop) == AW_OK);
    aw_printf("stopped before running: iteration %llu\n", iteration());
    aw_task *sleeping;
    CHECK(aw_spawn(NULL, ticker, NULL) == AW_OK);
    CHECK(aw_spawn(NULL, stopper, NULL) == AW_OK);
    CHECK(aw_spawn(&sleeping, sleeper, NULL) == AW_OK);
    CHECK(aw_loop_run(loop) == AW_OK);
    aw_printf("run returned in iteration %llu\n", iteration());
    CHECK(aw_spawn(NULL, stopper, NULL) == AW_OK);
    if (aw_loop_run_until_done(loop, sleeping) == AW_ESTATE)
        aw_printf("run until the sleeper is done: stopped first, in iteration %llu\n",
                  iteration());
    CHECK(aw_loop_run_until_done(loop, sleeping) == AW_OK);
    aw_printf("run until the sleeper is done: returned in iteration %llu\n", iteration());
    aw_task_unref(sleeping);
    CHECK(aw_loop_live_tasks(loop) == 0);
    aw_loop_free(loop);
    return *check_failures() == 0 ? 0 : 1;
}
