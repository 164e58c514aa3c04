/*
 * Ten jobs with gather, each with a CPU part and a waiting part ("Notes on async-await").
 *
 * asyncio twin:
 * import asyncio
 *
 * def ms():
 *     return round(asyncio.get_running_loop().time() * 1000)
 *
 * async def job(n):
 *     acc = sum(i * i for i in range(n * 1000))  # CPU part: nobody else runs meanwhile
 *     print(f"job {n}: computed, waits {n * 100} ms")
 *     await asyncio.sleep(n / 10)                # waiting part: the others run
 *     print(f"job {n}: done at {ms()} ms")
 *     return acc
 *
 * async def main():
 *     tasks = [asyncio.create_task(job(i)) for i in range(10)]
 *     results = await asyncio.gather(*tasks)
 *     print(results)
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/gather_jobs.out (checked by run_twin.py)
 * twin lines (C line=Python line, where a task waits): 40=9 57=15
 */
#include "example.h"

#include <stdint.h>
#include <stdio.h>

enum { JOBS = 10 };

static int job(void *arg, aw_value *result)
{
    int n = (int)(intptr_t)arg;
    int64_t acc = 0;
    for (int64_t i = 0; i < (int64_t)n * 1000; i++) /* CPU part: nobody else runs meanwhile */
        acc += i * i;
    aw_printf("job %d: computed, waits %d ms\n", n, n * 100);
    aw_sleep(n * 100); /* waiting part: the others run */
    aw_printf("job %d: done at %lld ms\n", n, (long long)aw_now_ms());
    *result = AW_INT(acc);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_task *tasks[JOBS];
    for (int i = 0; i < JOBS; i++) {
        char name[16];
        snprintf(name, sizeof name, "job %d", i);
        aw_spawn_with(&tasks[i], job, (void *)(intptr_t)i, &(aw_spawn_options){.name = name});
    }
    aw_value results[JOBS];
    aw_gather(tasks, JOBS, results);
    aw_printf("[");
    for (int i = 0; i < JOBS; i++)
        aw_printf("%s%lld", i > 0 ? ", " : "", (long long)results[i].i);
    aw_printf("]\n");
    for (int i = 0; i < JOBS; i++)
        aw_task_unref(tasks[i]);
    return AW_OK;
}

PG_EXAMPLE(gather_jobs, "Ten jobs with gather",
           "Each job computes (CPU: no other task runs during that step) and then sleeps n*100 "
           "ms (waiting: the loop runs the others). All ten compute in the first round, then "
           "finish one by one as their timers fire; gather hands back the results in argument "
           "order. The whole run takes 900 ms, not 4.5 s.",
           "gather_jobs.c", main_task)
