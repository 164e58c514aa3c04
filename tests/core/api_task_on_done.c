/* aw_task_on_done is Task.add_done_callback: the callback runs from the ready queue one hop
 * after the task finishes, callbacks run in the order they were added, one added to a done
 * task is queued at once, and the callback's reference keeps the task record alive after the
 * last handle is released.
 *
 * asyncio twin:
 *     async def worker(name, ms):
 *         await asyncio.sleep(ms / 1000)
 *         print(f"{name} returns at {now()} ms in iteration {iteration()}")
 *         return name
 *     def on_done(task, tag):
 *         print(f"callback {tag}: {task.result()} done, iteration {iteration()}")
 *     async def main():
 *         a = asyncio.create_task(worker("a", 5))
 *         a.add_done_callback(lambda task: on_done(task, 1))
 *         a.add_done_callback(lambda task: on_done(task, 2))
 *         b = asyncio.create_task(worker("b", 0))
 *         b.add_done_callback(lambda task: on_done(task, 3))
 *         del b
 *         await a
 *         print(f"main resumes in iteration {iteration()}")
 *         a.add_done_callback(lambda task: on_done(task, 4))
 *         await asyncio.sleep(0)
 *         print(f"main after sleep(0) in iteration {iteration()}")
 *     run(main())
 */
#include "common/check.h"

#include <stdint.h>

typedef struct worker_args {
    const char *name;
    int64_t ms;
} worker_args;

static unsigned long long iteration(void)
{
    return (unsigned long long)aw_loop_iteration(aw_loop_current());
}

static int worker(void *arg, aw_value *result)
{
    const worker_args *args = arg;
    CHECK(aw_sleep(args->ms) == AW_OK);
    aw_printf("%s returns at %lld ms in iteration %llu\n", args->name, (long long)aw_now_ms(),
              iteration());
    *result = AW_PTR(args->name);
    return AW_OK;
}

static void on_done(aw_task *task, void *tag)
{
    aw_printf("callback %d: %s done, iteration %llu\n", (int)(intptr_t)tag,
              (const char *)aw_task_result(task).ptr, iteration());
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const worker_args a_args = {"a", 5}, b_args = {"b", 0};
    aw_task *a, *b;
    CHECK(aw_spawn(&a, worker, (void *)&a_args) == AW_OK);
    CHECK(aw_task_on_done(a, on_done, (void *)1) == AW_OK);
    CHECK(aw_task_on_done(a, on_done, (void *)2) == AW_OK);
    CHECK(aw_spawn(&b, worker, (void *)&b_args) == AW_OK);
    CHECK(aw_task_on_done(b, on_done, (void *)3) == AW_OK);
    aw_task_unref(b); /* the callback still reads b's result */
    CHECK(aw_await(a, NULL) == AW_OK);
    aw_printf("main resumes in iteration %llu\n", iteration());
    CHECK(aw_task_on_done(a, on_done, (void *)4) == AW_OK);
    aw_task_unref(a);
    CHECK(aw_yield() == AW_OK);
    aw_printf("main after sleep(0) in iteration %llu\n", iteration());
    CHECK(aw_task_on_done(NULL, on_done, NULL) == AW_EINVAL);
    CHECK(aw_task_on_done(aw_current(), NULL, NULL) == AW_EINVAL);
    return AW_OK;
}

int main(void)
{
    return run_test(main_task, NULL);
}
