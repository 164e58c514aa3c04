/* Rule 2: an iteration runs only the entries queued when it starts; whatever they schedule runs
 * in the next iteration (here: a task spawned, a task that yields, a task woken by another).
 *
 * asyncio twin:
 *     async def ticker(name, count):
 *         for _ in range(count):
 *             print(f"{name} in iteration {iteration()}")
 *             await asyncio.sleep(0)
 *     async def spawner():
 *         print(f"spawner in iteration {iteration()}")
 *         asyncio.create_task(ticker("late", 2))
 *     async def main():
 *         print(f"main in iteration {iteration()}")
 *         t = asyncio.create_task(ticker("t", 3))
 *         s = asyncio.create_task(spawner())
 *         await asyncio.sleep(0)
 *         print(f"main in iteration {iteration()}")
 *         await t
 *         print(f"main in iteration {iteration()} after t")
 *         await s
 *         print(f"main in iteration {iteration()} after s")
 *     run(main())
 */
#include "common/check.h"

typedef struct ticker_args {
    const char *name;
    int count;
} ticker_args;

static unsigned long long iteration(void)
{
    return (unsigned long long)aw_loop_iteration(aw_loop_current());
}

static int ticker(void *arg, aw_value *result)
{
    (void)result;
    const ticker_args *args = arg;
    for (int i = 0; i < args->count; i++) {
        aw_printf("%s in iteration %llu\n", args->name, iteration());
        aw_yield();
    }
    return AW_OK;
}

static int spawner(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static ticker_args late = {"late", 2};
    aw_printf("spawner in iteration %llu\n", iteration());
    CHECK(aw_spawn(NULL, ticker, &late) == AW_OK);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    ticker_args t_args = {"t", 3};
    aw_task *t, *s;
    aw_printf("main in iteration %llu\n", iteration());
    CHECK(aw_spawn(&t, ticker, &t_args) == AW_OK);
    CHECK(aw_spawn(&s, spawner, NULL) == AW_OK);
    aw_yield();
    aw_printf("main in iteration %llu\n", iteration());
    aw_join(t, NULL);
    aw_printf("main in iteration %llu after t\n", iteration());
    aw_join(s, NULL);
    aw_printf("main in iteration %llu after s\n", iteration());
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
