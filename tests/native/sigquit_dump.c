/* SIGQUIT prints the task dump: a few tasks wait on different things and the main task raises
 * SIGQUIT on itself. run_dump_test.cmake compares stderr, with directories stripped from the
 * file names, to expected/sigquit_dump.err; stdout must show that the program carried on. */
#include <aw.h>

#include <signal.h>
#include <stdio.h>

static aw_future *gate;

static int sleeper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return aw_sleep(5000);
}

static int future_waiter(void *arg, aw_value *result)
{
    (void)arg;
    return aw_future_await(gate, result);
}

static int task_waiter(void *arg, aw_value *result)
{
    return aw_await((aw_task *)arg, result);
}

static int gatherer(void *arg, aw_value *result)
{
    (void)result;
    aw_task **tasks = arg;
    return aw_gather(tasks, 2, NULL);
}

static volatile int stop_yielding;

static int yielder(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    while (!stop_yielding)
        aw_yield();
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_future_new(&gate);
    aw_task *sleeping, *waiting_future, *waiting_task, *gathering, *yielding, *late;
    aw_spawn_with(&sleeping, sleeper, NULL, &(aw_spawn_options){.name = "sleeper"});
    aw_spawn_with(&waiting_future, future_waiter, NULL, &(aw_spawn_options){.name = "on-future"});
    aw_spawn_with(&waiting_task, task_waiter, sleeping, &(aw_spawn_options){.name = "on-task"});
    aw_task *pair[2] = {sleeping, waiting_future};
    aw_spawn_with(&gathering, gatherer, pair, &(aw_spawn_options){.name = "gatherer"});
    aw_sleep(10); /* the clock only moves on while nothing is ready: yielder comes later */
    aw_spawn_with(&yielding, yielder, NULL, &(aw_spawn_options){.name = "yielder"});
    aw_yield();   /* the yielder's first step: it yields and is ready again */
    aw_spawn_with(&late, yielder, NULL, &(aw_spawn_options){.name = "not-started"});
    fflush(stdout);
    raise(SIGQUIT);
    printf("main carries on after the dump\n");
    stop_yielding = 1;
    aw_future_set_result(gate, AW_INT(1));
    aw_cancel(sleeping);
    aw_join(waiting_task, NULL);
    aw_join(gathering, NULL);
    aw_join(waiting_future, NULL);
    aw_join(sleeping, NULL);
    aw_join(yielding, NULL);
    aw_join(late, NULL);
    aw_future_unref(gate);
    printf("all joined\n");
    return AW_OK;
}

int main(void)
{
    int status = aw_run_with(main_task, NULL, NULL,
                             &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    return status == AW_OK ? 0 : 1;
}
