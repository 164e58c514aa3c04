/* Scheduler costs through the public API, for the backend this program is linked with:
 *   yield round trip   two tasks ping-pong with aw_yield(); one round trip = both ran once
 *   sleep(0) loop      one task calling aw_yield() (asyncio's `await asyncio.sleep(0)`)
 *   spawn+run+join     aw_spawn then aw_join, one task at a time, stacks from the pool
 *   future ping-pong   two tasks hand each other a new future per round trip
 *   channel            a producer task sends ints to a consumer task, rendezvous and buffered
 *   idle task memory   VmRSS growth for tasks that started and now wait on a future,
 *                      with guard pages and without, at 10k, 100k and 1M tasks
 * Every figure is the median of BENCH_RUNS runs; the individual runs follow it.
 * `bench_core_asm quick`: tiny sizes and one run, to check that everything runs. */
#include "bench_util.h"

#include <aw.h>

#include <sys/wait.h>
#include <unistd.h>

static bool quick;
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

static int sleep0_main(void *arg, aw_value *result)
{
    double *ns = arg;
    (void)result;
    double start = bench_now_ns();
    for (long i = 0; i < yield_count; i++)
        aw_yield();
    *ns = (bench_now_ns() - start) / (double)yield_count;
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

/* The future ping-pong of bench/peers/micro_asyncio.py: the main task completes the
 * ponger's "ping" future with a new "pong" future and awaits it; the ponger completes it and
 * waits on its next ping. */
static long ping_count;
static aw_future *ping;

static int ponger(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (long i = 0; i < ping_count; i++) {
        aw_future_new(&ping);
        aw_value pong;
        aw_future_await(ping, &pong);
        aw_future_unref(ping);
        aw_future_set_result(pong.ptr, AW_INT(0));
    }
    return AW_OK;
}

static int ping_main(void *arg, aw_value *result)
{
    double *ns = arg;
    (void)result;
    aw_task *task;
    aw_spawn(&task, ponger, NULL);
    aw_yield(); /* the ponger made its first future */
    double start = bench_now_ns();
    for (long i = 0; i < ping_count; i++) {
        aw_future *pong;
        aw_future_new(&pong);
        aw_future_set_result(ping, AW_PTR(pong));
        aw_future_await(pong, NULL);
        aw_future_unref(pong);
    }
    *ns = (bench_now_ns() - start) / (double)ping_count;
    aw_join(task, NULL);
    return AW_OK;
}

static long channel_count;
static size_t channel_capacity;
static aw_channel *channel;

static int producer(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (long i = 0; i < channel_count; i++)
        aw_channel_send(channel, AW_INT(i));
    aw_channel_close(channel);
    return AW_OK;
}

static int channel_main(void *arg, aw_value *result)
{
    double *ns = arg;
    (void)result;
    aw_channel_new(&channel, channel_capacity);
    aw_task *task;
    double start = bench_now_ns();
    aw_spawn(&task, producer, NULL);
    aw_value value;
    long received = 0;
    while (aw_channel_recv(channel, &value) == AW_OK)
        received++;
    *ns = (bench_now_ns() - start) / (double)received;
    aw_join(task, NULL);
    aw_channel_free(channel);
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
    aw_future_unref(idle_gate);
    return AW_OK;
}

static void measure_idle(const char *label, int tasks, bool guard_pages)
{
    double per_task[BENCH_RUNS], total[BENCH_RUNS];
    int spawned = 0;
    for (int run = 0; run < bench_runs; run++) {
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
    bench_print_runs(text, total, bench_runs, "MiB");
    snprintf(text, sizeof text, "%s, %d tasks: per task", label, spawned);
    bench_print_runs(text, per_task, bench_runs, "KiB");
}

/* Runs main once to estimate, then bench_runs times with *count sized for about 0.2 s. */
static void measure(const char *label, aw_task_fn main, long *count, double *ns)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    *count = 2000;
    aw_run_with(main, &ns[0], NULL, &options);
    if (!quick)
        *count = (long)(0.2e9 / (ns[0] > 1 ? ns[0] : 1));
    for (int run = 0; run < bench_runs; run++)
        aw_run_with(main, &ns[run], NULL, &options);
    bench_print_runs(label, ns, bench_runs, "ns");
}

int main(int argc, char **argv)
{
    quick = argc > 1 && strcmp(argv[1], "quick") == 0;
    if (quick)
        bench_runs = 1;
    printf("scheduler, %s\n", "public API");

    double yield_ns[BENCH_RUNS], sleep0_ns[BENCH_RUNS], spawn_ns[BENCH_RUNS],
        ping_ns[BENCH_RUNS], rendezvous_ns[BENCH_RUNS], buffered_ns[BENCH_RUNS];
    measure("yield round trip", yield_main, &yield_count, yield_ns);
    measure("sleep(0) loop, one task", sleep0_main, &yield_count, sleep0_ns);
    measure("spawn+run+join (pooled stacks)", spawn_main, &spawn_count, spawn_ns);
    measure("future ping-pong round trip", ping_main, &ping_count, ping_ns);
    channel_capacity = 0;
    measure("channel send+recv, unbuffered", channel_main, &channel_count, rendezvous_ns);
    channel_capacity = 64;
    measure("channel send+recv, capacity 64", channel_main, &channel_count, buffered_ns);

    static const int idle_counts[] = {10000, 100000, 1000000};
    for (int i = 0; i < 3; i++)
        measure_idle("no guard pages", quick ? idle_counts[i] / 1000 : idle_counts[i], false);
    /* A guarded stack is two kernel mappings; vm.max_map_count (65530 by default) stops a
     * process near 32,000 of them, so the guarded figure comes from fewer tasks. */
    measure_idle("guard pages", quick ? 30 : 30000, true);

    bench_target("yield round trip", bench_median(yield_ns, bench_runs), 60, "ns");
    bench_target("spawn+run+join", bench_median(spawn_ns, bench_runs), 100, "ns");
    return 0;
}
