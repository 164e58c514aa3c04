/* aw_run when tasks refuse to finish (rule 10): main returns while three tasks are alive; aw_run
 * cancels them in spawn order and runs the loop until nothing can run. "polite" cleans up and
 * ends; "stubborn" catches its cancellation and waits on a future nobody completes; "deaf"
 * waits inside a shielded section, so its cancellation is never delivered. aw_run writes one
 * stderr line naming each task that did not finish, with where it waits (run_dump_test.cmake
 * compares it to expected/run_refusing_tasks.err), frees them with the loop, and still returns
 * main's status and result, as asyncio.run() logs what its shutdown could not finish and
 * returns main's result. */
#include <aw.h>

#include <stdio.h>

static aw_future *never_stubborn, *never_deaf;

static int polite(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    if (aw_sleep(1000) == AW_ECANCELED) {
        aw_printf("polite cancelled at %lld ms, cleans up\n", (long long)aw_now_ms());
        aw_sleep(5);
        aw_printf("polite done at %lld ms\n", (long long)aw_now_ms());
    }
    return AW_ECANCELED;
}

static int stubborn(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    if (aw_sleep(1000) == AW_ECANCELED) {
        aw_printf("stubborn cancelled at %lld ms, waits on a future nobody completes\n",
                  (long long)aw_now_ms());
        aw_future_await(never_stubborn, NULL);
    }
    aw_printf("stubborn: not reached\n");
    return AW_OK;
}

static int deaf(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_shield_begin();
    aw_future_await(never_deaf, NULL);
    aw_printf("deaf: not reached\n");
    aw_shield_end();
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    aw_future_new(&never_stubborn); /* freed with the loop, with the tasks that wait on them */
    aw_future_new(&never_deaf);
    aw_spawn_with(NULL, polite, NULL, &(aw_spawn_options){.name = "polite"});
    aw_spawn_with(NULL, stubborn, NULL, &(aw_spawn_options){.name = "stubborn"});
    aw_spawn_with(NULL, deaf, NULL, &(aw_spawn_options){.name = "deaf"});
    aw_sleep(10);
    aw_printf("main returns 42 at %lld ms\n", (long long)aw_now_ms());
    *result = AW_INT(42);
    return AW_OK;
}

int main(void)
{
    aw_value result = {0};
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    int status = aw_run_with(main_task, NULL, &result, &options);
    printf("aw_run returned %s, result %lld; loop gone: %s\n", aw_err_name(status),
           (long long)result.i, aw_loop_current() == NULL ? "yes" : "no");
    return 0;
}
