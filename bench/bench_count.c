/* A fixed amount of scheduler work for counting instructions under callgrind (bench/run
 * runs it at two lengths and takes the difference, which leaves the instructions per
 * operation):
 *   bench_count yield N    two tasks each call aw_yield() N times (N round trips)
 *   bench_count sleep0 N   one task calls aw_yield() N times
 *   bench_count spawn N    N times aw_spawn then aw_join of a task that returns at once */
#include <aw.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long count;

static int yielder(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (long i = 0; i < count; i++)
        aw_yield();
    return AW_OK;
}

static int yield_main(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *a, *b;
    aw_spawn(&a, yielder, NULL);
    aw_spawn(&b, yielder, NULL);
    aw_join(a, NULL);
    aw_join(b, NULL);
    return AW_OK;
}

static int nothing(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return AW_OK;
}

static int spawn_main(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (long i = 0; i < count; i++) {
        aw_task *task;
        aw_spawn(&task, nothing, NULL);
        aw_join(task, NULL);
    }
    return AW_OK;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_count yield|sleep0|spawn N\n");
        return 2;
    }
    count = atol(argv[2]);
    aw_task_fn main_fn = strcmp(argv[1], "spawn") == 0   ? spawn_main
                         : strcmp(argv[1], "sleep0") == 0 ? yielder
                                                          : yield_main;
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return aw_run_with(main_fn, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
