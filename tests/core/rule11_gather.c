/* Rule 11: gather starts its children in argument order and returns their results in argument
 * order; the first error comes back at once while the other children keep running; cancelling
 * the task that waits in gather cancels the children that are not done.
 *
 * asyncio twin:
 *     async def child(name, ms, fail=False):
 *         print(f"{name} starts")
 *         try:
 *             await asyncio.sleep(ms / 1000)
 *         except asyncio.CancelledError:
 *             print(f"{name} cancelled at {now()} ms")
 *             raise
 *         if fail:
 *             print(f"{name} fails at {now()} ms")
 *             raise ValueError(name)
 *         print(f"{name} done at {now()} ms")
 *         return ms
 *     def spawn(*args):
 *         return asyncio.create_task(child(*args))
 *     async def gatherer(tasks):
 *         try:
 *             await asyncio.gather(*tasks)
 *         except asyncio.CancelledError:
 *             print(f"gatherer cancelled at {now()} ms")
 *             raise
 *     async def main():
 *         results = await asyncio.gather(spawn("a", 30), spawn("b", 10), spawn("c", 20))
 *         print(f"results {results} at {now()} ms")
 *         slow = spawn("e", 20)
 *         try:
 *             await asyncio.gather(spawn("d", 10, True), slow)
 *         except ValueError:
 *             print(f"gather failed at {now()} ms")
 *         await slow
 *         print(f"e awaited at {now()} ms")
 *         children = [spawn("f", 5), spawn("g", 50)]
 *         g = asyncio.create_task(gatherer(children))
 *         await asyncio.sleep(0.010)
 *         g.cancel()
 *         print("gatherer cancel requested")
 *         try:
 *             await g
 *         except asyncio.CancelledError:
 *             print(f"f cancelled: {int(children[0].cancelled())}, "
 *                   f"g cancelled: {int(children[1].cancelled())}")
 *     run(main())
 */
#include "common/check.h"

enum { FAILED = AW_ERROR_USER - 1 };

typedef struct child_args {
    const char *name;
    int64_t ms;
    bool fail;
} child_args;

static int child(void *arg, aw_value *result)
{
    const child_args *args = arg;
    aw_printf("%s starts\n", args->name);
    if (aw_sleep(args->ms) == AW_ECANCELED) {
        aw_printf("%s cancelled at %lld ms\n", args->name, (long long)aw_now_ms());
        return AW_ECANCELED;
    }
    if (args->fail) {
        aw_printf("%s fails at %lld ms\n", args->name, (long long)aw_now_ms());
        return FAILED;
    }
    aw_printf("%s done at %lld ms\n", args->name, (long long)aw_now_ms());
    *result = AW_INT(args->ms);
    return AW_OK;
}

static aw_task *spawn(const child_args *args)
{
    aw_task *task = NULL;
    CHECK(aw_spawn(&task, child, (void *)args) == AW_OK);
    return task;
}

static int gatherer(void *arg, aw_value *result)
{
    (void)result;
    int status = aw_gather(arg, 2, NULL);
    if (status == AW_ECANCELED)
        aw_printf("gatherer cancelled at %lld ms\n", (long long)aw_now_ms());
    return status;
}

static void release_all(aw_task **tasks, size_t count)
{
    for (size_t i = 0; i < count; i++)
        aw_task_unref(tasks[i]);
}

static void in_order(void)
{
    static const child_args args[] = {{"a", 30, false}, {"b", 10, false}, {"c", 20, false}};
    aw_task *tasks[] = {spawn(&args[0]), spawn(&args[1]), spawn(&args[2])};
    aw_value results[3];
    CHECK(aw_gather(tasks, 3, results) == AW_OK);
    aw_printf("results [%lld, %lld, %lld] at %lld ms\n", (long long)results[0].i,
              (long long)results[1].i, (long long)results[2].i, (long long)aw_now_ms());
    release_all(tasks, 3);
}

static void first_error(void)
{
    static const child_args args[] = {{"e", 20, false}, {"d", 10, true}};
    aw_task *slow = spawn(&args[0]);
    aw_task *tasks[] = {spawn(&args[1]), slow};
    if (aw_gather(tasks, 2, NULL) == FAILED)
        aw_printf("gather failed at %lld ms\n", (long long)aw_now_ms());
    CHECK(aw_await(slow, NULL) == AW_OK);
    aw_printf("e awaited at %lld ms\n", (long long)aw_now_ms());
    release_all(tasks, 2);
}

static void cancel_gather(void)
{
    static const child_args args[] = {{"f", 5, false}, {"g", 50, false}};
    aw_task *children[] = {spawn(&args[0]), spawn(&args[1])};
    aw_task *g;
    CHECK(aw_spawn(&g, gatherer, children) == AW_OK);
    CHECK(aw_sleep(10) == AW_OK);
    CHECK(aw_cancel(g) == AW_OK);
    aw_printf("gatherer cancel requested\n");
    if (aw_join(g, NULL) == AW_ECANCELED)
        aw_printf("f cancelled: %d, g cancelled: %d\n",
                  aw_task_status(children[0]) == AW_ECANCELED,
                  aw_task_status(children[1]) == AW_ECANCELED);
    release_all(children, 2);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    in_order();
    first_error();
    cancel_gather();
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
