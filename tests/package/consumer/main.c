/* A program that uses an installed aw: two tasks sleep on the virtual clock and report back. */
#include <aw.h>
#include <stdint.h>

static int worker(void *arg, aw_value *result)
{
    int64_t id = (int64_t)(intptr_t)arg;
    aw_sleep(id * 10);
    aw_printf("worker %lld woke at %lld ms\n", (long long)id, (long long)aw_now_ms());
    result->i = id * 100;
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    aw_task *slow, *fast;
    aw_value a, b;
    aw_spawn(&slow, worker, (void *)(intptr_t)2);
    aw_spawn(&fast, worker, (void *)(intptr_t)1);
    aw_printf("aw %s: spawned two workers\n", AW_VERSION_STRING);
    int status = aw_join(slow, &a);
    if (status == AW_OK)
        status = aw_join(fast, &b);
    if (status != AW_OK)
        return status;
    result->i = a.i + b.i;
    aw_printf("sum of results: %lld\n", (long long)result->i);
    return AW_OK;
}

int main(void)
{
    aw_value result;
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    int status = aw_run_with(main_task, NULL, &result, &options);
    return status == AW_OK && result.i == 300 ? 0 : 1;
}
