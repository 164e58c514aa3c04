/* The monotonic clock and the arithmetic of times in nanoseconds. Nothing here is public. */
#ifndef AW_BASE_CLOCK_H
#define AW_BASE_CLOCK_H

#include <stdint.h>

int64_t aw__clock_monotonic_ns(void);
/* Blocks the thread for ns nanoseconds. */
void aw__clock_sleep_ns(int64_t ns);

/* Milliseconds as nanoseconds, saturating at INT64_MAX (and INT64_MIN): a timeout of
 * INT64_MAX ms means "practically forever" (292 years) instead of a signed overflow. */
static inline int64_t aw__ms_to_ns(int64_t ms)
{
    if (ms > INT64_MAX / 1000000)
        return INT64_MAX;
    if (ms < INT64_MIN / 1000000)
        return INT64_MIN;
    return ms * 1000000;
}

/* The time `delay_ns` >= 0 after `now` >= 0, saturating at INT64_MAX. */
static inline int64_t aw__ns_after(int64_t now, int64_t delay_ns)
{
    return delay_ns > INT64_MAX - now ? INT64_MAX : now + delay_ns;
}

#endif
