/* The loop's thread-safe wake-up (wakeup.c). Nothing here is public. */
#ifndef AW_IO_WAKEUP_H
#define AW_IO_WAKEUP_H

#include "core/loop.h"

/* Starts it for a loop whose backend watches fds (io.c's aw__io_attach); on wasm it does
 * nothing and loop->wakeup stays NULL. */
int aw__wakeup_start(aw_loop *loop);
/* From any thread: makes the loop's next (or current) backend wait return; the loop then
 * collects the offload jobs and the calls of aw_loop_call_threadsafe. */
void aw__wakeup_signal(aw_loop *loop);
void aw__wakeup_free(aw_loop *loop);
/* The fd the loop watches for its wake-up (-1 without one), and the fd to write to. */
int aw__wakeup_read_fd(const aw_loop *loop);
int aw__wakeup_write_fd(const aw_loop *loop);
/* Async-signal-safe: wakes the loop whose aw__wakeup_write_fd is write_fd (io/signal_wait.c's
 * handler, which must not look at the loop). The watcher runs as for any other wake-up. */
void aw__wakeup_poke(int write_fd);

#endif
