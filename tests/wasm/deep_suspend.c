/* Suspending deep inside a task's call stack: 300 frames unwound and rewound at each switch,
 * interleaved with another task, with values live in every frame. */
#include <aw.h>

static int64_t descend(int depth, int64_t a, int64_t b)
{
    if (depth == 0) {
        aw_yield();
        return a ^ b;
    }
    int64_t x = a * 3 + depth, y = b + depth * 7;
    int64_t below = descend(depth - 1, x, y);
    if (depth % 100 == 0)
        aw_yield();
    return below + x - y;
}

static int deep(void *arg, aw_value *result)
{
    (void)arg;
    result->i = descend(300, 1, 2);
    aw_printf("deep done\n");
    return AW_OK;
}

static int shallow(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (int i = 0; i < 5; i++) {
        aw_printf("shallow %d\n", i);
        aw_yield();
    }
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *d, *s;
    aw_spawn(&d, deep, NULL);
    aw_spawn(&s, shallow, NULL);
    aw_value value;
    aw_join(d, &value);
    aw_join(s, NULL);
    /* Computed without suspending, the same recursion gives the same value. */
    int64_t a = 1, b = 2, xs[301], ys[301];
    for (int depth = 300; depth > 0; depth--) {
        xs[depth] = a * 3 + depth, ys[depth] = b + depth * 7;
        a = xs[depth], b = ys[depth];
    }
    int64_t expected = a ^ b;
    for (int depth = 1; depth <= 300; depth++)
        expected = expected + xs[depth] - ys[depth];
    aw_printf("result matches: %s\n", value.i == expected ? "yes" : "no");
    return AW_OK;
}

int main(void)
{
    return aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL}) == AW_OK ? 0 : 1;
}
