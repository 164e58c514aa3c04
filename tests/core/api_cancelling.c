/* aw_task_cancelling / aw_task_uncancel (asyncio's Task.cancelling/uncancel): every aw_cancel
 * counts as a request, two requests before the task resumes end one wait, uncancel withdraws
 * one request at a time and stops at 0, and cancelling a finished task is AW_ESTATE and not
 * counted.
 *
 * asyncio twin:
 *     async def target():
 *         task = asyncio.current_task()
 *         try:
 *             await asyncio.sleep(1)
 *         except asyncio.CancelledError:
 *             print(f"target cancelled, cancelling {task.cancelling()}")
 *         await asyncio.sleep(0.005)
 *         print(f"cleanup sleep completed at {now()} ms")
 *         print(f"uncancel -> {task.uncancel()}")
 *         print(f"uncancel -> {task.uncancel()}")
 *         print(f"uncancel -> {task.uncancel()}")
 *         return 9
 *     async def main():
 *         t = asyncio.create_task(target())
 *         await asyncio.sleep(0)
 *         print(f"cancelling before: {t.cancelling()}")
 *         t.cancel()
 *         t.cancel()
 *         print(f"cancelling after two requests: {t.cancelling()}")
 *         print(f"target returned {await t}")
 *         status = "AW_OK" if t.cancel() else "AW_ESTATE"
 *         print(f"cancel a done task: {status}, cancelling {t.cancelling()}")
 *     run(main())
 */
#include "common/check.h"

static int target(void *arg, aw_value *result)
{
    (void)arg;
    aw_task *task = aw_current();
    if (aw_sleep(1000) == AW_ECANCELED)
        aw_printf("target cancelled, cancelling %d\n", aw_task_cancelling(task));
    CHECK(aw_sleep(5) == AW_OK);
    aw_printf("cleanup sleep completed at %lld ms\n", (long long)aw_now_ms());
    for (int i = 0; i < 3; i++)
        aw_printf("uncancel -> %d\n", aw_task_uncancel(task));
    *result = AW_INT(9);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *t;
    aw_value value;
    CHECK(aw_spawn(&t, target, NULL) == AW_OK);
    aw_yield();
    aw_printf("cancelling before: %d\n", aw_task_cancelling(t));
    CHECK(aw_cancel(t) == AW_OK);
    CHECK(aw_cancel(t) == AW_OK);
    aw_printf("cancelling after two requests: %d\n", aw_task_cancelling(t));
    CHECK(aw_await(t, &value) == AW_OK);
    aw_printf("target returned %lld\n", (long long)value.i);
    int status = aw_cancel(t);
    aw_printf("cancel a done task: %s, cancelling %d\n", aw_err_name(status),
              aw_task_cancelling(t));
    aw_task_unref(t);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
