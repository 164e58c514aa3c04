/* Rule 12: wait-first returns the first task to finish; the others keep running. Cancelling the
 * task that waits does not cancel the tasks it waited on.
 *
 * asyncio twin:
 *     async def child(name, ms):
 *         print(f"{name} starts")
 *         await asyncio.sleep(ms / 1000)
 *         print(f"{name} done at {now()} ms")
 *     async def waiter(tasks):
 *         try:
 *             await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
 *         except asyncio.CancelledError:
 *             print(f"waiter cancelled at {now()} ms")
 *             raise
 *     async def main():
 *         tasks = [asyncio.create_task(child(n, ms)) for n, ms in [("a", 30), ("b", 10), ("c", 20)]]
 *         done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
 *         print(f"first: {tasks.index(done.pop())} at {now()} ms, {len(pending)} pending")
 *         w = asyncio.create_task(waiter([tasks[0], tasks[2]]))
 *         await asyncio.sleep(0.005)
 *         w.cancel()
 *         try:
 *             await w
 *         except asyncio.CancelledError:
 *             print(f"a cancelled: {int(tasks[0].cancelled())}, c cancelled: {int(tasks[2].cancelled())}")
 *         for t in tasks:
 *             await t
 *         print(f"all done at {now()} ms")
 *     run(main())
 */
#include "common/check.h"

typedef struct child_args {
    const char *name;
    int64_t ms;
} child_args;

static int child(void *arg, aw_value *result)
{
    (void)result;
    const child_args *args = arg;
    aw_printf("%s starts\n", args->name);
    CHECK(aw_sleep(args->ms) == AW_OK);
    aw_printf("%s done at %lld ms\n", args->name, (long long)aw_now_ms());
    return AW_OK;
}

static int waiter(void *arg, aw_value *result)
{
    (void)result;
    size_t index;
    int status = aw_wait_first(arg, 2, &index);
    if (status == AW_ECANCELED)
        aw_printf("waiter cancelled at %lld ms\n", (long long)aw_now_ms());
    return status;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const child_args args[] = {{"a", 30}, {"b", 10}, {"c", 20}};
    aw_task *tasks[3];
    for (int i = 0; i < 3; i++)
        CHECK(aw_spawn(&tasks[i], child, (void *)&args[i]) == AW_OK);
    size_t first = 99;
    CHECK(aw_wait_first(tasks, 3, &first) == AW_OK);
    size_t pending = 0;
    for (int i = 0; i < 3; i++)
        pending += !aw_task_is_done(tasks[i]);
    aw_printf("first: %zu at %lld ms, %zu pending\n", first, (long long)aw_now_ms(), pending);
    aw_task *rest[] = {tasks[0], tasks[2]};
    aw_task *w;
    CHECK(aw_spawn(&w, waiter, rest) == AW_OK);
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_cancel(w) == AW_OK);
    if (aw_join(w, NULL) == AW_ECANCELED)
        aw_printf("a cancelled: %d, c cancelled: %d\n", aw_task_status(tasks[0]) == AW_ECANCELED,
                  aw_task_status(tasks[2]) == AW_ECANCELED);
    for (int i = 0; i < 3; i++)
        CHECK(aw_join(tasks[i], NULL) == AW_OK);
    aw_printf("all done at %lld ms\n", (long long)aw_now_ms());
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
