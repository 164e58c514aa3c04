/* Rule 8: sleep(0) yields once: the task goes to the back of the ready queue, so tasks that
 * yield in a loop take turns (round robin), "c" joining the rotation where it was spawned.
 *
 * asyncio twin:
 *     async def worker(name, rounds):
 *         for i in range(rounds):
 *             print(f"{name} round {i}")
 *             await asyncio.sleep(0)
 *         print(f"{name} done")
 *     async def main():
 *         a = asyncio.create_task(worker("a", 3))
 *         b = asyncio.create_task(worker("b", 2))
 *         await asyncio.sleep(0)
 *         c = asyncio.create_task(worker("c", 2))
 *         await worker("main", 3)
 *         await a; await b; await c
 *     run(main())
 */
#include "common/check.h"

typedef struct worker_args {
    const char *name;
    int rounds;
} worker_args;

static int worker(void *arg, aw_value *result)
{
    (void)result;
    const worker_args *args = arg;
    for (int i = 0; i < args->rounds; i++) {
        aw_printf("%s round %d\n", args->name, i);
        CHECK(aw_sleep(0) == AW_OK);
    }
    aw_printf("%s done\n", args->name);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    worker_args args[] = {{"a", 3}, {"b", 2}, {"c", 2}, {"main", 3}};
    aw_task *tasks[3];
    CHECK(aw_spawn(&tasks[0], worker, &args[0]) == AW_OK);
    CHECK(aw_spawn(&tasks[1], worker, &args[1]) == AW_OK);
    CHECK(aw_sleep(0) == AW_OK);
    CHECK(aw_spawn(&tasks[2], worker, &args[2]) == AW_OK);
    worker(&args[3], result);
    for (int i = 0; i < 3; i++)
        CHECK(aw_join(tasks[i], NULL) == AW_OK);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
