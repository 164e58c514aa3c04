/* WebAssembly has no guard pages: a task whose shadow stack (the linear-memory stack where C
 * keeps arrays and address-taken locals) grows past its part of the block runs into its
 * Asyncify buffer, and the overflow is found at its next suspension. The program must stop
 * there with the line a native guard page gives,
 *     aw: stack overflow in task 2 "deep" (stack 24 KiB)
 * (the 32 KiB block less its Asyncify buffer), not carry on. 26 frames of 1 KiB arrays take
 * 27 to 29 KiB: 3 to 5 KiB into the buffer, short of its bottom. */
#include <aw.h>

#include <string.h>

enum { DEPTH = 26, STACK_SIZE = 32 * 1024 };

#include "overflow_main.h"

static int descend(int depth, const char *above)
{
    char frame[1024];
    memset(frame, depth, sizeof frame);
    frame[0] = above[depth];
    if (depth == 0) {
        aw_yield();
        return frame[0];
    }
    return descend(depth - 1, frame) + frame[sizeof frame - 1];
}

static int deep(void *arg, aw_value *result)
{
    (void)arg;
    static const char start[DEPTH + 1];
    result->i = descend(DEPTH, start);
    return AW_OK;
}
