/* Rules 13 and 16, Python 3.13's TaskGroup: when a child fails after the body has ended, while
 * the parent waits for the children, the group's cancellation of its parent is withdrawn once
 * the children are done, so the parent leaves the group with nothing left to cancel it.
 *
 * asyncio twin:
 *     async def fail():
 *         await asyncio.sleep(0.01)
 *         print(f"child fails at {now()} ms")
 *         raise ValueError("child")
 *     async def sleeper():
 *         try:
 *             await asyncio.sleep(1)
 *         except asyncio.CancelledError:
 *             print(f"sleeper cancelled at {now()} ms")
 *             raise
 *     async def main():
 *         task = asyncio.current_task()
 *         try:
 *             async with asyncio.TaskGroup() as group:
 *                 group.create_task(fail())
 *                 group.create_task(sleeper())
 *                 print("body ends")
 *         except* ValueError:
 *             print(f"group failed, cancelling {task.cancelling()}")
 *         await asyncio.sleep(0)
 *         print(f"next await completes, cancelling {task.cancelling()}")
 *     run(main())
 *     # differs on CPython 3.11, 3.12: they withdraw only a cancellation made before the body
 *     # ended, so the one made when the child fails stays counted
 *     # (docs/contract.md#py311-taskgroup).
 */
#include "common/check.h"

enum { FAILED = AW_ERROR_USER - 1 };

static int fail(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_sleep(10) == AW_OK);
    aw_printf("child fails at %lld ms\n", (long long)aw_now_ms());
    return FAILED;
}

static int sleeper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    int status = aw_sleep(1000);
    if (status == AW_ECANCELED)
        aw_printf("sleeper cancelled at %lld ms\n", (long long)aw_now_ms());
    return status;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task = aw_current();
    aw_group *group;
    CHECK(aw_group_new(&group) == AW_OK);
    CHECK(aw_group_spawn(group, NULL, fail, NULL, NULL) == AW_OK);
    CHECK(aw_group_spawn(group, NULL, sleeper, NULL, NULL) == AW_OK);
    aw_printf("body ends\n");
    if (aw_group_wait(group, AW_OK) == FAILED)
        aw_printf("group failed, cancelling %d\n", aw_task_cancelling(task));
    CHECK(aw_group_free(group) == AW_OK);
    CHECK(aw_yield() == AW_OK);
    aw_printf("next await completes, cancelling %d\n", aw_task_cancelling(task));
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
