/* The loop's clocks. The virtual clock needs no code of its own: the loop moves loop->now to
 * the next deadline instead of sleeping (loop.c). */
#include "internal.h"

#include <errno.h>
#include <time.h>

int64_t aw__clock_monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

void aw__clock_sleep_ns(int64_t ns)
{
    struct timespec wait = {.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000};
    while (nanosleep(&wait, &wait) != 0 && errno == EINTR) {
    }
}

int64_t aw__deadline_after(int64_t ms)
{
    aw_loop *loop = aw__loop_current();
    if (ms < 0 || loop == NULL)
        return -1;
    aw__loop_update_time(loop);
    return loop->now + ms * 1000000;
}

int64_t aw_loop_now(const aw_loop *loop) { return loop->now; }

int64_t aw_now_ms(void)
{
    aw_loop *loop = aw__loop_current();
    if (loop == NULL)
        return 0;
    aw__loop_update_time(loop);
    return loop->now / 1000000;
}
