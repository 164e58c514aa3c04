/* aw_loop_get_stats: each count moves exactly when the resource is taken or given back. A task
 * record (and its stack) stays until the task is done and its handle released; a detached
 * task's stack goes back to the cache as soon as it returns; a sleep and a timeout scope arm
 * a timer (a select's deadline is disarmed once the select returns); a done callback is
 * pending from aw_future_on_done until it runs, one hop after the future completes; gather puts
 * one callback on each child. The loop keeps at most 3 released stacks (stack_cache): the
 * fourth is unmapped. */
#include "common/check.h"

static void show_stats(const char *when)
{
    aw_loop_stats s;
    aw_loop_get_stats(aw_loop_current(), &s);
    aw_printf("%-26s live %zu, finished %zu, stacks %zu + %zu cached, timers %zu, futures %zu, "
              "callbacks %zu, io %zu, ready %zu\n",
              when, s.live_tasks, s.finished_tasks, s.stacks_in_use, s.stacks_cached,
              s.timers_armed, s.futures, s.done_callbacks, s.io_waits, s.ready);
}

static int sleeper(void *arg, aw_value *result)
{
    (void)result;
    return aw_sleep((int64_t)(intptr_t)arg);
}

static int quick(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return AW_OK;
}

static void on_done(aw_future *future, void *arg)
{
    (void)future, (void)arg;
    show_stats("in the done callback:");
}

static int gatherer(void *arg, aw_value *result)
{
    (void)result;
    return aw_gather(arg, 2, NULL);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    show_stats("main's first step:");
    aw_task *sleeping;
    aw_future *future;
    CHECK(aw_spawn(&sleeping, sleeper, (void *)10) == AW_OK);
    CHECK(aw_spawn(NULL, quick, NULL) == AW_OK);
    CHECK(aw_future_new(&future) == AW_OK);
    CHECK(aw_future_on_done(future, on_done, NULL) == AW_OK);
    show_stats("spawned two, one future:");
    aw_yield();
    show_stats("detached one returned:");
    aw_future_set_result(future, AW_INT(1));
    show_stats("future set:");
    aw_yield();
    aw_future_unref(future);
    show_stats("future released:");
    aw_sleep(20);
    show_stats("sleeper done, held:");
    aw_task_unref(sleeping);
    show_stats("sleeper released:");

    aw_task *children[2], *g;
    CHECK(aw_spawn(&children[0], sleeper, (void *)5) == AW_OK);
    CHECK(aw_spawn(&children[1], sleeper, (void *)7) == AW_OK);
    CHECK(aw_spawn(&g, gatherer, children) == AW_OK);
    aw_sleep(1);
    show_stats("gather of two waiting:");
    CHECK(aw_join(g, NULL) == AW_OK);
    aw_task_unref(children[0]);
    aw_task_unref(children[1]);
    show_stats("gather joined:");

    aw_timeout scope;
    aw_timeout_enter(&scope, 100);
    aw_channel *channel;
    CHECK(aw_channel_new(&channel, 0) == AW_OK);
    aw_select_case cases[] = {{channel, AW_SELECT_RECV, {0}}};
    size_t index;
    CHECK(aw_spawn(NULL, quick, NULL) == AW_OK);
    show("select with a timeout", aw_select(cases, 1, 3, &index));
    show_stats("in a timeout scope:");
    aw_timeout_leave(&scope, AW_OK);
    aw_channel_free(channel);
    show_stats("scope left:");
    return AW_OK;
}

int main(void)
{
    aw_loop *loop;
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL, .stack_cache = 3};
    if (aw_loop_new(&loop, &options) != AW_OK)
        return 1;
    show_stats("new loop:");
    aw_task *main_handle;
    CHECK(aw_spawn_with(&main_handle, main_task, NULL, &(aw_spawn_options){.name = "main"}) ==
          AW_OK);
    show_stats("main spawned:");
    CHECK(aw_loop_run_until_done(loop, main_handle) == AW_OK);
    show_stats("main done, held:");
    aw_task_unref(main_handle);
    show_stats("main released:");
    aw_loop_free(loop);
    return *check_failures() == 0 ? 0 : 1;
}
