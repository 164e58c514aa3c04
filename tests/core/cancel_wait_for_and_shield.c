/* Single waits with a deadline (asyncio.wait_for) and shielded sections.
 *
 * asyncio twin of the wait_for part (the shield part prints its own lines, see below):
 *     async def slow(delay):
 *         name = "slow" if delay > 0.1 else "quick"
 *         try:
 *             await asyncio.sleep(delay)
 *             print(f"{name} finished at {now()} ms")
 *             return 7
 *         except asyncio.CancelledError:
 *             print(f"{name} cancelled at {now()} ms")
 *             raise
 *     async def main():
 *         task = asyncio.create_task(slow(1))
 *         try:
 *             await asyncio.wait_for(task, 0.1)
 *         except TimeoutError:
 *             print(f"wait_for task: AW_ETIMEDOUT at {now()} ms, task status AW_ECANCELED")
 *         future = asyncio.get_running_loop().create_future()
 *         try:
 *             await asyncio.wait_for(future, 0.1)
 *         except TimeoutError:
 *             print(f"wait_for future: AW_ETIMEDOUT at {now()} ms, future status AW_ECANCELED")
 *         value = await asyncio.wait_for(asyncio.create_task(slow(0.05)), 0.1)
 *         print(f"wait_for quick: AW_OK {value} at {now()} ms")
 *     run(main())
 *     # prints lines 1-5: asyncio has no shielded section, so the last three lines are aw's alone
 * The shield part has no asyncio twin (asyncio.shield wraps an awaitable, not a section): a
 * cancellation requested inside the section waits for the first await after it.
 */
#include <aw.h>

static int slow(void *arg, aw_value *result)
{
    int64_t delay = *(const int64_t *)arg;
    const char *name = delay > 100 ? "slow" : "quick";
    int status = aw_sleep(delay);
    aw_printf("%s %s at %lld ms\n", name, status == AW_OK ? "finished" : "cancelled",
              (long long)aw_now_ms());
    result->i = 7;
    return status;
}

static int shielded(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_shield_begin();
    int status = aw_sleep(100);
    aw_printf("shielded sleep: %s at %lld ms, cancelling=%d\n", aw_err_name(status),
              (long long)aw_now_ms(), aw_task_cancelling(aw_current()));
    aw_shield_end();
    status = aw_sleep(100);
    aw_printf("after the shield: %s at %lld ms\n", aw_err_name(status), (long long)aw_now_ms());
    return status;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const int64_t one_second = 1000, fifty_ms = 50;
    aw_task *task;
    aw_spawn(&task, slow, (void *)&one_second);
    int status = aw_await_for(task, 100, NULL);
    aw_printf("wait_for task: %s at %lld ms, task status %s\n", aw_err_name(status),
              (long long)aw_now_ms(), aw_err_name(aw_task_status(task)));
    aw_task_unref(task);

    aw_future *future;
    aw_future_new(&future);
    status = aw_future_await_for(future, 100, NULL);
    aw_printf("wait_for future: %s at %lld ms, future status %s\n", aw_err_name(status),
              (long long)aw_now_ms(), aw_err_name(aw_future_status(future)));
    aw_future_unref(future);

    aw_spawn(&task, slow, (void *)&fifty_ms);
    aw_value value;
    status = aw_await_for(task, 100, &value);
    aw_printf("wait_for quick: %s %lld at %lld ms\n", aw_err_name(status), (long long)value.i,
              (long long)aw_now_ms());
    aw_task_unref(task);

    aw_spawn(&task, shielded, NULL);
    aw_sleep(50);
    aw_cancel(task);
    aw_printf("shielded task: %s\n", aw_err_name(aw_join(task, NULL)));
    return AW_OK;
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return aw_run_with(main_task, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
