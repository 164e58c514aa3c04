/* Rules 14 and 16, Python 3.13's uncancel: withdrawing the last cancellation request also drops
 * a cancellation that has not landed yet, so the task's next await completes. Withdrawing one
 * of two requests keeps it: that await ends cancelled, and the count stays at 1.
 *
 * asyncio twin:
 *     async def withdraw_one(name, requests):
 *         task = asyncio.current_task()
 *         for _ in range(requests):
 *             task.cancel()
 *         print(f"{name}: uncancel -> {task.uncancel()}")
 *         try:
 *             await asyncio.sleep(0)
 *             status = "AW_OK"
 *         except asyncio.CancelledError:
 *             status = "AW_ECANCELED"
 *         print(f"{name}: next await {status}, cancelling {task.cancelling()}")
 *     async def main():
 *         await asyncio.create_task(withdraw_one("one request", 1))
 *         await asyncio.create_task(withdraw_one("two requests", 2))
 *     run(main())
 *     # differs on CPython 3.11, 3.12: their uncancel() leaves the pending cancellation in place,
 *     # so the next await after withdrawing the one request ends cancelled
 *     # (docs/contract.md#py311-uncancel).
 */
#include "common/check.h"

typedef struct withdrawal {
    const char *name;
    int requests;
} withdrawal;

/* Cancels itself `requests` times, withdraws one request, then awaits once. */
static int withdraw_one(void *arg, aw_value *result)
{
    (void)result;
    const withdrawal *w = arg;
    aw_task *task = aw_current();
    for (int i = 0; i < w->requests; i++)
        CHECK(aw_cancel(task) == AW_OK);
    aw_printf("%s: uncancel -> %d\n", w->name, aw_task_uncancel(task));
    int status = aw_yield();
    aw_printf("%s: next await %s, cancelling %d\n", w->name, aw_err_name(status),
              aw_task_cancelling(task));
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const withdrawal cases[] = {{"one request", 1}, {"two requests", 2}};
    for (int i = 0; i < 2; i++) {
        aw_task *task;
        CHECK(aw_spawn(&task, withdraw_one, (void *)&cases[i]) == AW_OK);
        CHECK(aw_join(task, NULL) == AW_OK);
    }
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
