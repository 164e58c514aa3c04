/* aw_loop_shutdown_begin / aw_loop_shutdown_step: the shutdown one entry at a time, as the
 * playground drives it. begin cancels the live tasks in spawn order; a task that a clean-up
 * spawns is cancelled in a later round, before the step that would run it; a step returns 1
 * per entry run, 0 once every task is done, and AW_ESTATE before begin or after the end. */
#include "common/check.h"

static int worker(void *arg, aw_value *result)
{
    (void)result;
    int status = aw_sleep(1000);
    aw_printf("%s: %s\n", (const char *)arg, aw_err_name(status));
    return status;
}

/* On cancellation, spawns a helper that must itself be cancelled by the next round. */
static int spawner(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    int status = aw_sleep(1000);
    aw_printf("spawner: %s, spawns a helper\n", aw_err_name(status));
    CHECK(aw_spawn_with(NULL, worker, "helper", &(aw_spawn_options){.name = "helper"}) == AW_OK);
    return status;
}

int main(void)
{
    aw_loop *loop;
    CHECK(aw_loop_new(&loop, virtual_clock()) == AW_OK);
    CHECK(aw_spawn(NULL, worker, "first") == AW_OK);
    CHECK(aw_spawn(NULL, spawner, NULL) == AW_OK);
    CHECK(aw_spawn(NULL, worker, "third") == AW_OK);
    aw_loop_run_iteration(loop); /* all three sleep */
    show("step before begin", aw_loop_shutdown_step(loop));
    show("begin", aw_loop_shutdown_begin(loop));
    int status, steps = 0;
    while ((status = aw_loop_shutdown_step(loop)) > 0)
        aw_printf("step %d: %zu live\n", ++steps, aw_loop_live_tasks(loop));
    show("last step", status);
    show("step after the end", aw_loop_shutdown_step(loop));
    aw_loop_free(loop);
    return *check_failures() == 0 ? 0 : 1;
}
