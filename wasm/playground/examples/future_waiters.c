/*
 * A future completed by another task: the waiters are woken in the order they started
 * waiting, one hop later (rule 7) - the pizza box from "Notes on async-await".
 *
 * asyncio twin:
 * import asyncio
 *
 * def ms():
 *     return round(asyncio.get_running_loop().time() * 1000)
 *
 * async def waiter(name, box):
 *     print(f"{name}: waits for the pizza")
 *     pizza = await box
 *     print(f"{name}: got pizza {pizza} at {ms()} ms")
 *
 * async def kitchen(box):
 *     print("kitchen: baking")
 *     await asyncio.sleep(1)
 *     box.set_result(7)
 *     print("kitchen: set_result(7); nobody has run yet")
 *
 * async def main():
 *     box = asyncio.get_running_loop().create_future()
 *     tasks = [asyncio.create_task(waiter(n, box)) for n in ("ann", "bob", "cid")]
 *     tasks.append(asyncio.create_task(kitchen(box)))
 *     await asyncio.gather(*tasks)
 *     print("main: everyone ate")
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/future_waiters.out (checked by run_twin.py)
 * twin lines (C line=Python line, where a task waits): 43=8 53=13 69=21
 */
#include "example.h"

static aw_future *box;

static int waiter(void *arg, aw_value *result)
{
    (void)result;
    const char *name = arg;
    aw_printf("%s: waits for the pizza\n", name);
    aw_value pizza;
    aw_future_await(box, &pizza);
    aw_printf("%s: got pizza %lld at %lld ms\n", name, (long long)pizza.i, (long long)aw_now_ms());
    return AW_OK;
}

static int kitchen(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_printf("kitchen: baking\n");
    aw_sleep(1000);
    aw_future_set_result(box, AW_INT(7));
    aw_printf("kitchen: set_result(7); nobody has run yet\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_future_new(&box);
    static const char *const names[] = {"ann", "bob", "cid"};
    aw_task *tasks[4];
    for (int i = 0; i < 3; i++)
        aw_spawn_with(&tasks[i], waiter, (void *)names[i], &(aw_spawn_options){.name = names[i]});
    aw_spawn_with(&tasks[3], kitchen, NULL, &(aw_spawn_options){.name = "kitchen"});
    aw_gather(tasks, 4, NULL);
    aw_printf("main: everyone ate\n");
    for (int i = 0; i < 4; i++)
        aw_task_unref(tasks[i]);
    aw_future_unref(box);
    return AW_OK;
}

PG_EXAMPLE(future_waiters, "A future completed by another task",
           "A future is the pizza box: a result that will exist later. Three tasks wait on the "
           "same future; the kitchen completes it after 1 s. set_result runs nobody: it appends "
           "the waiters to the ready queue in the order they started waiting, and they run in "
           "the next iteration.",
           "future_waiters.c", main_task)
