/* The trace tests' runner: the program under an observer that prints with stdio. */
#ifndef AW_TEST_OBSERVED_H
#define AW_TEST_OBSERVED_H

#include "check.h"

#include <stdio.h>

/* Runs main_task, named "main", on a fresh loop made with `options` that `observer` observes
 * (the trace tests; the observer prints with stdio, so stdout is flushed at the end); the exit
 * code of run_test. */
static inline int run_observed_with(const aw_loop_options *options, aw_task_fn main_task,
                                    aw_observer observer)
{
    aw_loop *loop;
    aw_task *main_handle;
    CHECK(aw_loop_new(&loop, options) == AW_OK);
    CHECK(aw_loop_observe(loop, observer, NULL) == AW_OK);
    CHECK(aw_spawn_with(&main_handle, main_task, NULL, &(aw_spawn_options){.name = "main"}) ==
          AW_OK);
    CHECK(aw_loop_run_until_done(loop, main_handle) == AW_OK);
    aw_task_unref(main_handle);
    aw_loop_free(loop);
    fflush(stdout);
    return *check_failures() == 0 ? 0 : 1;
}

/* run_observed_with on the virtual clock. */
static inline int run_observed(aw_task_fn main_task, aw_observer observer)
{
    return run_observed_with(virtual_clock(), main_task, observer);
}

#endif
