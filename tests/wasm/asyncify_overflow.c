/* A task whose unwound frames do not fit its Asyncify buffer (a quarter of its 32 KiB block:
 * 8 KiB) must stop the program with the line
 *     aw: stack overflow in task 2 "deep" (asyncify buffer 8 KiB)
 * not trap with a bare "unreachable", at -O0 as at -O2. Each of the 130 frames receives eight
 * 64-bit arguments and combines them with the callee's result, so they stay live across the
 * call: Asyncify saves them, and the call's operands, in every frame. That is about 95 bytes
 * per frame at -O0, where the frame also takes about 110 bytes of shadow stack, and 140 at -O2,
 * where it takes almost none: 12 to 18 KiB of unwound frames, more than the buffer holds but
 * inside the task's block, with the shadow stack (24 KiB) at most two thirds full. */
#include <aw.h>

enum { DEPTH = 130, STACK_SIZE = 32 * 1024 };

#include "overflow_main.h"

static int64_t descend(int depth, int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                       int64_t f, int64_t g, int64_t h)
{
    if (depth == 0) {
        aw_yield();
        return a ^ h;
    }
    int64_t below = descend(depth - 1, a * 3 + depth, b + depth, c ^ depth, d - depth,
                            e * 5 + depth, f + 2 * depth, g ^ (3 * depth), h - 7);
    return ((below + a) * b) ^ ((below - c) * d) ^ ((below + e) * f) ^ ((below - g) * h);
}

static int deep(void *arg, aw_value *result)
{
    (void)arg;
    result->i = descend(DEPTH, 1, 2, 3, 4, 5, 6, 7, 8);
    return AW_OK;
}
