/* A task named "worker" recurses without bound. The guard page below its stack must stop the
 * process with SIGABRT and the line
 *     aw: stack overflow in task 2 "worker" (stack 64 KiB)
 * on stderr, not a bare SIGSEGV. Run by run_death_test.cmake. */
#include "overflow.h"

#include <aw.h>

#include <stdio.h>

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task;
    if (aw_spawn_with(&task, overflow_stack, NULL, &(aw_spawn_options){.name = "worker"}) != AW_OK)
        return AW_ENOMEM;
    aw_join(task, NULL);
    printf("unreachable: the worker returned\n");
    return AW_OK;
}

int main(void)
{
    aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    return 0; /* the test fails on a normal exit */
}
