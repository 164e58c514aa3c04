/* The offload pool (offload.c): worker threads for blocking calls. Nothing here is public. */
#ifndef AW_IO_OFFLOAD_H
#define AW_IO_OFFLOAD_H

#include "core/loop.h"

/* Joins the workers. */
void aw__offload_free(aw_loop *loop);
/* Completes the futures of the jobs that finished since the last call, in finishing order
 * (the wake-up's watcher calls it on the loop's thread). */
void aw__offload_collect(aw_loop *loop);
/* aw_offload for work the waiting task may give up: the wait ends at deadline_ns (loop clock;
 * -1: none) with AW_ETIMEDOUT, or at a cancellation with AW_ECANCELED, without waiting for fn.
 * `arg` must be heap memory that discard(arg) frees: on AW_OK it is the caller's again; on
 * any other status the pool owns it and discards it once fn has returned (on the loop's
 * thread), or when the loop is freed. Suspends. */
int aw__offload_abandonable(aw_offload_fn fn, void *arg, void (*discard)(void *arg),
                            int64_t deadline_ns);

#endif
