/* Timers at scale: arm 1,000,000 timers with pseudo-random deadlines over 1 s of the virtual
 * clock, then run the loop until every one has fired (each fires as one ready-queue entry, in
 * deadline order). Reports ns per timer for the inserts, for the firing, and both together.
 * Calls the runtime's internal timer functions directly (no task per timer), so it is built
 * against the chosen backend only. `bench_timers quick`: 1,000 timers, one run. */
#include "bench_util.h"
#include "core/timer.h"
#include "core/loop.h"

static long fired;

static void on_fire(void *arg)
{
    (void)arg;
    fired++;
}

int main(int argc, char **argv)
{
    bool quick = argc > 1 && strcmp(argv[1], "quick") == 0;
    long count = quick ? 1000 : 1000000;
    if (quick)
        bench_runs = 1;
    double insert_ns[BENCH_RUNS], fire_ns[BENCH_RUNS], total_ns[BENCH_RUNS];
    for (int run = 0; run < bench_runs; run++) {
        aw_loop *loop;
        aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
        if (aw_loop_new(&loop, &options) != AW_OK)
            return 1;
        uint64_t x = 88172645463325252u; /* xorshift64: the same deadlines every run */
        fired = 0;
        double start = bench_now_ns();
        for (long i = 0; i < count; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            if (aw__timer_arm(loop, (int64_t)(x % 1000000000u), on_fire, NULL) == NULL)
                return 1;
        }
        double armed = bench_now_ns();
        aw_loop_run(loop);
        double end = bench_now_ns();
        aw_loop_free(loop);
        if (fired != count)
            return 1;
        insert_ns[run] = (armed - start) / (double)count;
        fire_ns[run] = (end - armed) / (double)count;
        total_ns[run] = (end - start) / (double)count;
    }
    printf("timers, %ld armed then fired (virtual clock)\n", count);
    bench_print_runs("timer insert", insert_ns, bench_runs, "ns");
    bench_print_runs("timer fire", fire_ns, bench_runs, "ns");
    bench_print_runs("timer insert+fire", total_ns, bench_runs, "ns");
    return 0;
}
