/* Rule 12 with AW_WAIT_FIRST_CANCEL_OTHERS: wait-first returns the first task to finish and
 * cancels the others, in argument order, before it returns; they run their cancellation from
 * the next iteration on. When the waiting task is itself cancelled, the tasks it waited on are
 * cancelled too (the twin's `finally:`). A flag aw does not know is AW_EINVAL.
 *
 * asyncio twin:
 *     async def child(name, ms):
 *         print(f"{name} starts")
 *         try:
 *             await asyncio.sleep(ms / 1000)
 *         except asyncio.CancelledError:
 *             print(f"{name} cancelled at {now()} ms, iteration {iteration()}")
 *             raise
 *         print(f"{name} done at {now()} ms, iteration {iteration()}")
 *     async def wait_first_cancel_others(tasks):
 *         try:
 *             done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
 *             return [i for i, t in enumerate(tasks) if t in done][0]
 *         finally:
 *             for t in tasks:
 *                 if not t.done():
 *                     t.cancel()
 *     async def waiter(tasks):
 *         try:
 *             await wait_first_cancel_others(tasks)
 *         except asyncio.CancelledError:
 *             print(f"waiter cancelled at {now()} ms, iteration {iteration()}")
 *             raise
 *     def spawn(name, ms):
 *         return asyncio.create_task(child(name, ms), name=name)
 *     def cancelling(tasks):
 *         return ", ".join(f"{t.get_name()} {t.cancelling()}" for t in tasks)
 *     async def main():
 *         print("unknown flag: AW_EINVAL")
 *         tasks = [spawn(n, ms) for n, ms in [("a", 30), ("b", 10), ("c", 20)]]
 *         first = await wait_first_cancel_others(tasks)
 *         print(f"first: {first} at {now()} ms, iteration {iteration()}; "
 *               f"cancelling: {cancelling(tasks)}")
 *         await asyncio.gather(*tasks, return_exceptions=True)
 *         print("cancelled: " + ", ".join(f"{t.get_name()} {int(t.cancelled())}" for t in tasks))
 *         rest = [spawn("d", 30), spawn("e", 40)]
 *         w = asyncio.create_task(waiter(rest))
 *         await asyncio.sleep(0.005)
 *         w.cancel()
 *         try:
 *             await w
 *         except asyncio.CancelledError:
 *             print(f"joined the waiter at {now()} ms; cancelling: {cancelling(rest)}")
 *         await asyncio.gather(*rest, return_exceptions=True)
 *         print(f"all done at {now()} ms, iteration {iteration()}")
 *     run(main())
 *     # differs on CPython 3.11: its gather over tasks that are all done takes two hops, so
 *     # the last line says iteration 16 there (docs/contract.md#cpython-311).
 */
#include "common/check.h"

#include <stdio.h>

/* Sleeps `arg` ms under the name it was spawned with. */
static int child(void *arg, aw_value *result)
{
    (void)result;
    const char *name = aw_task_name(aw_current());
    aw_printf("%s starts\n", name);
    int status = aw_sleep((int64_t)(intptr_t)arg);
    aw_printf("%s %s at %lld ms, iteration %llu\n", name, status == AW_OK ? "done" : "cancelled",
              (long long)aw_now_ms(), (unsigned long long)aw_loop_iteration(aw_loop_current()));
    return status;
}

static aw_task *spawn_child(const char *name, int64_t ms)
{
    aw_task *task = NULL;
    CHECK(aw_spawn_with(&task, child, (void *)(intptr_t)ms, &(aw_spawn_options){.name = name}) ==
          AW_OK);
    return task;
}

static int waiter(void *arg, aw_value *result)
{
    (void)result;
    size_t index;
    int status = aw_wait_first_with(arg, 2, &index, AW_WAIT_FIRST_CANCEL_OTHERS);
    if (status == AW_ECANCELED)
        aw_printf("waiter cancelled at %lld ms, iteration %llu\n", (long long)aw_now_ms(),
                  (unsigned long long)aw_loop_iteration(aw_loop_current()));
    return status;
}

/* "a 1, b 0, c 1": each task's aw_task_cancelling. */
static const char *cancelling(aw_task *const *tasks, size_t count)
{
    static char text[64];
    size_t length = 0;
    for (size_t i = 0; i < count; i++)
        length += (size_t)snprintf(text + length, sizeof text - length, "%s%s %d",
                                   i ? ", " : "", aw_task_name(tasks[i]),
                                   aw_task_cancelling(tasks[i]));
    return text;
}

static void release_all(aw_task *const *tasks, size_t count)
{
    for (size_t i = 0; i < count; i++)
        aw_task_unref(tasks[i]);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *tasks[3] = {spawn_child("a", 30), spawn_child("b", 10), spawn_child("c", 20)};
    size_t first = 99;
    show("unknown flag", aw_wait_first_with(tasks, 3, &first, 2));
    CHECK(aw_wait_first_with(tasks, 3, &first, AW_WAIT_FIRST_CANCEL_OTHERS) == AW_OK);
    aw_printf("first: %zu at %lld ms, iteration %llu; cancelling: %s\n", first,
              (long long)aw_now_ms(), (unsigned long long)aw_loop_iteration(aw_loop_current()),
              cancelling(tasks, 3));
    CHECK(aw_gather_all(tasks, 3, NULL, NULL) == AW_OK);
    aw_printf("cancelled: a %d, b %d, c %d\n", aw_task_status(tasks[0]) == AW_ECANCELED,
              aw_task_status(tasks[1]) == AW_ECANCELED, aw_task_status(tasks[2]) == AW_ECANCELED);
    release_all(tasks, 3);

    aw_task *rest[2] = {spawn_child("d", 30), spawn_child("e", 40)};
    aw_task *w;
    CHECK(aw_spawn(&w, waiter, rest) == AW_OK);
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_cancel(w) == AW_OK);
    if (aw_join(w, NULL) == AW_ECANCELED)
        aw_printf("joined the waiter at %lld ms; cancelling: %s\n", (long long)aw_now_ms(),
                  cancelling(rest, 2));
    CHECK(aw_gather_all(rest, 2, NULL, NULL) == AW_OK);
    release_all(rest, 2);
    aw_printf("all done at %lld ms, iteration %llu\n", (long long)aw_now_ms(),
              (unsigned long long)aw_loop_iteration(aw_loop_current()));
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
