/* A task spawned with a stack of 1 byte (rounded up to 16) that overflows it: the report
 * rounds the size up, so it says "(stack 1 KiB)", never "(stack 0 KiB)". Run by
 * run_death_test.cmake. */
#include "overflow.h"

#include <aw.h>

#include <stdio.h>

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task;
    aw_spawn_options options = {.name = "tiny", .stack_size = 1};
    if (aw_spawn_with(&task, overflow_stack, NULL, &options) != AW_OK)
        return AW_ENOMEM;
    aw_join(task, NULL);
    printf("unreachable: the task returned\n");
    return AW_OK;
}

int main(void)
{
    aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    return 0; /* the test fails on a normal exit */
}
