/* With guard pages every stack costs two kernel mappings, so spawning without end must
 * eventually fail with AW_ENOMEM (vm.max_map_count) instead of crashing; the program then
 * runs the tasks it has, and spawning works again once their stacks are given back. */
#define _POSIX_C_SOURCE 200809L
#include <aw.h>

#include <stdio.h>
#include <time.h>

enum { LIMIT = 200000 }; /* more than 65530 mappings allow */

static int ran;

static int idle(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    ran++;
    return AW_OK;
}

static double seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    double start = seconds();
    int spawned = 0, status = AW_OK;
    while (spawned < LIMIT && (status = aw_spawn(NULL, idle, NULL)) == AW_OK)
        spawned++;
    double elapsed = seconds() - start;
    fprintf(stderr, "spawned %d tasks in %.3f s before %s\n", spawned, elapsed,
            aw_err_name(status));
    printf("spawn stopped with %s\n", aw_err_name(status));
    if (status != AW_ENOMEM || spawned < 1000)
        return AW_EINVAL;
    aw_yield(); /* every spawned task runs once and finishes */
    printf("all spawned tasks ran: %s\n", ran == spawned ? "yes" : "no");
    aw_task *again;
    status = aw_spawn(&again, idle, NULL);
    printf("spawn after they finished: %s\n", aw_err_name(status));
    if (status != AW_OK)
        return status;
    aw_join(again, NULL);
    printf("%zu live\n", aw_loop_live_tasks(aw_loop_current()));
    return ran == spawned + 1 ? AW_OK : AW_EINVAL;
}

int main(void)
{
    int status = aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    return status == AW_OK ? 0 : 1;
}
