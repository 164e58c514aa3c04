/* The loop's clocks. The virtual clock needs little code of its own: the loop moves loop->now
 * to the next deadline instead of sleeping (loop.c), and aw_blocking_sleep moves it by the time
 * the loop is held. */
#include "base/clock.h"
#include "core/loop.h"

int aw_blocking_sleep(int64_t ms)
{
    aw_loop *loop = aw__loop_current();
    if (loop == NULL)
        return AW_ESTATE;
    if (ms < 0)
        return AW_EINVAL;
    if (loop->clock == AW_CLOCK_VIRTUAL) /* the timers it passes are queued by the next iteration */
        loop->now = aw__ns_after(loop->now, aw__ms_to_ns(ms));
    else
        aw__clock_sleep_ns(aw__ms_to_ns(ms));
    aw__loop_update_time(loop);
    return AW_OK;
}

int64_t aw_loop_now_ns(const aw_loop *loop) { return loop->now; }

int64_t aw_now_ms(void)
{
    aw_loop *loop = aw__loop_current();
    if (loop == NULL)
        return 0;
    aw__loop_update_time(loop);
    return loop->now / 1000000;
}
