/* Rule 9: sleep(d) is a timer that completes a future: the timer fires in one iteration and the
 * sleeper runs in the next. While "ticker" keeps the queue busy the clock does not jump; a timer
 * that comes due joins the iteration behind the tasks already queued.
 *
 * asyncio twin:
 *     async def sleeper(name, ms):
 *         print(f"{name} sleeps at {now()} ms, iteration {iteration()}")
 *         await asyncio.sleep(ms / 1000)
 *         print(f"{name} wakes at {now()} ms, iteration {iteration()}")
 *     async def ticker():
 *         for _ in range(3):
 *             print(f"ticker at {now()} ms, iteration {iteration()}")
 *             await asyncio.sleep(0)
 *         await asyncio.sleep(0.010)
 *         for _ in range(2):
 *             print(f"ticker at {now()} ms, iteration {iteration()}")
 *             await asyncio.sleep(0)
 *     async def main():
 *         s = asyncio.create_task(sleeper("s", 10))
 *         t = asyncio.create_task(ticker())
 *         await s
 *         await sleeper("main", 15)
 *         await t
 *         print(f"main ends at {now()} ms, iteration {iteration()}")
 *     run(main())
 */
#include "common/check.h"

static unsigned long long iteration(void)
{
    return (unsigned long long)aw_loop_iteration(aw_loop_current());
}

static void sleep_and_report(const char *name, int64_t ms)
{
    aw_printf("%s sleeps at %lld ms, iteration %llu\n", name, (long long)aw_now_ms(), iteration());
    CHECK(aw_sleep(ms) == AW_OK);
    aw_printf("%s wakes at %lld ms, iteration %llu\n", name, (long long)aw_now_ms(), iteration());
}

static int sleeper(void *arg, aw_value *result)
{
    (void)result;
    sleep_and_report(arg, 10);
    return AW_OK;
}

static void tick(int times)
{
    for (int i = 0; i < times; i++) {
        aw_printf("ticker at %lld ms, iteration %llu\n", (long long)aw_now_ms(), iteration());
        CHECK(aw_yield() == AW_OK);
    }
}

static int ticker(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    tick(3);
    CHECK(aw_sleep(10) == AW_OK);
    tick(2);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *s, *t;
    CHECK(aw_spawn(&s, sleeper, "s") == AW_OK);
    CHECK(aw_spawn(&t, ticker, NULL) == AW_OK);
    CHECK(aw_join(s, NULL) == AW_OK);
    sleep_and_report("main", 15);
    CHECK(aw_join(t, NULL) == AW_OK);
    aw_printf("main ends at %lld ms, iteration %llu\n", (long long)aw_now_ms(), iteration());
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
