/* The trace hook: the exact event sequence of a small program, one line per event (see
 * common/trace_print.h): iterations with their entry counts, spawns and who spawned, steps with
 * their resume and suspend sites and what the task waits on, wake-ups with the task or timer
 * that caused them, timers armed, fired and cancelled, a done callback, cancellation, output
 * and task ends with status and result. A suspension made without the site macro shows no
 * site. Program lines are the ones without brackets. */
#include "common/check.h"
#include "common/trace_print.h"

static aw_future *future;

static int worker(void *arg, aw_value *result)
{
    (void)arg;
    aw_printf("worker sleeps\n");
    aw_sleep(5);
    aw_future_set_result(future, AW_INT(1));
    *result = AW_INT(3);
    return AW_OK;
}

static int victim(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return (aw_sleep)(100); /* no site recorded */
}

static void callback(aw_future *done, void *arg)
{
    (void)done, (void)arg;
    aw_printf("callback\n");
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *w, *v;
    CHECK(aw_future_new(&future) == AW_OK);
    aw_spawn_with(&w, worker, NULL, &(aw_spawn_options){.name = "worker"});
    aw_spawn_with(&v, victim, NULL, &(aw_spawn_options){.name = "victim"});
    aw_future_await(future, NULL);
    aw_future_on_done(future, callback, NULL);
    aw_cancel(v);
    aw_join(v, NULL);
    aw_join(w, NULL);
    aw_future_unref(future);
    return AW_OK;
}

int main(void)
{
    aw_loop *loop;
    aw_task *main_handle;
    CHECK(aw_loop_new(&loop, virtual_clock()) == AW_OK);
    CHECK(aw_loop_observe(loop, trace_print, NULL) == AW_OK);
    CHECK(aw_spawn_with(&main_handle, main_task, NULL, &(aw_spawn_options){.name = "main"}) ==
          AW_OK);
    CHECK(aw_loop_run_until_done(loop, main_handle) == AW_OK);
    aw_printf("plain code writes\n");
    aw_loop_unobserve(loop, trace_print, NULL);
    aw_printf("after unobserve\n");
    aw_task_unref(main_handle);
    aw_loop_free(loop);
    fflush(stdout);
    return *check_failures() == 0 ? 0 : 1;
}
