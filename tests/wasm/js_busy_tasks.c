/* Emscripten: tasks that never wait (each calls aw_yield in a loop for 200 ms of real time)
 * must not keep JavaScript from running: the loop hands the thread back to the event loop once
 * every AW_JS_SLICE_MS (5 ms) of work, so a JavaScript interval started by main ticks about
 * forty times meanwhile instead of not at all. */
#include <aw.h>

#include "js_ticker.h"

enum { SPIN_MS = 200 };

static int spinner(void *arg, aw_value *result)
{
    int64_t until = *(const int64_t *)arg;
    long turns = 0;
    while (aw_now_ms() < until) {
        aw_yield();
        turns++;
    }
    result->i = turns;
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    start_ticking();
    int64_t until = aw_now_ms() + SPIN_MS;
    aw_task *first, *second;
    aw_spawn(&first, spinner, &until);
    aw_spawn(&second, spinner, &until);
    aw_value turns_first, turns_second;
    aw_join(first, &turns_first);
    aw_join(second, &turns_second);
    int ticks = stop_ticking();
    aw_printf("tasks spun for %d ms without waiting: %s\n", SPIN_MS,
              turns_first.i > 0 && turns_second.i > 0 ? "yes" : "no");
    aw_printf("js ran while tasks spun: %s\n", ticks > 0 ? "yes" : "no");
    aw_printf("js ran at least %d times: %s\n", SPIN_MS / AW_JS_SLICE_MS / 4,
              ticks >= SPIN_MS / AW_JS_SLICE_MS / 4 ? "yes" : "no");
    return AW_OK;
}

int main(void)
{
    return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1;
}
