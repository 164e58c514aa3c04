/* Driving a loop by hand: aw_loop_step runs one ready entry (a task step or a fired timer) and
 * returns 1, or 0 when nothing is left; aw_loop_run_iteration runs one iteration;
 * aw_loop_run_until_done, aw_loop_run (AW_EDEADLOCK while a task waits on a future nobody can
 * complete, AW_OK once plain code completed it) and aw_loop_shutdown (cancels in spawn order, a
 * task not yet started never runs; AW_EDEADLOCK while a cleanup cannot finish, and a second
 * shutdown cancels again). The clock, the
 * iteration and the live task count are printed after every call. */
#include "common/check.h"

static aw_loop *loop;

static void state(const char *call, int returned)
{
    CHECK(aw_loop_now_ns(loop) == aw_now_ms() * 1000000);
    aw_printf("%s -> %d: iteration %llu, %lld ms, %zu live\n", call, returned,
              (unsigned long long)aw_loop_iteration(loop), (long long)(aw_loop_now_ns(loop) / 1000000),
              aw_loop_live_tasks(loop));
}

static int sleeper(void *arg, aw_value *result)
{
    (void)result;
    aw_printf("%s starts\n", (const char *)arg);
    int status = aw_sleep(10);
    aw_printf("%s wakes: %s\n", (const char *)arg, aw_err_name(status));
    return status;
}

static int yielder(void *arg, aw_value *result)
{
    (void)result;
    aw_printf("%s starts\n", (const char *)arg);
    aw_yield();
    aw_printf("%s again\n", (const char *)arg);
    return AW_OK;
}

static int future_waiter(void *arg, aw_value *result)
{
    (void)result;
    aw_printf("waiter waits\n");
    int status = aw_future_await(arg, NULL);
    aw_printf("waiter: %s\n", aw_err_name(status));
    return status;
}

/* On cancellation, waits for the future in arg before finishing. */
static int stubborn(void *arg, aw_value *result)
{
    (void)result;
    if (aw_sleep(1000) == AW_ECANCELED) {
        aw_printf("stubborn cancelled, waits for its future\n");
        /* The second shutdown cancels it again: the wake-up already queued turns into
         * AW_ECANCELED, as asyncio's _must_cancel does. */
        show("stubborn's wait", aw_future_await(arg, NULL));
    }
    return AW_ECANCELED;
}

static void stepping(void)
{
    state("new loop", 0);
    CHECK(aw_spawn(NULL, sleeper, "a") == AW_OK);
    CHECK(aw_spawn(NULL, yielder, "b") == AW_OK);
    state("step", aw_loop_step(loop));
    state("step", aw_loop_step(loop));
    state("run_iteration", aw_loop_run_iteration(loop));
    state("step (timer)", aw_loop_step(loop));
    state("step", aw_loop_step(loop));
    state("step", aw_loop_step(loop));
    state("run_iteration", aw_loop_run_iteration(loop));
}

static void running(void)
{
    aw_task *task;
    aw_future *future;
    CHECK(aw_spawn(&task, sleeper, "c") == AW_OK);
    state("run_until_done", aw_loop_run_until_done(loop, task));
    aw_task_unref(task);
    CHECK(aw_future_new(&future) == AW_OK);
    CHECK(aw_spawn(&task, future_waiter, future) == AW_OK);
    state("run", aw_loop_run(loop));
    state("run_until_done", aw_loop_run_until_done(loop, task));
    CHECK(aw_future_set_result(future, AW_INT(1)) == AW_OK);
    state("run", aw_loop_run(loop));
    aw_task_unref(task);
    aw_future_unref(future);
}

static void shutting_down(void)
{
    aw_future *future;
    CHECK(aw_future_new(&future) == AW_OK);
    CHECK(aw_spawn(NULL, sleeper, "d") == AW_OK);
    CHECK(aw_spawn(NULL, stubborn, future) == AW_OK);
    state("step", aw_loop_step(loop));
    state("step", aw_loop_step(loop));
    CHECK(aw_spawn(NULL, yielder, "never started") == AW_OK);
    state("shutdown", aw_loop_shutdown(loop));
    CHECK(aw_future_set_result(future, AW_INT(0)) == AW_OK);
    state("shutdown", aw_loop_shutdown(loop));
    aw_future_unref(future);
}

int main(void)
{
    CHECK(aw_loop_new(&loop, virtual_clock()) == AW_OK);
    stepping();
    running();
    shutting_down();
    aw_loop_free(loop);
    aw_printf("after free: current loop %s\n", aw_loop_current() == NULL ? "NULL" : "set");
    return *check_failures() == 0 ? 0 : 1;
}
