/*
 * Blocking the loop by accident vs offloading the work ("Async/Await in Python": everything
 * runs on one thread, so a task that blocks, say with a long computation, freezes every other
 * task until it is done).
 *
 * A heartbeat task means to beat every 100 ms. First main does 300 ms of CPU-bound work right
 * in its step: nothing else can run meanwhile, so the beat due at 100 ms comes at 350 ms. The
 * work's cost is charged to the virtual clock by aw_blocking_sleep, the C twin of time.sleep()
 * in an asyncio program: it holds the loop for that long without yielding. Then main offloads
 * the same work (asyncio.to_thread) and awaits its result, and the heartbeat beats on time
 * while the work goes on elsewhere. On native builds aw_offload would run the work on a worker
 * thread; the browser build has a single thread, and a real thread would not follow the
 * virtual clock anyway, so here the worker is simulated, on every target: a task stands for the
 * thread, spends the work's 300 ms of virtual time waiting (aw_sleep, so the loop goes on), and
 * then computes the result. run_twin.py simulates asyncio.to_thread's worker the same way.
 *
 * asyncio twin:
 * import asyncio
 * import time
 *
 * def ms():
 *     return round(asyncio.get_running_loop().time() * 1000)
 *
 * def crunch(count):  # CPU-bound work: 300 ms on a real CPU
 *     total = sum(i % 7 for i in range(count))
 *     time.sleep(0.3)
 *     return total
 *
 * async def heartbeat():
 *     last = ms()
 *     for beat in range(1, 4):
 *         await asyncio.sleep(0.1)
 *         late = ms() - (last + 100)
 *         print(f"heartbeat: beat {beat} at {ms()} ms", f"({late} ms late)" if late else "(on time)")
 *         last = ms()
 *
 * async def main():
 *     beat = asyncio.create_task(heartbeat())
 *     await asyncio.sleep(0.05)
 *     print(f"blocking: crunching 300000 numbers on the loop's thread at {ms()} ms")
 *     total = crunch(300000)
 *     print(f"blocking: total {total} at {ms()} ms")
 *     await beat
 *     beat = asyncio.create_task(heartbeat())
 *     await asyncio.sleep(0.05)
 *     print(f"offloading: crunching 300000 numbers on a worker at {ms()} ms")
 *     total = await asyncio.to_thread(crunch, 300000)
 *     print(f"offloading: total {total} at {ms()} ms")
 *     await beat
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/blocking.out (checked by run_twin.py)
 * twin lines (C line=Python line, where a task waits): 76=15 103=22 109=26 112=28 118=30
 */
#include "example.h"

#include <stdint.h>

enum { COUNT = 300000, WORK_MS = 300 /* what crunch(COUNT) costs on a real CPU */ };

/* The work itself: plain computation, no aw_* call, so a thread could run it. */
static int64_t crunch(int64_t count)
{
    int64_t total = 0;
    for (int64_t i = 0; i < count; i++)
        total += i % 7;
    return total;
}

static int heartbeat(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    int64_t last = aw_now_ms();
    for (int beat = 1; beat <= 3; beat++) {
        aw_sleep(100);
        int64_t late = aw_now_ms() - (last + 100);
        if (late != 0)
            aw_printf("heartbeat: beat %d at %lld ms (%lld ms late)\n", beat,
                      (long long)aw_now_ms(), (long long)late);
        else
            aw_printf("heartbeat: beat %d at %lld ms (on time)\n", beat, (long long)aw_now_ms());
        last = aw_now_ms();
    }
    return AW_OK;
}

/* The simulated worker thread: the work takes its time without holding the loop. */
static int worker_thread(void *arg, aw_value *result)
{
    (void)arg;
    aw_sleep(WORK_MS);
    result->i = crunch(COUNT);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_task *beat;
    aw_spawn_with(&beat, heartbeat, NULL, &(aw_spawn_options){.name = "heartbeat"});
    aw_sleep(50);
    aw_printf("blocking: crunching %d numbers on the loop's thread at %lld ms\n", COUNT,
              (long long)aw_now_ms());
    int64_t total = crunch(COUNT);
    aw_blocking_sleep(WORK_MS); /* the time that takes, with the loop held */
    aw_printf("blocking: total %lld at %lld ms\n", (long long)total, (long long)aw_now_ms());
    aw_join(beat, NULL);

    aw_spawn_with(&beat, heartbeat, NULL, &(aw_spawn_options){.name = "heartbeat 2"});
    aw_sleep(50);
    aw_printf("offloading: crunching %d numbers on a worker at %lld ms\n", COUNT,
              (long long)aw_now_ms());
    aw_task *worker;
    aw_spawn_with(&worker, worker_thread, NULL, &(aw_spawn_options){.name = "worker thread"});
    aw_value offloaded;
    aw_join(worker, &offloaded);
    aw_printf("offloading: total %lld at %lld ms\n", (long long)offloaded.i,
              (long long)aw_now_ms());
    aw_join(beat, NULL);
    return AW_OK;
}

PG_EXAMPLE(blocking, "Blocking the loop vs offloading the work",
           "Everything runs on one thread. While main does 300 ms of CPU-bound work inside its "
           "step (aw_blocking_sleep charges that time to the virtual clock, as time.sleep() "
           "would block asyncio), nothing else runs: the heartbeat due at 100 ms beats at "
           "350 ms. Offloaded, the same work runs elsewhere while main awaits its result, and "
           "the heartbeat stays on time. Natively aw_offload (asyncio.to_thread) would use a "
           "worker thread; the browser has a single thread, so here a task stands for the "
           "worker: it spends the work's 300 ms waiting, then computes the result.",
           "blocking.c", main_task)
