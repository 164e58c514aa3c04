/* Task groups (rule 13): the group waits for every child; a child's failure cancels the
 * siblings (in spawn order: asyncio uses a set's order there) and the parent's await in the
 * body; the group reports the failures; a cancellation from outside cancels the children and
 * reaches the parent; spawning into a finished group is an error.
 *
 * Python 3.12+ orders the parent's cancellation as aw does; siblings are cancelled in spawn
 * order by aw, in a set's order by asyncio.
 *
 * asyncio twin:
 *     async def worker(name, delay, fail=False):
 *         try:
 *             await asyncio.sleep(delay)
 *         except asyncio.CancelledError:
 *             print(f"{name} cancelled")
 *             raise
 *         if fail:
 *             print(f"{name} fails")
 *             raise ValueError(name)
 *         print(f"{name} done")
 *         return name
 *     async def all_ok():
 *         async with asyncio.TaskGroup() as group:
 *             a = group.create_task(worker("a", 0.2))
 *             b = group.create_task(worker("b", 0.1))
 *             print("body ends")
 *         print(f"all_ok: group AW_OK {a.result()} {b.result()}")
 *         print("spawn after the end: AW_ESTATE")
 *     async def one_fails():
 *         try:
 *             async with asyncio.TaskGroup() as group:
 *                 group.create_task(worker("c", 0.3))
 *                 group.create_task(worker("d", 0.1, fail=True))
 *                 group.create_task(worker("e", 0.2))
 *                 try:
 *                     await asyncio.sleep(1)
 *                 except asyncio.CancelledError:
 *                     print("body cancelled")
 *                     raise
 *         except* ValueError as errors:
 *             print(f"one_fails: group FAILED, {len(errors.exceptions)} error(s)")
 *         print(f"cancelling after: {asyncio.current_task().cancelling()}")
 *     async def two_fail():
 *         try:
 *             async with asyncio.TaskGroup() as group:
 *                 group.create_task(worker("f", 0.1, fail=True))
 *                 group.create_task(worker("g", 0.1, fail=True))
 *                 group.create_task(worker("h", 0.5))
 *         except* ValueError as errors:
 *             print(f"two_fail: group FAILED, {len(errors.exceptions)} errors")
 *     async def outer_cancel_target():
 *         async with asyncio.TaskGroup() as group:
 *             group.create_task(worker("i", 1))
 *             group.create_task(worker("j", 1))
 *             await asyncio.sleep(1)
 *     async def main():
 *         await all_ok()
 *         await one_fails()
 *         await two_fail()
 *         task = asyncio.create_task(outer_cancel_target())
 *         await asyncio.sleep(0.1)
 *         task.cancel()
 *         try:
 *             await task
 *         except asyncio.CancelledError:
 *             print("outer_cancel: parent AW_ECANCELED")
 *     run(main())
 *     # differs: sibling cancellations ("e cancelled", "c cancelled") follow a set's order there
 */
#include <aw.h>

#include <string.h>

enum { FAILED = AW_ERROR_USER - 1 };

typedef struct job {
    const char *name;
    int64_t delay_ms;
    bool fail;
} job;

static int worker(void *arg, aw_value *result)
{
    const job *j = arg;
    int status = aw_sleep(j->delay_ms);
    if (status == AW_ECANCELED) {
        aw_printf("%s cancelled\n", j->name);
        return status;
    }
    if (j->fail) {
        aw_printf("%s fails\n", j->name);
        return FAILED;
    }
    aw_printf("%s done\n", j->name);
    result->ptr = (void *)j->name;
    return AW_OK;
}

static void all_ok(void)
{
    static job a = {"a", 200, false}, b = {"b", 100, false};
    aw_group *group;
    aw_task *ta, *tb;
    aw_group_new(&group);
    aw_group_spawn(group, &ta, worker, &a, NULL);
    aw_group_spawn(group, &tb, worker, &b, NULL);
    aw_printf("body ends\n");
    int status = aw_group_wait(group, AW_OK);
    aw_printf("all_ok: group %s %s %s\n", aw_err_name(status),
              (const char *)aw_task_result(ta).ptr, (const char *)aw_task_result(tb).ptr);
    aw_printf("spawn after the end: %s\n",
              aw_err_name(aw_group_spawn(group, NULL, worker, &a, NULL)));
    aw_task_unref(ta);
    aw_task_unref(tb);
    aw_group_free(group);
}

static void one_fails(void)
{
    static job c = {"c", 300, false}, d = {"d", 100, true}, e = {"e", 200, false};
    aw_group *group;
    aw_group_new(&group);
    aw_group_spawn(group, NULL, worker, &c, NULL);
    aw_group_spawn(group, NULL, worker, &d, NULL);
    aw_group_spawn(group, NULL, worker, &e, NULL);
    int body = aw_sleep(1000);
    if (body == AW_ECANCELED)
        aw_printf("body cancelled\n");
    int status = aw_group_wait(group, body);
    int errors[4];
    size_t count = aw_group_errors(group, errors, 4);
    aw_printf("one_fails: group %s, %zu error(s)\n", status == FAILED ? "FAILED" : "?", count);
    aw_printf("cancelling after: %d\n", aw_task_cancelling(aw_current()));
    aw_group_free(group);
}

static void two_fail(void)
{
    static job f = {"f", 100, true}, g = {"g", 100, true}, h = {"h", 500, false};
    aw_group *group;
    aw_group_new(&group);
    aw_group_spawn(group, NULL, worker, &f, NULL);
    aw_group_spawn(group, NULL, worker, &g, NULL);
    aw_group_spawn(group, NULL, worker, &h, NULL);
    int status = aw_group_wait(group, AW_OK);
    int errors[4];
    size_t count = aw_group_errors(group, errors, 4);
    aw_printf("two_fail: group %s, %zu errors\n", status == FAILED ? "FAILED" : "?", count);
    aw_group_free(group);
}

static int outer_cancel_target(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static job i = {"i", 1000, false}, j = {"j", 1000, false};
    aw_group *group;
    aw_group_new(&group);
    aw_group_spawn(group, NULL, worker, &i, NULL);
    aw_group_spawn(group, NULL, worker, &j, NULL);
    int status = aw_group_wait(group, aw_sleep(1000));
    aw_group_free(group);
    return status;
}

static void outer_cancel(void)
{
    aw_task *task;
    aw_spawn(&task, outer_cancel_target, NULL);
    aw_sleep(100);
    aw_cancel(task);
    aw_printf("outer_cancel: parent %s\n", aw_err_name(aw_join(task, NULL)));
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    all_ok();
    one_fails();
    two_fail();
    outer_cancel();
    return AW_OK;
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return aw_run_with(main_task, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
