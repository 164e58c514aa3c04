/* asyncio.shield of a task and of futures (rule 23): cancelling the task that awaits the outer
 * future cancels only the outer one, and the inner task runs on; the inner's result, or its
 * cancellation, reaches the outer one hop after the inner completes, and its awaiter one hop
 * later; the shield of a done future is done at once.
 *
 * asyncio twin:
 *     async def inner_work():
 *         await asyncio.sleep(0.02)
 *         print(f"inner finished at {now()} ms")
 *         return 7
 *     async def awaiter(name, fut):
 *         try:
 *             value = await fut
 *             print(f"{name} got {value} at {now()} ms, iteration {iteration()}")
 *         except asyncio.CancelledError:
 *             print(f"{name}: AW_ECANCELED at {now()} ms, iteration {iteration()}")
 *             raise
 *     async def main():
 *         inner = asyncio.create_task(inner_work())
 *         outer = asyncio.shield(inner)
 *         w = asyncio.create_task(awaiter("w", outer))
 *         await asyncio.sleep(0.005)
 *         w.cancel()
 *         try:
 *             await w
 *         except asyncio.CancelledError:
 *             pass
 *         print(f"outer cancelled: {int(outer.cancelled())}, inner done: {int(inner.done())}")
 *         print(f"inner returned {await inner} at {now()} ms")
 *         loop = asyncio.get_running_loop()
 *         f = loop.create_future()
 *         w2 = asyncio.create_task(awaiter("w2", asyncio.shield(f)))
 *         await asyncio.sleep(0)
 *         print(f"set at iteration {iteration()}")
 *         f.set_result(8)
 *         await w2
 *         f3 = loop.create_future()
 *         w3 = asyncio.create_task(awaiter("w3", asyncio.shield(f3)))
 *         await asyncio.sleep(0)
 *         f3.cancel()
 *         try:
 *             await w3
 *         except asyncio.CancelledError:
 *             pass
 *         done = asyncio.shield(f)
 *         print(f"shield of a done future: done {int(done.done())}, result {done.result()}")
 *     run(main())
 */
#include "common/check.h"

typedef struct awaiter_args {
    const char *name;
    aw_future *future;
} awaiter_args;

static int inner_work(void *arg, aw_value *result)
{
    (void)arg;
    CHECK(aw_sleep(20) == AW_OK);
    aw_printf("inner finished at %lld ms\n", (long long)aw_now_ms());
    *result = AW_INT(7);
    return AW_OK;
}

static unsigned long long iteration(void) { return aw_loop_iteration(aw_loop_current()); }

static int awaiter(void *arg, aw_value *result)
{
    (void)result;
    const awaiter_args *args = arg;
    aw_value value;
    int status = aw_future_await(args->future, &value);
    if (status == AW_OK)
        aw_printf("%s got %lld at %lld ms, iteration %llu\n", args->name, (long long)value.i,
                  (long long)aw_now_ms(), iteration());
    else
        aw_printf("%s: %s at %lld ms, iteration %llu\n", args->name, aw_err_name(status),
                  (long long)aw_now_ms(), iteration());
    return status;
}

/* Spawns an awaiter of a shield of `inner`; the outer future is given back once it is done. */
static aw_task *await_shielded(awaiter_args *args, aw_future *inner)
{
    CHECK(aw_future_shield(inner, &args->future) == AW_OK);
    aw_task *task = NULL;
    CHECK(aw_spawn(&task, awaiter, args) == AW_OK);
    return task;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *inner;
    CHECK(aw_spawn(&inner, inner_work, NULL) == AW_OK);
    awaiter_args w_args = {"w", NULL};
    CHECK(aw_task_shield(inner, &w_args.future) == AW_OK);
    CHECK(aw_task_shield(NULL, &w_args.future) == AW_EINVAL);
    aw_task *w;
    CHECK(aw_spawn(&w, awaiter, &w_args) == AW_OK);
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_cancel(w) == AW_OK);
    CHECK(aw_join(w, NULL) == AW_ECANCELED);
    aw_printf("outer cancelled: %d, inner done: %d\n",
              aw_future_status(w_args.future) == AW_ECANCELED, aw_task_is_done(inner));
    aw_value value;
    CHECK(aw_join(inner, &value) == AW_OK);
    aw_printf("inner returned %lld at %lld ms\n", (long long)value.i, (long long)aw_now_ms());
    aw_future_unref(w_args.future);

    aw_future *f;
    CHECK(aw_future_new(&f) == AW_OK);
    awaiter_args w2_args = {"w2", NULL};
    aw_task *w2 = await_shielded(&w2_args, f);
    aw_yield();
    aw_printf("set at iteration %llu\n", iteration());
    CHECK(aw_future_set_result(f, AW_INT(8)) == AW_OK);
    CHECK(aw_join(w2, NULL) == AW_OK);
    aw_future_unref(w2_args.future);

    aw_future *f3;
    CHECK(aw_future_new(&f3) == AW_OK);
    awaiter_args w3_args = {"w3", NULL};
    aw_task *w3 = await_shielded(&w3_args, f3);
    aw_yield();
    CHECK(aw_future_cancel(f3) == AW_OK);
    CHECK(aw_join(w3, NULL) == AW_ECANCELED);
    aw_future_unref(w3_args.future);
    aw_future_unref(f3);

    aw_future *done;
    CHECK(aw_future_shield(f, &done) == AW_OK);
    aw_printf("shield of a done future: done %d, result %lld\n", aw_future_is_done(done),
              (long long)aw_future_result(done).i);
    aw_future_unref(done);
    aw_future_unref(f);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
