/* Timeout scopes (rules 16-17): expiry turns the cancellation into AW_ETIMEDOUT, scopes nest,
 * a cancellation from outside is never swallowed, a past deadline fires at the next await,
 * and a rescheduled deadline moves.
 *
 * asyncio twin:
 *     async def expires():
 *         try:
 *             async with asyncio.timeout(0.1):
 *                 await asyncio.sleep(1)
 *         except TimeoutError:
 *             print(f"expires: AW_ETIMEDOUT at {now() - start} ms")
 *     async def finishes():
 *         async with asyncio.timeout(0.5):
 *             await asyncio.sleep(0.1)
 *         print(f"finishes: AW_OK at {now() - start} ms")
 *     async def nested():
 *         try:
 *             async with asyncio.timeout(1):
 *                 try:
 *                     async with asyncio.timeout(0.1):
 *                         await asyncio.sleep(10)
 *                 except TimeoutError:
 *                     print(f"nested: inner AW_ETIMEDOUT at {now() - start} ms")
 *                 await asyncio.sleep(10)
 *         except TimeoutError:
 *             print(f"nested: outer AW_ETIMEDOUT at {now() - start} ms")
 *     async def victim():
 *         try:
 *             async with asyncio.timeout(1):
 *                 await asyncio.sleep(10)
 *         except asyncio.CancelledError:
 *             cancelling = asyncio.current_task().cancelling()
 *             print(f"victim: AW_ECANCELED at {now() - start} ms, cancelling={cancelling}")
 *             raise
 *     async def both():
 *         try:
 *             async with asyncio.timeout(0.1):
 *                 await asyncio.sleep(10)
 *         except asyncio.CancelledError:
 *             print(f"both: AW_ECANCELED at {now() - start} ms")
 *             raise
 *     async def past():
 *         async with asyncio.timeout(0):
 *             print("past: body runs")
 *             await asyncio.sleep(0)
 *     async def past_outer():
 *         try:
 *             await past()
 *         except TimeoutError:
 *             print(f"past: AW_ETIMEDOUT at {now() - start} ms, expired=1")
 *     async def resched():
 *         try:
 *             async with asyncio.timeout(0.1) as scope:
 *                 scope.reschedule(asyncio.get_running_loop().time() + 0.3)
 *                 await asyncio.sleep(1)
 *         except TimeoutError:
 *             print(f"resched: AW_ETIMEDOUT at {now() - start} ms")
 *     async def main():
 *         global start
 *         for step in (expires, finishes, nested):
 *             start = now()
 *             await step()
 *         start = now()
 *         task = asyncio.create_task(victim())
 *         await asyncio.sleep(0.05)
 *         task.cancel()
 *         try:
 *             await task
 *         except asyncio.CancelledError:
 *             print("main: victim AW_ECANCELED")
 *         start = now()
 *         task = asyncio.create_task(both())
 *         await asyncio.sleep(0.1)
 *         task.cancel()
 *         try:
 *             await task
 *         except asyncio.CancelledError:
 *             print("main: both AW_ECANCELED")
 *         for step in (past_outer, resched):
 *             start = now()
 *             await step()
 *         print(f"main: cancelling={asyncio.current_task().cancelling()}")
 *     run(main())
 */
#include <aw.h>

static int64_t start_ms;

static int64_t elapsed(void) { return aw_now_ms() - start_ms; }

static void restart_clock(void) { start_ms = aw_now_ms(); }

static void expires(void)
{
    aw_timeout scope;
    aw_timeout_enter(&scope, 100);
    int status = aw_timeout_leave(&scope, aw_sleep(1000));
    aw_printf("expires: %s at %lld ms\n", aw_err_name(status), (long long)elapsed());
}

static void finishes(void)
{
    aw_timeout scope;
    aw_timeout_enter(&scope, 500);
    int status = aw_timeout_leave(&scope, aw_sleep(100));
    aw_printf("finishes: %s at %lld ms\n", aw_err_name(status), (long long)elapsed());
}

static void nested(void)
{
    aw_timeout outer, inner;
    aw_timeout_enter(&outer, 1000);
    aw_timeout_enter(&inner, 100);
    int status = aw_timeout_leave(&inner, aw_sleep(10000));
    aw_printf("nested: inner %s at %lld ms\n", aw_err_name(status), (long long)elapsed());
    status = aw_timeout_leave(&outer, aw_sleep(10000));
    aw_printf("nested: outer %s at %lld ms\n", aw_err_name(status), (long long)elapsed());
}

static int victim(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_timeout scope;
    aw_timeout_enter(&scope, 1000);
    int status = aw_timeout_leave(&scope, aw_sleep(10000));
    aw_printf("victim: %s at %lld ms, cancelling=%d\n", aw_err_name(status),
              (long long)elapsed(), aw_task_cancelling(aw_current()));
    return status;
}

static int both(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_timeout scope;
    aw_timeout_enter(&scope, 100);
    int status = aw_timeout_leave(&scope, aw_sleep(10000));
    aw_printf("both: %s at %lld ms\n", aw_err_name(status), (long long)elapsed());
    return status;
}

static void past(void)
{
    aw_timeout scope;
    aw_timeout_enter(&scope, 0);
    aw_printf("past: body runs\n");
    int status = aw_timeout_leave(&scope, aw_yield());
    aw_printf("past: %s at %lld ms, expired=%d\n", aw_err_name(status), (long long)elapsed(),
              aw_timeout_is_expired(&scope));
}

static void rescheduled(void)
{
    aw_timeout scope;
    aw_timeout_enter(&scope, 100);
    aw_timeout_reschedule(&scope, 300);
    int status = aw_timeout_leave(&scope, aw_sleep(1000));
    aw_printf("resched: %s at %lld ms\n", aw_err_name(status), (long long)elapsed());
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    restart_clock();
    expires();
    restart_clock();
    finishes();
    restart_clock();
    nested();

    restart_clock();
    aw_task *task;
    aw_spawn(&task, victim, NULL);
    aw_sleep(50);
    aw_cancel(task);
    aw_printf("main: victim %s\n", aw_err_name(aw_join(task, NULL)));

    restart_clock();
    aw_spawn(&task, both, NULL);
    aw_sleep(100);
    aw_cancel(task);
    aw_printf("main: both %s\n", aw_err_name(aw_join(task, NULL)));

    restart_clock();
    past();
    restart_clock();
    rescheduled();
    aw_printf("main: cancelling=%d\n", aw_task_cancelling(aw_current()));
    return AW_OK;
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return aw_run_with(main_task, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
