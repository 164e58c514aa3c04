/* Rules 14 and 16, Python 3.13's uncancel: withdrawing the last cancellation request also drops
 * a cancellation that has not landed yet, so the task's next await completes. Withdrawing one
 * of two requests keeps it: that await ends cancelled, and the count stays at 1.
 *
 * asyncio twin:
 *     async def next_await(name):
 *         try:
 *             await asyncio.sleep(0)
 *             status = "AW_OK"
 *         except asyncio.CancelledError:
 *             status = "AW_ECANCELED"
 *         print(f"{name}: next await {status}, cancelling {asyncio.current_task().cancelling()}")
 *     async def withdraw_all():
 *         task = asyncio.current_task()
 *         task.cancel()
 *         print(f"withdraw_all: uncancel -> {task.uncancel()}")
 *         await next_await("withdraw_all")
 *     async def withdraw_one():
 *         task = asyncio.current_task()
 *         task.cancel()
 *         task.cancel()
 *         print(f"withdraw_one: uncancel -> {task.uncancel()}")
 *         await next_await("withdraw_one")
 *     async def main():
 *         await asyncio.create_task(withdraw_all())
 *         await asyncio.create_task(withdraw_one())
 *     run(main())
 *     # differs on CPython 3.11, 3.12: their uncancel() leaves the pending cancellation in place,
 *     # so withdraw_all's next await ends cancelled (docs/contract.md#py311-uncancel).
 */
#include "common/check.h"

static void next_await(const char *name)
{
    int status = aw_yield();
    aw_printf("%s: next await %s, cancelling %d\n", name, aw_err_name(status),
              aw_task_cancelling(aw_current()));
}

static int withdraw_all(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task = aw_current();
    CHECK(aw_cancel(task) == AW_OK);
    aw_printf("withdraw_all: uncancel -> %d\n", aw_task_uncancel(task));
    next_await("withdraw_all");
    return AW_OK;
}

static int withdraw_one(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task = aw_current();
    CHECK(aw_cancel(task) == AW_OK);
    CHECK(aw_cancel(task) == AW_OK);
    aw_printf("withdraw_one: uncancel -> %d\n", aw_task_uncancel(task));
    next_await("withdraw_one");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task;
    CHECK(aw_spawn(&task, withdraw_all, NULL) == AW_OK);
    CHECK(aw_join(task, NULL) == AW_OK);
    CHECK(aw_spawn(&task, withdraw_one, NULL) == AW_OK);
    CHECK(aw_join(task, NULL) == AW_OK);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
