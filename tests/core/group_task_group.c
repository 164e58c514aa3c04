/* Task groups (rule 13): the group waits for every child; a child's failure cancels the
 * siblings (in spawn order: asyncio uses a set's order there) and the parent's await in the
 * body; the group reports the failures; a cancellation from outside cancels the children and
 * reaches the parent; spawning into a finished group is an error.
 *
 * asyncio twin (Python 3.12+; sibling cancellations print in spawn order here):
 *     async def worker(name, delay, fail=False):
 *         try:
 *             await asyncio.sleep(delay)
 *             if fail: print(f"{name} fails"); raise ValueError(name)
 *             print(f"{name} done"); return name
 *         except asyncio.CancelledError: print(f"{name} cancelled"); raise
 *     async def all_ok():
 *         async with asyncio.TaskGroup() as tg:
 *             a = tg.create_task(worker("a", 0.2)); b = tg.create_task(worker("b", 0.1))
 *             print("body ends")
 *         print("all_ok: group done", a.result(), b.result())
 *     async def one_fails():
 *         try:
 *             async with asyncio.TaskGroup() as tg:
 *                 tg.create_task(worker("c", 0.3)); tg.create_task(worker("d", 0.1, True))
 *                 tg.create_task(worker("e", 0.2))
 *                 try: await asyncio.sleep(1)
 *                 except asyncio.CancelledError: print("body cancelled"); raise
 *         except* ValueError as eg: print("one_fails: group error", ...)
 *         print("cancelling after:", asyncio.current_task().cancelling())
 *     async def two_fail(): f and g fail at 0.1, h (0.5) is cancelled; errors [f, g]
 *     async def outer_cancel(): a task whose group has children i and j (1 s) and whose body
 *         sleeps 1 s is cancelled at 0.1 s: i and j are cancelled, the task ends cancelled.
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
    aw_task_release(ta);
    aw_task_release(tb);
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
