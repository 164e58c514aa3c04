/* Futures from plain C code on a loop driven by hand, and from tasks: done callbacks run from
 * the ready queue in the order they were added (one entry each), a callback added to a done
 * future is queued at once, callbacks and waiters hold their own references, completing twice is
 * AW_ESTATE, and a task cancelled while awaiting a future cancels the future for every waiter. */
#include "common/check.h"

static void on_done(aw_future *future, void *arg)
{
    aw_printf("callback %s: done %d, status %s, result %lld\n", (const char *)arg,
              aw_future_is_done(future), aw_err_name(aw_future_status(future)),
              (long long)aw_future_result(future).i);
}

static void plain_code(aw_loop *loop)
{
    aw_future *future;
    CHECK(aw_future_new(&future) == AW_OK);
    show("pending status", aw_future_status(future));
    CHECK(!aw_future_is_done(future));
    CHECK(aw_future_on_done(future, on_done, "1") == AW_OK);
    CHECK(aw_future_on_done(future, on_done, "2") == AW_OK);
    show("on_done(NULL callback)", aw_future_on_done(future, NULL, NULL));
    aw_future_ref(future);
    aw_future_unref(future);
    show("set_result", aw_future_set_result(future, AW_INT(7)));
    aw_printf("set_result returned, callbacks not run yet\n");
    aw_future_unref(future); /* the queued callbacks keep it alive */
    aw_printf("step: %d\n", aw_loop_step(loop));
    aw_printf("step: %d\n", aw_loop_step(loop));
    aw_printf("step: %d\n", aw_loop_step(loop));
}

static void completing_twice(aw_loop *loop)
{
    aw_future *future;
    CHECK(aw_future_new(&future) == AW_OK);
    show("set_error(1)", aw_future_set_error(future, 1));
    show("set_error(AW_OK)", aw_future_set_error(future, AW_OK));
    show("set_error(AW_ERROR_USER)", aw_future_set_error(future, AW_ERROR_USER));
    show("set_result on a done future", aw_future_set_result(future, AW_INT(1)));
    show("set_error on a done future", aw_future_set_error(future, AW_ETIMEDOUT));
    show("cancel on a done future", aw_future_cancel(future));
    show("status", aw_future_status(future));
    CHECK(aw_future_on_done(future, on_done, "late") == AW_OK);
    aw_printf("step: %d\n", aw_loop_step(loop));
    aw_future_unref(future);
    show("set_result(NULL)", aw_future_set_result(NULL, AW_INT(0)));
    show("set_error(NULL)", aw_future_set_error(NULL, AW_ECANCELED));
    show("cancel(NULL)", aw_future_cancel(NULL));
    show("on_done(NULL future)", aw_future_on_done(NULL, on_done, NULL));
    show("future_new(NULL)", aw_future_new(NULL));
    aw_future_unref(NULL);
}

static int waiter(void *arg, aw_value *result)
{
    aw_value value = {0};
    int status = aw_future_await(arg, &value);
    aw_printf("%s: await -> %s, %g\n", aw_task_name(aw_current()), aw_err_name(status), value.f);
    *result = value;
    return status;
}

static int setter(void *arg, aw_value *result)
{
    (void)result;
    CHECK(aw_sleep(5) == AW_OK);
    show("setter: set_result", aw_future_set_result(arg, AW_DOUBLE(2.5)));
    aw_printf("setter: after set_result\n");
    return AW_OK;
}

static aw_task *spawn(const char *name, aw_task_fn fn, void *arg)
{
    aw_task *task = NULL;
    CHECK(aw_spawn_with(&task, fn, arg, &(aw_spawn_options){.name = name}) == AW_OK);
    return task;
}

static void from_tasks(aw_loop *loop)
{
    aw_future *value, *cancelled, *failed;
    CHECK(aw_future_new(&value) == AW_OK);
    CHECK(aw_future_new(&cancelled) == AW_OK);
    CHECK(aw_future_new(&failed) == AW_OK);
    aw_task *tasks[] = {spawn("w1", waiter, value), spawn("w2", waiter, value),
                        spawn("s", setter, value), spawn("c1", waiter, cancelled),
                        spawn("c2", waiter, cancelled), spawn("f", waiter, failed)};
    CHECK(aw_loop_run_iteration(loop) == 1);
    CHECK(aw_cancel(tasks[3]) == AW_OK);
    show("cancelled future status", aw_future_status(cancelled));
    CHECK(aw_future_set_error(failed, AW_ETIMEDOUT) == AW_OK);
    show("run", aw_loop_run(loop));
    for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
        aw_printf("%s: %s\n", aw_task_name(tasks[i]), aw_err_name(aw_task_status(tasks[i])));
        aw_task_unref(tasks[i]);
    }
    aw_future_unref(value);
    aw_future_unref(cancelled);
    aw_future_unref(failed);
}

int main(void)
{
    aw_future *future = NULL;
    show("future_new without a loop", aw_future_new(&future));
    aw_loop *loop;
    CHECK(aw_loop_new(&loop, virtual_clock()) == AW_OK);
    plain_code(loop);
    completing_twice(loop);
    from_tasks(loop);
    aw_loop_free(loop);
    return *check_failures() == 0 ? 0 : 1;
}
