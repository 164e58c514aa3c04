/*
 * Nested awaits: awaiting a plain call does not yield (rule 5), and neither does awaiting
 * something already done (rule 6). Only a real wait lets another task run.
 *
 * asyncio twin:
 * import asyncio
 *
 * async def inner():
 *     print("inner: runs inside outer's step")
 *     return 42
 *
 * async def outer():
 *     print("outer: before await inner()")
 *     value = await inner()
 *     print(f"outer: inner returned {value}, still the same step")
 *     return value + 1
 *
 * async def other():
 *     print("other: finally my turn")
 *
 * async def main():
 *     t = asyncio.create_task(other())
 *     value = await outer()
 *     print(f"main: outer returned {value}; other has not run yet")
 *     await asyncio.sleep(0)
 *     print("main: after sleep(0), other has run")
 *     await t
 *     print("main: awaiting the finished task did not yield")
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/nested_awaits.out (checked by run_twin.py)
 * twin lines (C line=Python line, where a task waits): 66=20
 */
#include "example.h"

static int inner(void)
{
    aw_printf("inner: runs inside outer's step\n");
    return 42;
}

static int outer(void)
{
    aw_printf("outer: before await inner()\n");
    int value = inner(); /* await inner(): just a call */
    aw_printf("outer: inner returned %d, still the same step\n", value);
    return value + 1;
}

static int other(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_printf("other: finally my turn\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_task *t;
    aw_spawn_with(&t, other, NULL, &(aw_spawn_options){.name = "other"});
    int value = outer();
    aw_printf("main: outer returned %d; other has not run yet\n", value);
    aw_yield();
    aw_printf("main: after sleep(0), other has run\n");
    aw_join(t, NULL);
    aw_printf("main: awaiting the finished task did not yield\n");
    return AW_OK;
}

PG_EXAMPLE(nested_awaits, "Nested awaits: a plain call does not yield",
           "In Python, await inner() on a coroutine is a function call (yield from): nothing "
           "suspends unless inner itself waits. In C it is literally a call. main, outer and "
           "inner all run in one step; the task 'other' runs only when main yields with sleep(0). "
           "Awaiting a task that has finished returns at once.",
           "nested_awaits.c", main_task)
