/*
 * asyncio's loop.call_soon, call_later and call_at: a plain function run as one entry of the
 * ready queue. Each is a timer (a call_soon one is queued at once, as aw__timer_soon does for
 * the loop's own immediate callbacks), so it is traced as timers are, and the handle names the
 * timer by its id: timers are recycled, and a recycled one has another id (or 0), so a handle
 * whose call has run or was cancelled is recognised without the loop keeping anything for it.
 */
#include "base/clock.h"
#include "core/loop.h"
#include "core/timer.h"

static int schedule(aw_loop *loop, aw_timer *timer, aw_call *call)
{
    if (timer == NULL)
        return AW_ENOMEM;
    if (call != NULL)
        *call = (aw_call){.loop = loop, .timer = timer, .id = timer->id};
    return AW_OK;
}

int aw_loop_call_soon(aw_loop *loop, void (*fn)(void *arg), void *arg, aw_call *call)
{
    if (loop == NULL || fn == NULL)
        return AW_EINVAL;
    return schedule(loop, aw__timer_soon(loop, fn, arg), call);
}

int aw_loop_call_later(aw_loop *loop, int64_t ms, void (*fn)(void *arg), void *arg,
                       aw_call *call)
{
    if (loop == NULL || fn == NULL)
        return AW_EINVAL;
    return schedule(loop, aw__timer_arm(loop, aw__ms_to_ns(ms), fn, arg), call);
}

int aw_loop_call_at(aw_loop *loop, int64_t when_ns, void (*fn)(void *arg), void *arg,
                    aw_call *call)
{
    if (loop == NULL || fn == NULL)
        return AW_EINVAL;
    return schedule(loop, aw__timer_arm_at(loop, when_ns, fn, arg), call);
}

int aw_call_cancel(aw_call *call)
{
    if (call == NULL || call->loop == NULL || call->timer == NULL)
        return AW_EINVAL;
    aw_timer *timer = call->timer;
    if (call->id == 0 || timer->id != call->id || timer->handle.cancelled)
        return AW_ESTATE;
    aw__timer_cancel(call->loop, timer);
    return AW_OK;
}
