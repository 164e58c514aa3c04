/* Signal waits (signal_wait.c): the loop's side. Nothing here is public. */
#ifndef AW_IO_SIGNAL_WAIT_H
#define AW_IO_SIGNAL_WAIT_H

#include "core/loop.h"

/* On the loop's thread, after a wake-up: hands the signals caught since the last call to the
 * loop's watchers, which wake their waiting tasks. */
void aw__signal_collect(aw_loop *loop);
/* Frees the watchers still open and gives up the loop's place in the handler's table; before
 * the wake-up goes (io.c's free hook). */
void aw__signal_free_all(aw_loop *loop);

#endif
