/* Scheduler costs through the public API, for the backend this program is linked with:
 *   yield round trip   two tasks ping-pong with aw_yield(); one round trip = both ran once
 *   spawn+run+join     aw_spawn then aw_join, one task at a time, stacks from the pool
 *   idle task memory   VmRSS growth for tasks that started and now wait on a future,
 *                      with guard pages and without
 * Every figure is the median of BENCH_RUNS runs; the individual runs follow it. */
#include "bench_util.h"

#include <aw.h>

#include <sys/wait.h>
#include <unistd.h>

enum { IDLE_TASKS = 100000, GUARDED_IDLE_TASKS = 30000 };

static long yield_count;

static int yielder(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (long i = 0; i < yield_count; i++)
        aw_yield();
    return AW_OK;
}

static int yield_main(void *arg, aw_value *result)
{
    double *ns = arg;
    (void)result;
    aw_task *a, *b;
    aw_spawn(&a, yielder, NULL);
    aw_spawn(&b, yielder, NULL);
    aw_yield(); /* both are started and yielding: time steady state only */
    double start = bench_now_ns();
    aw_join(a, NULL);
    *ns = (bench_now_ns() - start) / (double)yield_count;
    aw_join(b, NULL);
    return AW_OK;
}

static int nothing(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return AW_OK;
}

static long spawn_count;

static int spawn_main(void *arg, aw_value *result)
{
    double *ns = arg;
    (void)result;
    for (int i = 0; i < 1000; i++) { /* fill the stack pool, warm the allocator */
        aw_task *task;
        aw_spawn(&task, nothing, NULL);
        aw_join(task, NULL);
    }
    double start = bench_now_ns();
    for (long i = 0; i < spawn_count; i++) {
        aw_task *task;
        aw_spawn(&task, nothing, NULL);
        aw_join(task, NULL);
    }
    *ns = (bench_now_ns() - start) / (double)spawn_count;
    return AW_OK;
}

typedef struct idle_run {
    int tasks;
    long rss_before, rss_after;
    int spawned;
} idle_run;

static aw_future *idle_gate;

static int idle_task(void *arg, aw_value *result)
{
    (void)arg;
    return aw_future_await(idle_gate, result);
}

static int idle_main(void *arg, aw_value *result)
{
    idle_run *run = arg;
    (void)result;
    aw_future_new(&idle_gate);
    run->rss_before = bench_rss_kib();
    for (run->spawned = 0; run->spawned < run->tasks; run->spawned++)
        if (aw_spawn(NULL, idle_task, NULL) != AW_OK)
            break;
    aw_yield(); /* every task runs its first step and waits on the gate */
    run->rss_after = bench_rss_kib();
    aw_future_set_result(idle_gate, AW_INT(0));
    aw_future_release(idle_gate);
    return AW_OK;
}

static void measure_idle(const char *label, int tasks, bool guard_pages)
{
    double per_task[BENCH_RUNS], total[BENCH_RUNS];
    int spawned = 0;
    for (int run = 0; run < BENCH_RUNS; run++) {
        /* Each run in a fresh child process: memory the allocator kept from an earlier run
         * would otherwise be reused and not show up as growth. */
        idle_run result = {.tasks = tasks};
        int channel[2];
        if (pipe(channel) != 0)
            return;
        fflush(stdout);
        pid_t child = fork();
        if (child == 0) {
            aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL, .no_guard_pages = !guard_pages};
            aw_run_with(idle_main, &result, NULL, &options);
            _exit(write(channel[1], &result, sizeof result) == (ssize_t)sizeof result ? 0 : 1);
        }
        close(channel[1]);
        if (child < 0 || read(channel[0], &result, sizeof result) != (ssize_t)sizeof result)
            result.rss_after = result.rss_before, result.spawned = 1;
        close(channel[0]);
        waitpid(child, NULL, 0);
        spawned = result.spawned;
        total[run] = (double)(result.rss_after - result.rss_before) / 1024.0;
        per_task[run] = (double)(result.rss_after - result.rss_before) / (double)result.spawned;
    }
    char text[96];
    snprintf(text, sizeof text, "%s, %d tasks: RSS growth", label, spawned);
    bench_print_runs(text, total, BENCH_RUNS, "MiB");
    snprintf(text, sizeof text, "%s: per task", label);
    bench_print_runs(text, per_task, BENCH_RUNS, "KiB");
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    printf("scheduler, %s\n", "public API");

    double yield_ns[BENCH_RUNS], spawn_ns[BENCH_RUNS];
    yield_count = 2000;
    aw_run_with(yield_main, &yield_ns[0], NULL, &options);
    yield_count = (long)(0.2e9 / (yield_ns[0] > 1 ? yield_ns[0] : 1));
    for (int run = 0; run < BENCH_RUNS; run++)
        aw_run_with(yield_main, &yield_ns[run], NULL, &options);
    bench_print_runs("yield round trip", yield_ns, BENCH_RUNS, "ns");

    spawn_count = 2000;
    aw_run_with(spawn_main, &spawn_ns[0], NULL, &options);
    spawn_count = (long)(0.2e9 / (spawn_ns[0] > 1 ? spawn_ns[0] : 1));
    for (int run = 0; run < BENCH_RUNS; run++)
        aw_run_with(spawn_main, &spawn_ns[run], NULL, &options);
    bench_print_runs("spawn+run+join (pooled stacks)", spawn_ns, BENCH_RUNS, "ns");

    measure_idle("no guard pages", IDLE_TASKS, false);
    /* A guarded stack is two kernel mappings; vm.max_map_count (65530 by default) stops a
     * process near 32,000 of them, so the guarded figure comes from fewer tasks. */
    measure_idle("guard pages", GUARDED_IDLE_TASKS, true);

    bench_target("yield round trip", bench_median(yield_ns, BENCH_RUNS), 60, "ns");
    bench_target("spawn+run+join", bench_median(spawn_ns, BENCH_RUNS), 100, "ns");
    return 0;
}
