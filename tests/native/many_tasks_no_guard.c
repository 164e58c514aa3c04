/* 100,000 tasks at once with .no_guard_pages = true (stacks carved from shared regions, so
 * vm.max_map_count does not cap them): each sleeps, then finishes; all must complete. */
#include <aw.h>

#include <stdio.h>

enum { TASKS = 100000 };

static int finished;

static int sleeper(void *arg, aw_value *result)
{
    (void)result;
    int64_t ms = 1 + (int64_t)(uintptr_t)arg % 100;
    if (aw_sleep(ms) != AW_OK)
        return AW_ECANCELED;
    finished++;
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (uintptr_t i = 0; i < TASKS; i++) {
        int status = aw_spawn(NULL, sleeper, (void *)i);
        if (status != AW_OK) {
            printf("spawn %zu failed: %s\n", (size_t)i, aw_err_name(status));
            return status;
        }
    }
    printf("spawned %d tasks, %zu live\n", TASKS, aw_loop_live_tasks(aw_loop_current()));
    aw_sleep(1); /* every task is now asleep */
    printf("%zu live while they sleep\n", aw_loop_live_tasks(aw_loop_current()));
    aw_sleep(200);
    printf("%d finished, %zu live, clock %lld ms\n", finished,
           aw_loop_live_tasks(aw_loop_current()), (long long)aw_now_ms());
    return finished == TASKS ? AW_OK : AW_EINVAL;
}

int main(void)
{
    int status = aw_run_with(main_task, NULL, NULL,
                             &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL, .no_guard_pages = true});
    return status == AW_OK ? 0 : 1;
}
