/* Rule 10: the loop runs until the main task finishes; then every task still alive is
 * cancelled (aw: in spawn order), may clean up (even awaiting), and aw_run returns main's
 * status and result.
 *
 * asyncio twin:
 *     async def worker(name, ms):
 *         try:
 *             await asyncio.sleep(ms / 1000)
 *             print(f"{name} finished at {now()} ms")
 *         except asyncio.CancelledError:
 *             print(f"{name} cancelled at {now()} ms, cleaning up")
 *             await asyncio.sleep(0.005)
 *             print(f"{name} cleanup done at {now()} ms")
 *             raise
 *     async def main():
 *         asyncio.create_task(worker("fast", 5))
 *         asyncio.create_task(worker("slow", 100))
 *         await asyncio.sleep(0.010)
 *         print("main returns 42")
 *         return 42
 *     print(f"run returned {run(main())}")
 */
#include "common/check.h"

typedef struct worker_args {
    const char *name;
    int64_t ms;
} worker_args;

static int worker(void *arg, aw_value *result)
{
    (void)result;
    const worker_args *args = arg;
    if (aw_sleep(args->ms) == AW_OK) {
        aw_printf("%s finished at %lld ms\n", args->name, (long long)aw_now_ms());
        return AW_OK;
    }
    aw_printf("%s cancelled at %lld ms, cleaning up\n", args->name, (long long)aw_now_ms());
    CHECK(aw_sleep(5) == AW_OK);
    aw_printf("%s cleanup done at %lld ms\n", args->name, (long long)aw_now_ms());
    return AW_ECANCELED;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    static const worker_args fast = {"fast", 5}, slow = {"slow", 100};
    CHECK(aw_spawn(NULL, worker, (void *)&fast) == AW_OK);
    CHECK(aw_spawn(NULL, worker, (void *)&slow) == AW_OK);
    CHECK(aw_sleep(10) == AW_OK);
    aw_printf("main returns 42\n");
    *result = AW_INT(42);
    return AW_OK;
}

int main(void)
{
    return run_test_showing_result(main_task, NULL);
}
