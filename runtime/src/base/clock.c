/* The thread's monotonic clock and sleeping on it. */
#include "base/clock.h"

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
