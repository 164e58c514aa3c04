/* Rules 13 and 16, Python 3.13's TaskGroup: a cancellation of the parent from outside that
 * arrives with a child's failure is not lost under the error. The group returns the error and
 * asks for the cancellation again (uncancel, then cancel: the count stays), so the parent's
 * next await ends cancelled; whether it arrived while the body awaited or while the group
 * waited for its children.
 *
 * asyncio twin:
 *     class Failed(Exception):
 *         pass
 *     async def cancel_and_fail(parent, when):
 *         print(f"child cancels the parent {when}")
 *         parent.cancel()
 *         print("child fails")
 *         raise Failed()
 *     async def group_then_await(task, when, body):
 *         try:
 *             async with asyncio.TaskGroup() as group:
 *                 group.create_task(cancel_and_fail(task, when))
 *                 await body()
 *         except* Failed:
 *             print(f"group failed, cancelling {task.cancelling()}")
 *         try:
 *             await asyncio.sleep(0)
 *             print("next await completes")
 *         except asyncio.CancelledError:
 *             print(f"next await cancelled, cancelling {task.cancelling()}")
 *         print(f"uncancel: {task.uncancel()}")
 *     async def body_sleeps():
 *         await asyncio.sleep(1)
 *     async def body_ends():
 *         print("body ends")
 *     async def main():
 *         task = asyncio.current_task()
 *         await group_then_await(task, "in the body", body_sleeps)
 *         await group_then_await(task, "while the group closes", body_ends)
 *     run(main())
 *     # differs on CPython 3.11, 3.12: the group's error swallows the cancellation from
 *     # outside, so the next await completes, though cancelling() is 1
 *     # (docs/contract.md#py311-taskgroup-errors).
 */
#include "common/check.h"

enum { FAILED = AW_ERROR_USER - 1 };

struct child_args {
    aw_task *parent;
    const char *when;
};

static int cancel_and_fail(void *arg, aw_value *result)
{
    (void)result;
    const struct child_args *args = arg;
    aw_printf("child cancels the parent %s\n", args->when);
    CHECK(aw_cancel(args->parent) == AW_OK);
    aw_printf("child fails\n");
    return FAILED;
}

/* body_sleeps: the body awaits (and is cancelled there); else it ends at once. */
static void group_then_await(aw_task *task, const char *when, bool body_sleeps)
{
    struct child_args args = {task, when};
    aw_group *group;
    CHECK(aw_group_new(&group) == AW_OK);
    CHECK(aw_group_spawn(group, NULL, cancel_and_fail, &args, NULL) == AW_OK);
    int body = AW_OK;
    if (body_sleeps)
        body = aw_sleep(1000);
    else
        aw_printf("body ends\n");
    if (aw_group_wait(group, body) == FAILED)
        aw_printf("group failed, cancelling %d\n", aw_task_cancelling(task));
    CHECK(aw_group_free(group) == AW_OK);
    if (aw_yield() == AW_ECANCELED)
        aw_printf("next await cancelled, cancelling %d\n", aw_task_cancelling(task));
    else
        aw_printf("next await completes\n");
    aw_printf("uncancel: %d\n", aw_task_uncancel(task));
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task = aw_current();
    group_then_await(task, "in the body", true);
    group_then_await(task, "while the group closes", false);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
