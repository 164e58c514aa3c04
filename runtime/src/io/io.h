/*
 * Waiting for file descriptors: the layer between the tasks and the I/O backends (one file
 * each in this folder, listed in backends.c). Nothing here is public.
 */
#ifndef AW_IO_IO_H
#define AW_IO_IO_H

#include "core/io_backend.h"
#include "core/loop.h"

/* Gives a new loop its I/O: the backend called `name` (NULL: the platform's default), the
 * thread-safe wake-up where the backend watches fds, and the free hook that undoes both.
 * Prints the name of an unknown backend and returns AW_EINVAL for it. */
int aw__io_attach(aw_loop *loop, const char *name);

/* The backend called `name` (NULL: the platform's default), or NULL if there is none
 * (backends.c). */
const io_backend *aw__io_backend_find(const char *name);

/* Called by a backend's wait() for each ready fd; mask holds IO_READ and/or IO_WRITE (an error
 * or hang-up counts as both, so that the waiter's next call sees the error). */
void aw__io_ready(aw_loop *loop, int fd, int mask);

/* Something that waits for an fd: a task's wait (io.c) or the loop's wake-up (wakeup.c). */
typedef struct io_waiter {
    void (*ready)(aw_loop *loop, struct io_waiter *waiter);
} io_waiter;

/* Waits for fd to be readable (IO_READ) or writable (IO_WRITE) until deadline_ns on the loop
 * clock (-1: none). keep_interest leaves the fd in the backend's interest set after the wait
 * (the next wait on it costs no system call); whoever passes it must call aw__io_forget before
 * closing the fd. Returns AW_OK, AW_ETIMEDOUT, AW_ECANCELED, AW_ESTATE or AW_ENOTSUP. */
int aw__io_wait(int fd, int direction, int64_t deadline_ns, bool keep_interest);
/* Drops the backend's interest in fd (call it before closing an fd waited on with
 * keep_interest). */
void aw__io_forget(aw_loop *loop, int fd);
/* Registers a permanent reader of fd (the loop's wake-up): it does not count as a waiting
 * task. */
int aw__io_add_watcher(aw_loop *loop, int fd, io_waiter *waiter);

#endif
