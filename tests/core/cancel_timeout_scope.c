/* Timeout scopes (rules 16-17): expiry turns the cancellation into AW_ETIMEDOUT, scopes nest,
 * a cancellation from outside is never swallowed, a past deadline fires at the next await,
 * and a rescheduled deadline moves.
 *
 * asyncio twin (times are on a real clock there, so they read 101 ms for 100 ms):
 *     async def expires():
 *         try:
 *             async with asyncio.timeout(0.1): await asyncio.sleep(1)
 *         except TimeoutError: print("expires: timed out at 100 ms")
 *     async def finishes():
 *         async with asyncio.timeout(0.5): await asyncio.sleep(0.1)
 *         print("finishes: ok at 100 ms")
 *     async def nested():
 *         try:
 *             async with asyncio.timeout(1):
 *                 try:
 *                     async with asyncio.timeout(0.1): await asyncio.sleep(10)
 *                 except TimeoutError: print("nested: inner timed out at 100 ms")
 *                 await asyncio.sleep(10)
 *         except TimeoutError: print("nested: outer timed out at 1000 ms")
 *     async def victim():
 *         try:
 *             async with asyncio.timeout(1): await asyncio.sleep(10)
 *         except asyncio.CancelledError:
 *             print("victim: cancelled from outside at 50 ms, cancelling=1"); raise
 *     async def both():
 *         try:
 *             async with asyncio.timeout(0.1): await asyncio.sleep(10)
 *         except asyncio.CancelledError: print("both: cancelled at 100 ms"); raise
 *     async def past():
 *         try:
 *             async with asyncio.timeout(0):
 *                 print("past: body runs"); await asyncio.sleep(0); print("not reached")
 *         except TimeoutError: print("past: timed out at 0 ms")
 *     async def resched():
 *         try:
 *             async with asyncio.timeout(0.1) as cm:
 *                 cm.reschedule(loop.time() + 0.3); await asyncio.sleep(1)
 *         except TimeoutError: print("resched: timed out at 300 ms")
 *     async def main():
 *         await expires(); await finishes(); await nested()
 *         v = asyncio.create_task(victim()); await asyncio.sleep(0.05); v.cancel()
 *         try: await v
 *         except asyncio.CancelledError: print("main: victim cancelled")
 *         b = asyncio.create_task(both()); await asyncio.sleep(0.1); b.cancel()
 *         try: await b
 *         except asyncio.CancelledError: print("main: both cancelled")
 *         await past(); await resched()
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
              aw_timeout_expired(&scope));
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
