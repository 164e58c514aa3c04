/* Rule 3: timers fire in deadline order, and timers with equal deadlines fire in creation order
 * (aw's one deliberate difference: asyncio's heap compares only deadlines). "f" arms its timer
 * last but for the earliest deadline; "g" arms at 5 ms for the same deadline as "b" and "d".
 *
 * asyncio twin:
 *     async def sleeper(name, ms):
 *         await asyncio.sleep(ms / 1000)
 *         print(f"{name} wakes at {now()} ms")
 *     async def late(name, ms):
 *         await asyncio.sleep(0.005)
 *         await sleeper(name, ms)
 *     async def main():
 *         plan = [("a", 20), ("b", 10), ("c", 20), ("d", 10), ("e", 20), ("f", 2)]
 *         tasks = [asyncio.create_task(sleeper(n, ms)) for n, ms in plan]
 *         tasks.append(asyncio.create_task(late("g", 5)))
 *         for t in tasks:
 *             await t
 *     run(main())
 *     # differs: asyncio may wake b, d, g and a, c, e in any order; aw keeps creation order
 */
#include "common/check.h"

typedef struct sleep_plan {
    const char *name;
    int64_t ms;
} sleep_plan;

static void sleep_and_print(const sleep_plan *plan)
{
    CHECK(aw_sleep(plan->ms) == AW_OK);
    aw_printf("%s wakes at %lld ms\n", plan->name, (long long)aw_now_ms());
}

static int sleeper(void *arg, aw_value *result)
{
    (void)result;
    sleep_and_print(arg);
    return AW_OK;
}

static int late(void *arg, aw_value *result)
{
    (void)result;
    CHECK(aw_sleep(5) == AW_OK);
    sleep_and_print(arg);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const sleep_plan plan[] = {{"a", 20}, {"b", 10}, {"c", 20}, {"d", 10}, {"e", 20},
                                      {"f", 2},  {"g", 5}};
    enum { COUNT = sizeof plan / sizeof plan[0] };
    aw_task *tasks[COUNT];
    for (int i = 0; i < COUNT - 1; i++)
        CHECK(aw_spawn(&tasks[i], sleeper, (void *)&plan[i]) == AW_OK);
    CHECK(aw_spawn(&tasks[COUNT - 1], late, (void *)&plan[COUNT - 1]) == AW_OK);
    for (int i = 0; i < COUNT; i++)
        CHECK(aw_join(tasks[i], NULL) == AW_OK);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
