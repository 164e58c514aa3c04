/* The monotonic clock on WebAssembly: the loop waits for its timers for real (WASI: a
 * poll_oneoff clock subscription; Emscripten: back in JavaScript until a setTimeout fires). */
#include <aw.h>

static int sleeper(void *arg, aw_value *result)
{
    int ms = (int)(intptr_t)arg;
    aw_sleep(ms);
    aw_printf("slept %d ms\n", ms);
    result->i = aw_now_ms();
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    int64_t start = aw_now_ms();
    aw_task *slow, *fast;
    aw_spawn(&slow, sleeper, (void *)(intptr_t)60);
    aw_spawn(&fast, sleeper, (void *)(intptr_t)20);
    aw_value slow_end, fast_end;
    aw_join(slow, &slow_end);
    aw_join(fast, &fast_end);
    int64_t elapsed = aw_now_ms() - start;
    aw_printf("fast woke first: %s\n", fast_end.i <= slow_end.i ? "yes" : "no");
    aw_printf("waited at least 60 ms: %s\n", elapsed >= 60 ? "yes" : "no");
    return AW_OK;
}

int main(void)
{
    return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1;
}
