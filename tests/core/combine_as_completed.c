/* asyncio.as_completed: the tasks come out in the order they finish, each two hops after it
 * finishes; after the timeout, one AW_ETIMEDOUT per task not handed out, then AW_ECLOSED (the
 * end of the iteration); a task done already still takes the callback's hop.
 *
 * asyncio twin:
 *     async def child(name, ms):
 *         await asyncio.sleep(ms / 1000)
 *         print(f"{name} ends at {now()} ms")
 *         return name
 *     async def next_of(next_one, ts):
 *         try:
 *             r = await next_one
 *         except TimeoutError:
 *             print(f"next: AW_ETIMEDOUT at {now()} ms")
 *             return
 *         task = r if isinstance(r, asyncio.Task) else next(t for t in ts if t.done() and t.result() == r)
 *         print(f"next: {ts.index(task)} ({task.result()}) at {now()} ms, iteration {iteration()}")
 *     async def main():
 *         specs = [("a", 30), ("b", 10), ("c", 20), ("d", 50)]
 *         ts = [asyncio.create_task(child(*spec)) for spec in specs]
 *         for next_one in asyncio.as_completed(ts, timeout=0.04):
 *             await next_of(next_one, ts)
 *         print(f"iteration {iteration()}")
 *         for next_one in asyncio.as_completed([ts[3]]):
 *             await next_of(next_one, ts)
 *         for next_one in asyncio.as_completed([ts[1]], timeout=0):
 *             await next_of(next_one, ts)
 *     run(main())
 */
#include "common/children.h"

/* Hands out everything, as the twin's for loop; offset: the position of tasks[0] in ts. */
static void iterate(aw_task *const *tasks, size_t count, size_t offset, int64_t timeout_ms)
{
    aw_as_completed *it;
    CHECK(aw_as_completed_new(&it, tasks, count, timeout_ms) == AW_OK);
    size_t index;
    int status;
    while ((status = aw_as_completed_next(it, &index)) != AW_ECLOSED) {
        if (status != AW_OK) {
            aw_printf("next: %s at %lld ms\n", aw_err_name(status), (long long)aw_now_ms());
            continue;
        }
        aw_printf("next: %zu (%s) at %lld ms, iteration %llu\n", index + offset,
                  (const char *)aw_task_result(tasks[index]).ptr, (long long)aw_now_ms(),
                  (unsigned long long)aw_loop_iteration(aw_loop_current()));
    }
    aw_as_completed_free(it);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const child_spec specs[] = {
        {"a", 30, false}, {"b", 10, false}, {"c", 20, false}, {"d", 50, false}};
    aw_task *ts[4];
    for (int i = 0; i < 4; i++)
        CHECK(aw_spawn(&ts[i], child, (void *)&specs[i]) == AW_OK);
    CHECK(aw_as_completed_new(NULL, ts, 4, -1) == AW_EINVAL);
    iterate(ts, 4, 0, 40);
    aw_printf("iteration %llu\n", (unsigned long long)aw_loop_iteration(aw_loop_current()));
    iterate(&ts[3], 1, 3, -1);
    iterate(&ts[1], 1, 1, 0);
    for (int i = 0; i < 4; i++)
        aw_task_unref(ts[i]);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
