/* A cancellation requested before a timeout scope is entered, and not yet delivered, lands on
 * the first await inside the scope. If the scope expires too, leaving it reports the
 * cancellation (AW_ECANCELED), never the timeout: a cancellation from outside is never
 * swallowed, and the task's next await goes on normally only after it has handled it. The
 * cancellation can be pending because a shielded section held it back, or because the task
 * cancelled itself while running. Without a pending cancellation the same scope times out.
 *
 * asyncio twin (of the self-cancel and control parts; asyncio has no shielded section):
 *     async def scoped(name):
 *         try:
 *             async with asyncio.timeout(0):
 *                 await asyncio.sleep(1)
 *             status = "AW_OK"
 *         except TimeoutError:
 *             status = "AW_ETIMEDOUT"
 *         except asyncio.CancelledError:
 *             status = "AW_ECANCELED"
 *         cancelling = asyncio.current_task().cancelling()
 *         print(f"{name}: {status} at {now()} ms, cancelling={cancelling}")
 *     async def self_cancel():
 *         asyncio.current_task().cancel()
 *         await scoped("self-cancelled, then a scope of 0 ms")
 *     async def control():
 *         await scoped("no cancellation pending, a scope of 0 ms")
 *     async def main():
 *         await asyncio.create_task(self_cancel())
 *         await asyncio.create_task(control())
 *     run(main())
 *     # differs: asyncio.timeout turns the pending cancellation into TimeoutError and loses it
 */
#include "common/check.h"

static void scoped(const char *name)
{
    aw_timeout scope;
    CHECK(aw_timeout_enter(&scope, 0) == AW_OK);
    int status = aw_timeout_leave(&scope, aw_sleep(1000));
    aw_printf("%s: %s at %lld ms, cancelling=%d\n", name, aw_err_name(status),
              (long long)aw_now_ms(), aw_task_cancelling(aw_current()));
}

static int shielded(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_shield_begin();
    CHECK(aw_sleep(10) == AW_OK); /* cancelled at 5 ms: held back */
    aw_shield_end();
    scoped("shield, then a scope of 0 ms");
    return AW_ECANCELED;
}

static int self_cancel(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_cancel(aw_current());
    scoped("self-cancelled, then a scope of 0 ms");
    return AW_ECANCELED;
}

static int control(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    scoped("no cancellation pending, a scope of 0 ms");
    return AW_OK;
}

/* Runs fn as a task, cancelling it after `cancel_after` ms unless that is negative, and
 * returns its status. */
static int run_task(aw_task_fn fn, int64_t cancel_after)
{
    aw_task *task;
    CHECK(aw_spawn(&task, fn, NULL) == AW_OK);
    if (cancel_after >= 0) {
        CHECK(aw_sleep(cancel_after) == AW_OK);
        CHECK(aw_cancel(task) == AW_OK);
    }
    return aw_join(task, NULL);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(run_task(shielded, 5) == AW_ECANCELED);
    CHECK(run_task(self_cancel, -1) == AW_ECANCELED);
    CHECK(run_task(control, -1) == AW_OK);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
