/*
 * Timeout scopes (asyncio.timeout) and shielded sections. A scope arms a timer that cancels
 * its task; leaving the scope withdraws that one cancellation request and reports it as
 * AW_ETIMEDOUT, unless more requests came from elsewhere (asyncio's cancelling()/uncancel()
 * counting), so an outside cancellation is never swallowed.
 */
#include "base/clock.h"
#include "core/loop.h"
#include "core/timer.h"
#include "core/task.h"

enum { SCOPE_ACTIVE = 1, SCOPE_EXPIRING, SCOPE_EXPIRED, SCOPE_LEFT };

static void on_deadline(void *arg)
{
    aw_timeout *scope = arg;
    scope->timer = NULL;
    scope->state = SCOPE_EXPIRING;
    aw_cancel(scope->task);
}

static void disarm(aw_timeout *scope)
{
    if (scope->timer != NULL) {
        aw__timer_cancel(scope->task->loop, scope->timer);
        scope->timer = NULL;
    }
}

static int arm(aw_timeout *scope, int64_t ms)
{
    aw_loop *loop = scope->task->loop;
    disarm(scope);
    if (ms < 0) {
        scope->deadline = INT64_MAX;
        return AW_OK;
    }
    /* A deadline already passed is handled at once, as asyncio's call_soon, not as a timer
     * that would wait for the next iteration to become due. */
    aw_timer *timer = ms == 0 ? aw__timer_soon(loop, on_deadline, scope)
                              : aw__timer_arm(loop, aw__ms_to_ns(ms), on_deadline, scope);
    if (timer == NULL)
        return AW_ENOMEM;
    scope->timer = timer;
    scope->deadline = timer->deadline;
    return AW_OK;
}

int aw_timeout_enter(aw_timeout *scope, int64_t ms)
{
    aw_task *task = aw__loop_running_task();
    if (scope == NULL)
        return AW_EINVAL;
    if (task == NULL)
        return AW_ESTATE;
    /* A cancellation requested before the scope but not yet delivered (held back by a shield,
     * or asked for while the task ran) lands inside it: count it as arriving inside, so that
     * leaving reports it instead of turning it into the timeout. asyncio.timeout() would
     * swallow it; aw promises never to. */
    *scope = (aw_timeout){.task = task, .cancelling_at_entry = aw__task_cancels_landed(task),
                          .state = SCOPE_ACTIVE};
    return arm(scope, ms);
}

int aw_timeout_reschedule(aw_timeout *scope, int64_t ms)
{
    if (scope == NULL)
        return AW_EINVAL;
    if (scope->state != SCOPE_ACTIVE)
        return AW_ESTATE;
    return arm(scope, ms);
}

int aw_timeout_leave(aw_timeout *scope, int status)
{
    if (scope == NULL || scope->task == NULL)
        return AW_EINVAL;
    disarm(scope);
    if (scope->state == SCOPE_EXPIRING) {
        scope->state = SCOPE_EXPIRED;
        if (aw_task_uncancel(scope->task) <= scope->cancelling_at_entry &&
            status == AW_ECANCELED)
            return AW_ETIMEDOUT;
    } else if (scope->state == SCOPE_ACTIVE) {
        scope->state = SCOPE_LEFT;
    }
    return status;
}

bool aw_timeout_is_expired(const aw_timeout *scope)
{
    return scope->state == SCOPE_EXPIRING || scope->state == SCOPE_EXPIRED;
}

int(aw_await_for)(aw_task *task, int64_t ms, aw_value *result)
{
    aw_timeout scope;
    int status = aw_timeout_enter(&scope, ms);
    if (status != AW_OK)
        return status;
    return aw_timeout_leave(&scope, (aw_await)(task, result));
}

int(aw_future_await_for)(aw_future *future, int64_t ms, aw_value *result)
{
    aw_timeout scope;
    int status = aw_timeout_enter(&scope, ms);
    if (status != AW_OK)
        return status;
    return aw_timeout_leave(&scope, (aw_future_await)(future, result));
}

int aw_shield_begin(void)
{
    aw_task *task = aw__loop_running_task();
    if (task == NULL)
        return AW_ESTATE;
    aw__task_shield(task);
    return AW_OK;
}

int aw_shield_end(void)
{
    aw_task *task = aw__loop_running_task();
    return task != NULL && aw__task_unshield(task) ? AW_OK : AW_ESTATE;
}
