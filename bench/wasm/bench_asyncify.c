/*
 * The cost of one suspend + resume pair of the context switch interface (context.h) with the
 * suspending call `depth` frames below the task's entry function: under Asyncify every one of
 * those frames is unwound and rewound at each switch, natively the depth costs nothing.
 * Built for WASI by bench/wasm/CMakeLists.txt and natively by bench/wasm/run; prints
 *   depth <d>: <ns> ns per suspend+resume (<backend>)
 * with the median of several runs.
 */
#include "context/context.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { STACK_SIZE = 256 * 1024, RUNS = 7 };

static aw_context scheduler;
static aw_context context;
static aw_context *const coroutine = &context;
static volatile int64_t sink;
static volatile bool forever = true;

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Recurses to `depth` frames (with a live value in each) and suspends forever from the last. */
__attribute__((noinline)) static int64_t descend(int depth, int64_t value)
{
    if (depth <= 1) {
        while (forever)
            aw__context_suspend(coroutine, &scheduler);
        return value;
    }
    int64_t below = descend(depth - 1, value * 3 + depth);
    sink = below;
    return below + value;
}

static void entry(void *arg)
{
    aw__context_entered(&scheduler);
    sink = descend((int)(intptr_t)arg, 1);
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? atol(argv[1]) : 1000000;
    static const int depths[] = {1, 10, 50};
    for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++) {
        /* Each depth gets its own coroutine, left suspended for good afterwards. */
        void *stack = malloc(STACK_SIZE);
        if (stack == NULL)
            return 1;
        aw__context_set_owner(coroutine, 1, "bench");
        aw__context_make(coroutine, stack, STACK_SIZE, entry, (void *)(intptr_t)depths[i]);
        aw__context_resume(&scheduler, coroutine); /* runs down to the first suspension */
        double results[RUNS];
        for (int run = 0; run < RUNS; run++) {
            int64_t start = now_ns();
            for (long round = 0; round < rounds; round++)
                aw__context_resume(&scheduler, coroutine);
            results[run] = (double)(now_ns() - start) / (double)rounds;
        }
        qsort(results, RUNS, sizeof results[0], compare);
        printf("depth %d: %.1f ns per suspend+resume (%s)\n", depths[i], results[RUNS / 2],
               aw__context_backend());
    }
    return 0;
}
