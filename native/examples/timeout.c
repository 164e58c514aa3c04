/* A timeout around a slow operation, and a deadline on a single wait.
 * Run: ./timeout  (virtual clock: instant, and the same on every run; without the options it
 * runs on the real clock and takes half a second) */
#include <aw.h>

static int slow_lookup(void *arg, aw_value *result)
{
    (void)arg;
    int status = aw_sleep(2000); /* pretend a slow server */
    if (status != AW_OK)
        return status; /* cancelled: give up (returning AW_OK here would swallow it) */
    result->i = 42;
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    /* A scope bounds any sequence of awaits. */
    aw_timeout scope;
    aw_timeout_enter(&scope, 200);
    int status = aw_sleep(100);
    if (status == AW_OK)
        status = aw_sleep(1000);
    status = aw_timeout_leave(&scope, status);
    aw_printf("two sleeps under a 200 ms deadline: %s after %lld ms\n", aw_err_name(status),
              (long long)aw_now_ms());

    /* A deadline on one wait cancels what it waits for. */
    aw_task *lookup;
    aw_spawn(&lookup, slow_lookup, NULL);
    aw_value answer;
    status = aw_await_for(lookup, 300, &answer);
    aw_printf("lookup with a 300 ms deadline: %s (the lookup ended %s)\n", aw_err_name(status),
              aw_err_name(aw_task_status(lookup)));
    aw_task_unref(lookup);
    return AW_OK;
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return aw_run_with(main_task, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
