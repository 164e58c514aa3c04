/*
 * Sequential vs concurrent awaits (the say_after quiz from "Notes on async-await").
 *
 * asyncio twin:
 * import asyncio
 *
 * def ms():
 *     return round(asyncio.get_running_loop().time() * 1000)
 *
 * async def say_after(delay, what):
 *     await asyncio.sleep(delay)
 *     print(what)
 *
 * async def main():
 *     print(f"sequential: started at {ms()} ms")
 *     await say_after(1, "hello")
 *     await say_after(2, "world")
 *     print(f"sequential: finished at {ms()} ms")
 *
 *     task1 = asyncio.create_task(say_after(1, "hello"))
 *     task2 = asyncio.create_task(say_after(2, "world"))
 *     print(f"concurrent: started at {ms()} ms")
 *     await task1
 *     await task2
 *     print(f"concurrent: finished at {ms()} ms")
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/say_after.out (checked by run_twin.py)
 * twin lines (C line=Python line, where a task waits): 37=7 69=19 70=20
 */
#include "example.h"

#include <stdint.h>

static void say_after(int64_t delay_ms, const char *what)
{
    aw_sleep(delay_ms);
    aw_printf("%s\n", what);
}
#define say_after(...) PG_FRAME_VOID(say_after, __VA_ARGS__) /* a frame in the call stack */

typedef struct greeting {
    int64_t delay_ms;
    const char *what;
} greeting;

static int say_after_task(void *arg, aw_value *result)
{
    (void)result;
    const greeting *g = arg;
    say_after(g->delay_ms, g->what);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_printf("sequential: started at %lld ms\n", (long long)aw_now_ms());
    say_after(1000, "hello"); /* a plain call: main itself sleeps 1 s */
    say_after(2000, "world"); /* ... and then 2 s more */
    aw_printf("sequential: finished at %lld ms\n", (long long)aw_now_ms());

    static const greeting hello = {1000, "hello"}, world = {2000, "world"};
    aw_task *task1, *task2;
    aw_spawn_with(&task1, say_after_task, (void *)&hello, &(aw_spawn_options){.name = "task1"});
    aw_spawn_with(&task2, say_after_task, (void *)&world, &(aw_spawn_options){.name = "task2"});
    aw_printf("concurrent: started at %lld ms\n", (long long)aw_now_ms());
    aw_join(task1, NULL); /* both sleeps run at the same time */
    aw_join(task2, NULL);
    aw_printf("concurrent: finished at %lld ms\n", (long long)aw_now_ms());
    return AW_OK;
}

PG_EXAMPLE(say_after, "Sequential vs concurrent awaits",
           "Awaiting say_after() twice in a row takes 1 s + 2 s = 3 s: main itself sleeps each "
           "time. Spawning both as tasks first lets their sleeps overlap, so the concurrent half "
           "takes 2 s. Watch the two timers sit side by side in the timers list.",
           "say_after.c", main_task)
