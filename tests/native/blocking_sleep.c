/* aw_blocking_sleep, the C twin of time.sleep() in an asyncio program: it holds the loop without
 * yielding, so a timer that falls due meanwhile fires only afterwards. On the monotonic clock the
 * time really passes; on the virtual clock the clock jumps by exactly that much. Also its errors
 * (no loop, a negative time). */
#include <aw.h>

#include <stdio.h>

static int ticker(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_sleep(10);
    aw_printf("ticker: its 10 ms timer fired %s\n",
              aw_now_ms() >= 50 ? "late, after the block" : "on time");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)result;
    const char *clock = arg;
    aw_task *task;
    aw_spawn_with(&task, ticker, NULL, &(aw_spawn_options){.name = "ticker"});
    aw_yield(); /* the ticker arms its timer */
    int64_t start = aw_now_ms();
    aw_printf("%s: main holds the loop for 50 ms\n", clock);
    int status = aw_blocking_sleep(50);
    int64_t held = aw_now_ms() - start;
    bool virtual_clock = clock[0] == 'v';
    aw_printf("%s: %s, %s\n", clock, aw_err_name(status),
              virtual_clock ? (held == 50 ? "the clock moved by exactly 50 ms" : "the clock is wrong")
                            : (held >= 50 ? "at least 50 ms passed" : "too short"));
    aw_printf("%s: -1 ms: %s\n", clock, aw_err_name(aw_blocking_sleep(-1)));
    aw_join(task, NULL);
    return AW_OK;
}

int main(void)
{
    printf("without a loop: %s\n", aw_err_name(aw_blocking_sleep(1)));
    aw_run_with(main_task, "monotonic", NULL, &(aw_loop_options){.clock = AW_CLOCK_MONOTONIC});
    aw_run_with(main_task, "virtual", NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    return 0;
}
