/* aw_run: asyncio.run() for C. Runs the main task, then cancels whatever is still alive and
 * lets it clean up (rule 10). */
#include "aw.h"
#include "core/task.h"

#include <stdio.h>
#include <unistd.h>

/* The shutdown of core/shutdown.c, run to its end, with the dump of what could not finish. */
int aw_loop_shutdown(aw_loop *loop)
{
    int status = aw_loop_shutdown_begin(loop);
    if (status != AW_OK)
        return status;
    while ((status = aw_loop_shutdown_step(loop)) > 0) {
    }
    if (status != AW_EDEADLOCK)
        return status;
    fprintf(stderr, "aw: %zu task(s) did not finish after being cancelled:\n", loop->live_tasks);
    fflush(stderr);
    aw_loop_dump(loop, STDERR_FILENO);
    return AW_EDEADLOCK;
}

int aw_run_with(aw_task_fn main, void *arg, aw_value *result, const aw_loop_options *options)
{
    if (main == NULL)
        return AW_EINVAL;
    aw_loop *loop;
    int status = aw_loop_new(&loop, options);
    if (status != AW_OK)
        return status;
    aw_task *main_task;
    status = aw_spawn_with(&main_task, main, arg, &(aw_spawn_options){.name = "main"});
    if (status != AW_OK) {
        aw_loop_free(loop);
        return status;
    }
    status = aw_loop_run_until_done(loop, main_task);
    if (status == AW_EDEADLOCK) {
        fputs("aw: deadlock: the main task waits and nothing can wake it\n", stderr);
        fflush(stderr);
        aw_loop_dump(loop, STDERR_FILENO);
    } else if (status == AW_OK) {
        status = main_task->done.status;
        if (result != NULL)
            *result = main_task->done.result;
    }
    aw_task_unref(main_task);
    if (status != AW_EDEADLOCK)
        aw_loop_shutdown(loop);
    fflush(stdout);
    aw_loop_free(loop);
    return status;
}

int aw_run(aw_task_fn main, void *arg, aw_value *result)
{
    return aw_run_with(main, arg, result, NULL);
}
