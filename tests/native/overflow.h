/* The task body of the stack overflow tests: it recurses without bound, so that its stack runs
 * into the guard page below it. */
#ifndef AW_TEST_OVERFLOW_H
#define AW_TEST_OVERFLOW_H

#include <aw.h>

static volatile int forever = 1;

/* Not a tail call, and a frame the compiler cannot drop: each level keeps a live buffer. */
static int recurse(int depth)
{
    volatile char frame[256];
    frame[0] = (char)depth;
    frame[255] = (char)(depth >> 8);
    if (!forever)
        return depth;
    return recurse(depth + 1) + frame[0] + frame[255];
}

static int overflow_stack(void *arg, aw_value *result)
{
    (void)arg;
    result->i = recurse(0);
    return AW_OK;
}

#endif
