/* Embedding (rule 2): the same program runs the same iterations in the same order whether
 * aw_run drives it or a caller's loop does, with aw_loop_try_run_iteration for each turn and
 * aw_blocking_sleep of aw_loop_backend_timeout_ms as the caller's wait (virtual clock). The
 * program has ready tasks that yield (rule 2), timers with equal and different deadlines
 * (rules 3, 9), a wake-up hop through an event (rule 7), a timeout scope that expires, a
 * cancellation and a gather; every line says its iteration and time, and both runs' lines
 * must be equal. Then what aw_loop_try_run_iteration does around that: an idle loop (0), a
 * turn with nothing due (AW_EAGAIN), the timeout it reports, an iteration left partway by
 * aw_loop_step, aw_loop_stop, a call from a task, NULL arguments, and the fd calls on the
 * "sleep" backend, which polls no fds. */
#include "common/check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static char logs[2][4096];
static size_t log_length[2];
static int run; /* which log the lines go to */

static void say(const char *format, ...) AW_PRINTF_LIKE(1, 2);
static void say(const char *format, ...)
{
    aw_loop *loop = aw_loop_current();
    char line[200];
    int prefix = snprintf(line, sizeof line, "iteration %llu, %lld ms: ",
                          (unsigned long long)aw_loop_iteration(loop), (long long)aw_now_ms());
    va_list args;
    va_start(args, format);
    vsnprintf(line + prefix, sizeof line - (size_t)prefix, format, args);
    va_end(args);
    size_t length = strlen(line);
    CHECK(log_length[run] + length < sizeof logs[run]);
    memcpy(logs[run] + log_length[run], line, length);
    log_length[run] += length;
    aw_printf("%s", line);
}

static int yielder(void *arg, aw_value *result)
{
    for (int i = 0; i < 3; i++) {
        say("%s %d\n", (const char *)arg, i);
        aw_yield();
    }
    result->i = 1;
    return AW_OK;
}

static int sleeper(void *arg, aw_value *result)
{
    int ms = (int)(intptr_t)arg;
    int status = aw_sleep(ms);
    say("slept %d: %s\n", ms, aw_err_name(status));
    result->i = ms;
    return status;
}

static int event_waiter(void *arg, aw_value *result)
{
    (void)result;
    say("waits for the event\n");
    int status = aw_event_wait(arg);
    say("event: %s\n", aw_err_name(status));
    return status;
}

static int scenario(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_event *event;
    aw_task *a, *b, *waiter, *tie1, *tie2, *longer, *doomed;
    CHECK(aw_event_new(&event) == AW_OK);
    CHECK(aw_spawn(&a, yielder, "a") == AW_OK);
    CHECK(aw_spawn(&b, yielder, "b") == AW_OK);
    CHECK(aw_spawn(&waiter, event_waiter, event) == AW_OK);
    CHECK(aw_spawn(&tie1, sleeper, (void *)(intptr_t)5) == AW_OK);
    CHECK(aw_spawn(&tie2, sleeper, (void *)(intptr_t)5) == AW_OK);
    CHECK(aw_spawn(&longer, sleeper, (void *)(intptr_t)12) == AW_OK);
    CHECK(aw_spawn(&doomed, sleeper, (void *)(intptr_t)1000) == AW_OK);
    say("main spawned 7 tasks\n");
    aw_yield();
    aw_event_set(event);
    say("main set the event\n");

    aw_timeout scope;
    CHECK(aw_timeout_enter(&scope, 3) == AW_OK);
    int status = aw_timeout_leave(&scope, aw_sleep(100));
    say("main's timeout scope: %s\n", aw_err_name(status));

    aw_task *all[] = {a, b, tie1, tie2, longer};
    aw_value results[5];
    status = aw_gather(all, 5, results);
    say("gather: %s, %lld %lld %lld %lld %lld\n", aw_err_name(status), (long long)results[0].i,
        (long long)results[1].i, (long long)results[2].i, (long long)results[3].i,
        (long long)results[4].i);
    CHECK(aw_cancel(doomed) == AW_OK);
    say("main cancelled the 1000 ms sleeper\n");
    status = aw_join(doomed, NULL);
    say("joined it: %s\n", aw_err_name(status));
    status = aw_join(waiter, NULL);
    say("joined the event waiter: %s\n", aw_err_name(status));
    aw_task_unref(a), aw_task_unref(b), aw_task_unref(tie1), aw_task_unref(tie2);
    aw_task_unref(longer);
    aw_event_free(event);
    return AW_OK;
}

/* The caller's loop: a turn of aw, then the caller's wait, which on the virtual clock is
 * aw_blocking_sleep. A turn never waits: the clock does not move inside it. */
static void drive(aw_loop *loop, aw_task *task)
{
    int turns = 0, waits = 0;
    while (!aw_task_is_done(task)) {
        int64_t now = aw_loop_now_ns(loop);
        uint64_t iteration = aw_loop_iteration(loop);
        /* the caller waits until something is due: each turn runs an iteration */
        CHECK(aw_loop_try_run_iteration(loop) == 1);
        CHECK(aw_loop_now_ns(loop) == now);
        CHECK(aw_loop_iteration(loop) - iteration <= 1);
        turns++;
        int64_t timeout = aw_loop_backend_timeout_ms(loop);
        if (timeout > 0) {
            aw_blocking_sleep(timeout);
            waits++;
        }
    }
    aw_printf("the caller's loop: %d turns, %d waits\n", turns, waits);
    CHECK(aw_loop_try_run_iteration(loop) == 0); /* main done, and with it every task */
}

static int ignored(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return AW_OK;
}

static int stopper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("stopper stops the loop in iteration %llu\n",
              (unsigned long long)aw_loop_iteration(aw_loop_current()));
    aw_loop_stop(aw_loop_current());
    aw_yield();
    aw_printf("stopper again in iteration %llu\n",
              (unsigned long long)aw_loop_iteration(aw_loop_current()));
    return AW_OK;
}

static int from_a_task(void *arg, aw_value *result)
{
    (void)result;
    show("aw_loop_try_run_iteration from a task", aw_loop_try_run_iteration(arg));
    return AW_OK;
}

static void turn(aw_loop *loop, const char *what)
{
    int returned = aw_loop_try_run_iteration(loop);
    const char *name = returned == 1 ? "1" : returned == 0 ? "0" : aw_err_name(returned);
    aw_printf("%s: try_run_iteration -> %s, iteration %llu, timeout %lld ms\n", what, name,
              (unsigned long long)aw_loop_iteration(loop),
              (long long)aw_loop_backend_timeout_ms(loop));
}

static void around(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL, .io_backend = "sleep"};
    aw_loop *loop;
    CHECK(aw_loop_new(&loop, &options) == AW_OK);
    turn(loop, "idle loop");
    show("backend fd of \"sleep\"", aw_loop_backend_fd(loop));
    aw_poll_fd fds[4];
    aw_printf("poll fds of \"sleep\": %zu\n", aw_loop_poll_fds(loop, fds, 4));

    CHECK(aw_spawn(NULL, sleeper, (void *)(intptr_t)30) == AW_OK);
    aw_printf("spawned a 30 ms sleeper: timeout %lld ms\n",
              (long long)aw_loop_backend_timeout_ms(loop));
    turn(loop, "its first step");
    aw_blocking_sleep(10);
    turn(loop, "10 ms later, nothing due");
    aw_blocking_sleep(20);
    turn(loop, "20 ms later, its timer");

    CHECK(aw_spawn(NULL, yielder, "s") == AW_OK);
    CHECK(aw_spawn(NULL, yielder, "t") == AW_OK);
    aw_printf("step -> %d\n", aw_loop_step(loop));
    turn(loop, "the rest of that iteration");
    turn(loop, "the next");
    turn(loop, "the last");

    CHECK(aw_spawn(NULL, stopper, NULL) == AW_OK);
    turn(loop, "stopped iteration");
    turn(loop, "after the stop");

    CHECK(aw_spawn(NULL, from_a_task, loop) == AW_OK);
    turn(loop, "from a task");
    aw_task *task;
    CHECK(aw_spawn(&task, ignored, NULL) == AW_OK);
    turn(loop, "tasks done");
    aw_task_unref(task);
    aw_loop_free(loop);

    show("aw_loop_try_run_iteration(NULL)", aw_loop_try_run_iteration(NULL));
    show("aw_loop_backend_timeout_ms(NULL)", (int)aw_loop_backend_timeout_ms(NULL));
    show("aw_loop_backend_fd(NULL)", aw_loop_backend_fd(NULL));
    aw_printf("aw_loop_poll_fds(NULL): %zu\n", aw_loop_poll_fds(NULL, fds, 4));
}

int main(void)
{
    aw_printf("driven by aw_run:\n");
    CHECK(aw_run_with(scenario, NULL, NULL, virtual_clock()) == AW_OK);

    aw_printf("driven by a caller's loop:\n");
    run = 1;
    aw_loop *loop;
    aw_task *task;
    CHECK(aw_loop_new(&loop, virtual_clock()) == AW_OK);
    CHECK(aw_spawn(&task, scenario, NULL) == AW_OK);
    drive(loop, task);
    CHECK(aw_task_status(task) == AW_OK);
    aw_task_unref(task);
    CHECK(aw_loop_live_tasks(loop) == 0);
    aw_loop_free(loop);
    CHECK(log_length[0] == log_length[1] && memcmp(logs[0], logs[1], log_length[0]) == 0);

    around();
    return *check_failures() == 0 ? 0 : 1;
}
