/*
 * Task ordering: create order vs await order (T1/T2/T3 from "Notes on async-await").
 *
 * asyncio twin:
 * import asyncio
 *
 * async def T1():
 *     print("T1 start")
 *     await asyncio.sleep(2)
 *     print("T1 end")
 *
 * async def T2():
 *     print("T2 start")
 *     print("T2 end")
 *
 * async def T3():
 *     print("T3 start")
 *     print("T3 end")
 *
 * async def main():
 *     print("main start")
 *     t1 = asyncio.create_task(T1())
 *     t3 = asyncio.create_task(T3())
 *     t2 = asyncio.create_task(T2())
 *     print("main middle")
 *     await t1
 *     await t2
 *     await t3
 *     print("main end")
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/task_order.out (checked by run_twin.py)
 * twin lines (C line=Python line, where a task waits): 42=5 75=22
 */
#include "example.h"

static int T1(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_printf("T1 start\n");
    aw_sleep(2000);
    aw_printf("T1 end\n");
    return AW_OK;
}

static int T2(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_printf("T2 start\n");
    aw_printf("T2 end\n");
    return AW_OK;
}

static int T3(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_printf("T3 start\n");
    aw_printf("T3 end\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_printf("main start\n");
    aw_task *t1, *t2, *t3;
    aw_spawn_with(&t1, T1, NULL, &(aw_spawn_options){.name = "T1"});
    aw_spawn_with(&t3, T3, NULL, &(aw_spawn_options){.name = "T3"});
    aw_spawn_with(&t2, T2, NULL, &(aw_spawn_options){.name = "T2"});
    aw_printf("main middle\n");
    aw_join(t1, NULL);
    aw_join(t2, NULL); /* already done: returns at once */
    aw_join(t3, NULL);
    aw_printf("main end\n");
    return AW_OK;
}

PG_EXAMPLE(task_order, "Task ordering: create order vs await order",
           "create_task only queues a task's first step: T1, T3 and T2 start in the order they "
           "were created, once main first waits. T3 and T2 never wait, so they finish in their "
           "first step; T1 sleeps. Awaiting t2 and t3 afterwards does not yield: they are done.",
           "task_order.c", main_task)
