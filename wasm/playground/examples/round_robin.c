/*
 * The parts of "Async Python Part 2" on asyncio's loop: its MyConcurrentRunner runs each
 * generator to the end before the next one, while sleep(0) sends a task to the back of the
 * ready queue, so tasks that yield take turns.
 *
 * asyncio twin:
 * import asyncio
 *
 * async def part1():
 *     print("task1_part1.1")
 *     await asyncio.sleep(0)
 *     print("task1_part1.2")
 *     await asyncio.sleep(0)
 *
 * async def part2():
 *     for i in range(3):
 *         print(f"task1_part2.{i}")
 *         await asyncio.sleep(0)
 *
 * async def part3():
 *     for i in range(1, 6):
 *         print(f"task1_part3.{i}")
 *         await asyncio.sleep(0)
 *
 * async def part4():
 *     await part1()  # a plain call of a coroutine: yields where part1 yields
 *
 * async def main():
 *     tasks = [asyncio.create_task(p()) for p in (part1, part2, part3, part4)]
 *     await asyncio.gather(*tasks)
 *     print("all parts done")
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/round_robin.out (checked by run_twin.py)
 * twin lines (C line=Python line, where a task waits): 42=5 44=7 62=12 73=17 95=24
 */
#include "example.h"

static void part1_body(void)
{
    aw_printf("task1_part1.1\n");
    aw_yield();
    aw_printf("task1_part1.2\n");
    aw_yield();
}
#define part1_body(...) PG_FRAME_VOID(part1_body, __VA_ARGS__) /* a frame in the call stack */

static int part1(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    part1_body();
    return AW_OK;
}

static int part2(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    for (int i = 0; i < 3; i++) {
        aw_printf("task1_part2.%d\n", i);
        aw_yield();
    }
    return AW_OK;
}

static int part3(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    for (int i = 1; i <= 5; i++) {
        aw_printf("task1_part3.%d\n", i);
        aw_yield();
    }
    return AW_OK;
}

static int part4(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    part1_body(); /* yield from task1_part1(): a plain call that yields where part1 yields */
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    static const aw_task_fn parts[] = {part1, part2, part3, part4};
    static const char *const names[] = {"part1", "part2", "part3", "part4"};
    aw_task *tasks[4];
    for (int i = 0; i < 4; i++)
        aw_spawn_with(&tasks[i], parts[i], NULL, &(aw_spawn_options){.name = names[i]});
    aw_gather(tasks, 4, NULL);
    aw_printf("all parts done\n");
    for (int i = 0; i < 4; i++)
        aw_task_unref(tasks[i]);
    return AW_OK;
}

PG_EXAMPLE(round_robin, "Taking turns: sleep(0)",
           "The article's MyConcurrentRunner pops a generator from its deque and calls next() "
           "on it until it is exhausted, so its parts print one after another. asyncio's loop "
           "takes turns instead: aw_yield() (asyncio.sleep(0)) puts the task at the back of the "
           "ready queue, and every other ready task runs once before it resumes. part4 calls "
           "part1's body as a plain function (the article's yield from), which yields where "
           "part1 yields.",
           "round_robin.c", main_task)
