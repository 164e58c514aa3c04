/* What the simulated network's tests (net_sim, net_sim_udp) share: a loop on the virtual clock
 * with simulated_network whose observer prints every I/O wait with the socket's id, and named
 * tasks. */
#ifndef AW_TEST_SIMULATED_H
#define AW_TEST_SIMULATED_H

#include "check.h"

#include <stdio.h>

static inline void print_io_waits(const aw_trace_event *event, void *userdata)
{
    (void)userdata;
    if (event->kind == AW_TRACE_STEP_END && event->wait == AW_WAIT_IO)
        printf("    (%s waits on socket %llu)\n", event->task_name,
               (unsigned long long)event->object_id);
}

static inline aw_task *spawn(aw_task_fn fn, void *arg, const char *name)
{
    aw_task *task;
    aw_spawn_with(&task, fn, arg, &(aw_spawn_options){.name = name});
    return task;
}

/* Runs main_task (named "main") on a simulated network; the process's exit status. */
static inline int run_simulated(aw_task_fn main_task)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL, .simulated_network = true};
    aw_loop *loop;
    if (aw_loop_new(&loop, &options) != AW_OK)
        return 1;
    aw_loop_observe(loop, print_io_waits, NULL);
    aw_task *task = spawn(main_task, NULL, "main");
    int status = aw_loop_run_until_done(loop, task);
    if (status == AW_OK)
        status = aw_loop_shutdown(loop);
    fflush(stdout);
    aw_loop_free(loop);
    if (status != AW_OK)
        printf("loop: %s\n", aw_err_name(status));
    return status == AW_OK && *check_failures() == 0 ? 0 : 1;
}

#endif
