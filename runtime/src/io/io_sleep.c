/* The I/O backend for loops that wait only on timers: it sleeps until the next one. */
#include "aw.h"
#include "base/clock.h"
#include "core/io_backend.h"
#include "io/backends.h"

static int sleep_init(aw_loop *loop)
{
    (void)loop;
    return AW_OK;
}

static void sleep_free(aw_loop *loop) { (void)loop; }

static void sleep_wait(aw_loop *loop, int64_t timeout_ns)
{
    (void)loop;
    if (timeout_ns > 0)
        aw__clock_sleep_ns(timeout_ns);
}

const io_backend aw__io_sleep_backend = {
    .name = "sleep", .init = sleep_init, .free = sleep_free, .wait = sleep_wait};
