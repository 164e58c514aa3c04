/*
 * An I/O backend: how the loop waits for something to happen. The loop calls wait() once per
 * iteration: with timeout 0 when entries are ready, with the time to the next timer otherwise,
 * or -1 (no limit) when only I/O can wake it. The backends themselves are one file each in
 * io/ (as Redis' ae_epoll.c / ae_select.c), which also keeps their table; wait() reports every
 * fd it finds ready to the I/O layer (io/io.h: aw__io_ready), which queues the waiters. watch()
 * changes the interest in one fd from old_mask to new_mask (IO_READ | IO_WRITE; 0 means none):
 * adding, modifying and deleting an fd are the three cases, and a backend such as kqueue can
 * turn the difference into filters. A caller's loop that drives aw (aw_loop_try_run_iteration)
 * watches what fd() or poll_fds() report in its own wait. Nothing here is public.
 */
#ifndef AW_CORE_IO_BACKEND_H
#define AW_CORE_IO_BACKEND_H

#include "aw.h"

#include <stdint.h>

enum { IO_READ = 1, IO_WRITE = 2 };

typedef struct io_backend {
    const char *name;
    int (*init)(aw_loop *loop);
    void (*free)(aw_loop *loop);
    int (*watch)(aw_loop *loop, int fd, int old_mask, int new_mask); /* NULL: no fd waits */
    void (*wait)(aw_loop *loop, int64_t timeout_ns);
    /* aw_loop_backend_fd: the one fd that is readable when a wait() would find something
     * (epoll's); NULL where there is none. */
    int (*fd)(const aw_loop *loop);
    /* aw_loop_poll_fds: the fds wait() polls, at most `capacity` of them copied; returns how
     * many there are. NULL: none. */
    size_t (*poll_fds)(const aw_loop *loop, aw_poll_fd *fds, size_t capacity);
} io_backend;

#endif
