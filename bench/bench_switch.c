/* Switch cost of the backend this program is linked with (asm or ucontext), next to a bare
 * register swap measured in the same run: a coroutine and the main context ping-pong, and the
 * time of one switch is a round trip's time over two. Built once per backend. */
#include "bench_util.h"
#include "context/context.h"

#include <stdint.h>

#if defined(__x86_64__) || defined(__aarch64__)
#define HAVE_BARE_SWAP 1
void bench_bare_swap(void **save_stack_pointer, void *load_stack_pointer);
void bench_bare_trampoline(void);
#endif

enum { STACK_SIZE = 64 * 1024 };

static aw_context scheduler, coroutine;

static void coroutine_entry(void *arg)
{
    (void)arg;
    aw__context_entered(&scheduler);
    for (;;)
        aw__context_suspend(&coroutine, &scheduler);
}

static double time_aw_switch(long round_trips)
{
    double start = bench_now_ns();
    for (long i = 0; i < round_trips; i++)
        aw__context_resume(&scheduler, &coroutine);
    return (bench_now_ns() - start) / (2.0 * (double)round_trips);
}

#if defined(HAVE_BARE_SWAP)
static void *bare_main, *bare_coroutine;

static void bare_entry(void *arg)
{
    (void)arg;
    for (;;)
        bench_bare_swap(&bare_coroutine, bare_main);
}

/* The initial frame that bench_bare_swap pops: registers, then the trampoline to return to. */
static void bare_make(void *stack, size_t size)
{
    uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
#if defined(__x86_64__)
    uint64_t *frame = (uint64_t *)(top - 16 - 7 * 8); /* r15 r14 r13 r12 rbx rbp return */
    memset(frame, 0, 8 * 8);
    frame[3] = 0;                                         /* r12: arg */
    frame[2] = (uint64_t)(uintptr_t)bare_entry;           /* r13: entry */
    frame[6] = (uint64_t)(uintptr_t)bench_bare_trampoline;
#else
    uint64_t *frame = (uint64_t *)(top - 160); /* x19..x30, d8..d15 */
    memset(frame, 0, 160);
    frame[0] = 0;                                         /* x19: arg */
    frame[1] = (uint64_t)(uintptr_t)bare_entry;           /* x20: entry */
    frame[11] = (uint64_t)(uintptr_t)bench_bare_trampoline; /* x30 */
#endif
    bare_coroutine = frame;
}

static double time_bare_swap(long round_trips)
{
    double start = bench_now_ns();
    for (long i = 0; i < round_trips; i++)
        bench_bare_swap(&bare_main, bare_coroutine);
    return (bench_now_ns() - start) / (2.0 * (double)round_trips);
}
#endif

#if defined(__x86_64__)
#define HAVE_BARE_SWAP_FPU 1
void bench_bare_swap_fpu(void **save_stack_pointer, void *load_stack_pointer);
static void *fpu_main, *fpu_coroutine;

static void fpu_entry(void *arg)
{
    (void)arg;
    for (;;)
        bench_bare_swap_fpu(&fpu_coroutine, fpu_main);
}

static void fpu_make(void *stack, size_t size)
{
    uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
    uint64_t *frame = (uint64_t *)(top - 16 - 8 * 8); /* control, r15..rbp, return */
    memset(frame, 0, 9 * 8);
    frame[0] = 0x1F80u | (uint64_t)0x037Fu << 32;       /* MXCSR, x87 control word */
    frame[4] = 0;                                         /* r12: arg */
    frame[3] = (uint64_t)(uintptr_t)fpu_entry;            /* r13: entry */
    frame[7] = (uint64_t)(uintptr_t)bench_bare_trampoline;
    fpu_coroutine = frame;
}

static double time_bare_swap_fpu(long round_trips)
{
    double start = bench_now_ns();
    for (long i = 0; i < round_trips; i++)
        bench_bare_swap_fpu(&fpu_main, fpu_coroutine);
    return (bench_now_ns() - start) / (2.0 * (double)round_trips);
}
#endif

int main(int argc, char **argv)
{
    bool quick = argc > 1 && strcmp(argv[1], "quick") == 0;
    if (quick)
        bench_runs = 1;
    void *stack = aligned_alloc(4096, STACK_SIZE);
    aw__context_make(&coroutine, stack, STACK_SIZE, coroutine_entry, NULL);
    aw__context_resume(&scheduler, &coroutine); /* warm up and start it */
#if defined(HAVE_BARE_SWAP)
    void *bare_stack = aligned_alloc(4096, STACK_SIZE);
    bare_make(bare_stack, STACK_SIZE);
    bench_bare_swap(&bare_main, bare_coroutine);
#endif
#if defined(HAVE_BARE_SWAP_FPU)
    void *fpu_stack = aligned_alloc(4096, STACK_SIZE);
    fpu_make(fpu_stack, STACK_SIZE);
    bench_bare_swap_fpu(&fpu_main, fpu_coroutine);
    double fpu_ns[BENCH_RUNS], fpu_ratio[BENCH_RUNS];
#endif

    /* Round trips per run: enough for about 0.2 s of the aw switch. */
    double estimate = time_aw_switch(10000);
    long round_trips = (long)(0.1e9 / (estimate > 0.1 ? estimate : 0.1));
    if (round_trips < 1000 || quick)
        round_trips = 1000;

    double aw_ns[BENCH_RUNS], bare_ns[BENCH_RUNS], ratio[BENCH_RUNS];
    for (int run = 0; run < bench_runs; run++) {
        aw_ns[run] = time_aw_switch(round_trips);
#if defined(HAVE_BARE_SWAP)
        bare_ns[run] = time_bare_swap(round_trips);
        ratio[run] = aw_ns[run] / bare_ns[run];
#endif
#if defined(HAVE_BARE_SWAP_FPU)
        fpu_ns[run] = time_bare_swap_fpu(round_trips);
        fpu_ratio[run] = aw_ns[run] / fpu_ns[run];
#endif
    }
    printf("context switch, backend %s (%ld round trips per run, %d runs)\n",
           aw__context_backend(), round_trips, bench_runs);
    char label[64];
    snprintf(label, sizeof label, "aw switch (%s)", aw__context_backend());
    bench_print_runs(label, aw_ns, bench_runs, "ns");
#if defined(HAVE_BARE_SWAP)
    bench_print_runs("bare register swap", bare_ns, bench_runs, "ns");
    bench_print_runs("ratio aw / bare", ratio, bench_runs, "x");
#if defined(HAVE_BARE_SWAP_FPU)
    bench_print_runs("bare swap + MXCSR/x87 control", fpu_ns, bench_runs, "ns");
    bench_print_runs("ratio aw / bare with control", fpu_ratio, bench_runs, "x");
#endif
    bench_target("switch / bare swap", bench_median(ratio, bench_runs), 1.1, "x");
#else
    (void)bare_ns, (void)ratio;
    printf("  (no bare swap for this architecture)\n");
#endif
    return 0;
}
