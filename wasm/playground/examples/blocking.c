/*
 * Blocking the loop by accident vs letting it breathe ("Async/Await in Python": everything
 * runs on one thread, so a long computation between two awaits freezes every other task).
 *
 * A heartbeat task ticks every 100 ms. First the worker crunches numbers in one go: the
 * heartbeat cannot run until the whole computation is over (here the clock is virtual, so
 * the cost shows as one long step, not as lost milliseconds). Then the worker does the same
 * work in slices with a short sleep between them, and the heartbeat runs between slices. The third
 * fix, aw_offload (asyncio.to_thread), moves the work to a thread on native builds; threads
 * do not exist in the browser build, where aw_offload returns AW_ENOTSUP.
 *
 * asyncio twin:
 * import asyncio
 *
 * def ms():
 *     return round(asyncio.get_running_loop().time() * 1000)
 *
 * def crunch(first, count):
 *     return sum(i % 7 for i in range(first, first + count))
 *
 * async def heartbeat():
 *     for beat in range(1, 4):
 *         await asyncio.sleep(0.1)
 *         print(f"heartbeat {beat} at {ms()} ms")
 *
 * async def main():
 *     beat = asyncio.create_task(heartbeat())
 *     await asyncio.sleep(0.05)
 *     print("blocking: crunching 300000 numbers in one step")
 *     total = crunch(0, 300000)
 *     print(f"blocking: total {total}; the heartbeat could not run meanwhile")
 *     await beat
 *     beat = asyncio.create_task(heartbeat())
 *     total = 0
 *     for part in range(3):
 *         await asyncio.sleep(0.07)
 *         total += crunch(part * 100000, 100000)
 *         print(f"slices: part {part + 1} done at {ms()} ms")
 *     print(f"slices: total {total}")
 *     await beat
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/blocking.out (checked by run_twin.py)
 */
#include "example.h"

#include <stdint.h>

static int64_t crunch(int64_t first, int64_t count)
{
    int64_t total = 0;
    for (int64_t i = first; i < first + count; i++)
        total += i % 7;
    return total;
}

static int heartbeat(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    for (int beat = 1; beat <= 3; beat++) {
        aw_sleep(100);
        aw_printf("heartbeat %d at %lld ms\n", beat, (long long)aw_now_ms());
    }
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_task *beat;
    aw_spawn_with(&beat, heartbeat, NULL, &(aw_spawn_options){.name = "heartbeat"});
    aw_sleep(50);
    aw_printf("blocking: crunching 300000 numbers in one step\n");
    int64_t total = crunch(0, 300000);
    aw_printf("blocking: total %lld; the heartbeat could not run meanwhile\n", (long long)total);
    aw_join(beat, NULL);

    aw_spawn_with(&beat, heartbeat, NULL, &(aw_spawn_options){.name = "heartbeat 2"});
    total = 0;
    for (int part = 0; part < 3; part++) {
        aw_sleep(70);
        total += crunch(part * 100000, 100000);
        aw_printf("slices: part %d done at %lld ms\n", part + 1, (long long)aw_now_ms());
    }
    aw_printf("slices: total %lld\n", (long long)total);
    aw_join(beat, NULL);
    return AW_OK;
}

PG_EXAMPLE(blocking, "Blocking the loop vs slicing the work",
           "Everything runs on one thread: while main crunches numbers between two awaits, the "
           "heartbeat cannot run, however late its timer is. Doing the work in slices with an "
           "await between them lets the loop run the heartbeat in between. On native builds, "
           "aw_offload (asyncio.to_thread) moves such work to a thread instead.",
           "blocking.c", main_task)
