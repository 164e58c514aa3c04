/* A task whose unwound frames do not fit its Asyncify buffer (a quarter of its 128 KiB block)
 * must stop the program with a message naming it, not trap with a bare "unreachable".
 * Each of the 1000 frames keeps eight 64-bit values live across the call (they are combined with
 * the callee's result, so the compiler cannot fold them before it): about 100 bytes of Asyncify
 * data per frame, about 90 KiB in all, which spills into the shadow stack but stays inside the
 * task's block. */
#include <aw.h>

#ifndef DEPTH
#define DEPTH 1000
#endif

static int64_t descend(int depth, const int64_t *in)
{
    if (depth == 0) {
        aw_yield();
        return in[0] ^ in[7];
    }
    int64_t a = in[0] * 3 + depth, b = in[1] + depth, c = in[2] ^ depth, d = in[3] - depth;
    int64_t e = in[4] * 5 + depth, f = in[5] + 2 * depth, g = in[6] ^ (3 * depth), h = in[7] - 7;
    int64_t next[8] = {a, b, c, d, e, f, g, h};
    int64_t below = descend(depth - 1, next);
    return ((below + a) * b) ^ ((below - c) * d) ^ ((below + e) * f) ^ ((below - g) * h);
}

static int deep(void *arg, aw_value *result)
{
    (void)arg;
    static const int64_t start[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    result->i = descend(DEPTH, start);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task;
    aw_spawn_with(&task, deep, NULL, &(aw_spawn_options){.name = "deep", .stack_size = 128 * 1024});
    aw_join(task, NULL);
    aw_printf("not reached\n");
    return AW_OK;
}

int main(void)
{
    return aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL}) == AW_OK ? 0 : 1;
}
