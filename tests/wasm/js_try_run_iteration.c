/* Emscripten: aw_loop_try_run_iteration never hands the thread back to JavaScript, where a run
 * of the loop would once every AW_JS_SLICE_MS of work (tests/wasm/js_busy_tasks): a page calls
 * it synchronously from its own frame loop. Two tasks spin on aw_yield for 50 ms of real time
 * (the monotonic clock) while plain code calls it over and over, and a JavaScript interval
 * started before must not have ticked once by the end; then a task sleeps 20 ms, and each call
 * that finds nothing due meanwhile returns AW_EAGAIN with a timeout of at most 20 ms. */
#include <aw.h>

#include "js_ticker.h"

enum { SPIN_MS = 50, SLEEP_MS = 20 };

static int spinner(void *arg, aw_value *result)
{
    int64_t until = *(const int64_t *)arg;
    while (aw_now_ms() < until) {
        aw_yield();
        result->i++;
    }
    return AW_OK;
}

static int sleeper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return aw_sleep(SLEEP_MS);
}

int main(void)
{
    aw_loop *loop;
    if (aw_loop_new(&loop, NULL) != AW_OK)
        return 1;
    int64_t until = aw_now_ms() + SPIN_MS;
    aw_task *first, *second;
    aw_spawn(&first, spinner, &until);
    aw_spawn(&second, spinner, &until);
    start_ticking();
    long calls = 0;
    while (!aw_task_is_done(first) || !aw_task_is_done(second)) {
        if (aw_loop_try_run_iteration(loop) != 1)
            return 1;
        calls++;
    }
    int ticks = stop_ticking();
    aw_printf("one iteration per call: %s\n",
              aw_task_result(first).i <= calls && aw_task_result(second).i <= calls ? "yes" : "no");
    aw_printf("js ran during the calls: %s\n", ticks > 0 ? "yes" : "no");

    aw_task *sleeping;
    aw_spawn(&sleeping, sleeper, NULL);
    bool timeouts_bounded = true;
    while (!aw_task_is_done(sleeping)) {
        int ran = aw_loop_try_run_iteration(loop);
        int64_t timeout = aw_loop_backend_timeout_ms(loop);
        if (ran == AW_EAGAIN)
            timeouts_bounded = timeouts_bounded && timeout >= 0 && timeout <= SLEEP_MS;
        else if (ran != 1)
            return 1;
    }
    aw_printf("while the task slept, timeouts within %d ms: %s\n", SLEEP_MS,
              timeouts_bounded ? "yes" : "no");
    aw_printf("sleeper: %s\n", aw_err_name(aw_task_status(sleeping)));
    aw_task_unref(first);
    aw_task_unref(second);
    aw_task_unref(sleeping);
    aw_loop_free(loop);
    return 0;
}
