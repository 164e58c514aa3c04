/* Callee-saved registers survive a switch: tasks that keep many integer and floating-point
 * values live across aw_yield() (so the compiler holds them in callee-saved registers: rbx,
 * rbp, r12-r15 on x86_64; x19-x28 and d8-d15 on aarch64) compute exactly what the same code
 * computes without yielding. Three tasks with different seeds interleave, so each switch
 * resumes a task over registers that another task just filled with its own values.
 *
 * asyncio twin: none (there are no registers to lose); the program prints the same lines. */
#include <aw.h>

#include <inttypes.h>
#include <string.h>

enum { ROUNDS = 200 };

typedef int (*pause_fn)(void);

static int no_pause(void) { return AW_OK; }
static int yield_pause(void) { return (aw_yield)(); }

typedef struct outcome {
    uint64_t ints[12];
    double doubles[12];
} outcome;

/* noinline: the straight and the yielding run must be the same machine code. */
__attribute__((noinline)) static void compute(pause_fn volatile *pause, uint64_t seed,
                                              outcome *out)
{
    uint64_t a = seed, b = seed * 3 + 1, c = seed ^ 0x9e3779b97f4a7c15u, d = seed + 7;
    uint64_t e = seed << 5, f = ~seed, g = seed * seed, h = seed + 0x1234;
    uint64_t i = seed * 11, j = seed >> 1, k = seed | 0x100, l = seed * 0x5851f42d4c957f2du;
    double d0 = (double)seed, d1 = 0.5, d2 = 1.25, d3 = -2.0, d4 = 3.5, d5 = 0.125;
    double d6 = (double)(seed % 17), d7 = 1e-3, d8 = 7.0, d9 = -0.75, d10 = 2.5, d11 = 0.0625;
    for (int round = 0; round < ROUNDS; round++) {
        a = a * 6364136223846793005u + b;
        b ^= c << 3;
        c += d >> 2;
        d = d * 31 + e;
        e ^= f + g;
        f = f * 17 + h;
        g += i ^ j;
        h = (h << 7) | (h >> 57);
        i += k * 3;
        j ^= l >> 11;
        k = k * 5 + a;
        l += b ^ round;
        d0 = d0 * 0.5 + d1;
        d1 = d1 * 0.75 - d2 * 0.125;
        d2 = d2 + d3 * 0.25;
        d3 = d3 * 0.9 + d4 * 0.1;
        d4 = d4 - d5 * 0.5;
        d5 = d5 * 1.5 + d6 * 0.001;
        d6 = d6 * 0.99 + d7;
        d7 = d7 + d8 * 0.0001;
        d8 = d8 * 0.5 + d9 * 0.5;
        d9 = d9 - d10 * 0.01;
        d10 = d10 * 0.999 + d11;
        d11 = d11 * 0.5 + (double)(round & 7) * 0.25;
        (*pause)();
        /* Everything is read again after the switch. */
        a ^= l;
        d0 += d11 * 0.001;
        if ((round & 31) == 31) { /* keep the doubles bounded */
            d0 *= 0.5, d1 *= 0.5, d2 *= 0.5, d3 *= 0.5, d4 *= 0.5, d5 *= 0.5;
            d6 *= 0.5, d7 *= 0.5, d8 *= 0.5, d9 *= 0.5, d10 *= 0.5, d11 *= 0.5;
        }
    }
    uint64_t ints[12] = {a, b, c, d, e, f, g, h, i, j, k, l};
    double doubles[12] = {d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11};
    memcpy(out->ints, ints, sizeof ints);
    memcpy(out->doubles, doubles, sizeof doubles);
}

static pause_fn volatile straight = no_pause;
static pause_fn volatile yielding = yield_pause;

static int worker(void *arg, aw_value *result)
{
    uint64_t seed = (uint64_t)(uintptr_t)arg;
    outcome expected, actual;
    compute(&straight, seed, &expected);
    compute(&yielding, seed, &actual);
    uint64_t checksum = 0;
    for (int n = 0; n < 12; n++)
        checksum = checksum * 1099511628211u ^ actual.ints[n];
    bool ints_match = memcmp(expected.ints, actual.ints, sizeof actual.ints) == 0;
    bool doubles_match = memcmp(expected.doubles, actual.doubles, sizeof actual.doubles) == 0;
    aw_printf("seed %" PRIu64 ": integers %s (checksum %016" PRIx64 "), doubles %s\n", seed,
              ints_match ? "match" : "DIFFER", checksum, doubles_match ? "match" : "DIFFER");
    result->i = ints_match && doubles_match;
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *tasks[3];
    for (uintptr_t n = 0; n < 3; n++)
        aw_spawn(&tasks[n], worker, (void *)(n * 1000 + 1));
    aw_value results[3];
    aw_gather(tasks, 3, results);
    int all = 1;
    for (int n = 0; n < 3; n++) {
        all &= (int)results[n].i;
        aw_task_unref(tasks[n]);
    }
    aw_printf("%s\n", all ? "all registers survived" : "REGISTERS LOST");
    return all ? AW_OK : AW_EINVAL;
}

int main(void)
{
    return aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL}) ==
                   AW_OK
               ? 0
               : 1;
}
