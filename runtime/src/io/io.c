/*
 * Waiting for file descriptors: the layer between the tasks and the I/O backends. The loop
 * keeps, for each fd, who waits to read, who waits to write, and the interest the backend
 * holds. A task's wait is a future, like every other wait: the backend's poll reports a ready
 * fd, aw__io_ready completes the waiter's future, and the task is queued in that same
 * iteration (the poll runs at its start). A deadline is a timer that completes the future with
 * AW_ETIMEDOUT; a cancellation cancels the future (AW_ECANCELED).
 *
 * Interest is dropped lazily when asked to (keep_interest): a connection that reads, writes
 * and reads again keeps its fd in the epoll set and pays no epoll_ctl per message. The price is
 * one spurious report when nobody waits any more; the interest is then removed.
 */
#include "base/compiler.h"
#include "core/future.h"
#include "core/io_backend.h"
#include "core/loop.h"
#include "io/backends.h"
#include "io/io.h"
#include "io/offload.h"
#include "io/signal_wait.h"
#include "io/wakeup.h"
#include "core/task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct io_fd {
    io_waiter *reader, *writer;
    int mask; /* the interest the backend holds: IO_READ | IO_WRITE */
};

/* A task waiting for one direction of one fd. */
typedef struct fd_wait {
    io_waiter base;
    aw_future future;
    int fd;
} fd_wait;

/* Makes loop->fds hold fd; the callers check fd < loop->fd_capacity first. */
static int grow_table(aw_loop *loop, int fd)
{
    int capacity = loop->fd_capacity ? loop->fd_capacity : 64;
    while (capacity <= fd)
        capacity *= 2;
    struct io_fd *fds = realloc(loop->fds, (size_t)capacity * sizeof *fds);
    if (fds == NULL)
        return AW_ENOMEM;
    memset(fds + loop->fd_capacity, 0, (size_t)(capacity - loop->fd_capacity) * sizeof *fds);
    loop->fds = fds;
    loop->fd_capacity = capacity;
    return AW_OK;
}

static int change_interest(aw_loop *loop, struct io_fd *entry, int fd, int mask)
{
    int status = loop->io->watch(loop, fd, entry->mask, mask);
    if (status == AW_OK || mask == 0)
        entry->mask = mask;
    return status;
}

/* Inline: a connection that reads again keeps its interest, and then this is one compare. */
static inline int set_interest(aw_loop *loop, int fd, int mask)
{
    struct io_fd *entry = &loop->fds[fd];
    return entry->mask == mask ? AW_OK : change_interest(loop, entry, fd, mask);
}

/* Wakes one waiter: a task's wait is taken off the fd and its future completed; a permanent
 * watcher is called. */
static void notify(aw_loop *loop, io_waiter **slot, int status)
{
    io_waiter *waiter = *slot;
    if (waiter->ready != NULL) {
        waiter->ready(loop, waiter);
        return;
    }
    *slot = NULL;
    fd_wait *wait = AW_CONTAINER_OF(waiter, fd_wait, base);
    if (wait->future.state == FUTURE_PENDING)
        aw__future_complete(&wait->future, status, (aw_value){0});
}

void aw__io_ready(aw_loop *loop, int fd, int mask)
{
    if (fd < 0 || fd >= loop->fd_capacity)
        return;
    int unwanted = 0;
    if (mask & IO_READ) {
        if (loop->fds[fd].reader != NULL)
            notify(loop, &loop->fds[fd].reader, AW_OK);
        else
            unwanted |= IO_READ;
    }
    if (mask & IO_WRITE) {
        if (loop->fds[fd].writer != NULL)
            notify(loop, &loop->fds[fd].writer, AW_OK);
        else
            unwanted |= IO_WRITE;
    }
    /* Nobody waits for what was reported: stop polling for it (lazy removal). */
    if (loop->fds[fd].mask & unwanted)
        set_interest(loop, fd, loop->fds[fd].mask & ~unwanted);
}

int aw__io_wait(int fd, int direction, int64_t deadline_ns, bool keep_interest)
{
    aw_task *task = aw__loop_running_task();
    if (task == NULL)
        return AW_ESTATE;
    if (fd < 0)
        return AW_EINVAL;
    aw_loop *loop = task->loop;
    if (loop->io->watch == NULL)
        return AW_ENOTSUP;
    if (fd >= loop->fd_capacity && grow_table(loop, fd) != AW_OK)
        return AW_ENOMEM;
    struct io_fd *entry = &loop->fds[fd];
    io_waiter **slot = direction == IO_READ ? &entry->reader : &entry->writer;
    if (*slot != NULL)
        return AW_ESTATE;
    int status = set_interest(loop, fd, entry->mask | direction);
    if (status != AW_OK)
        return status;
    /* Field by field: zeroing the whole record, future included, would cost more than the
     * rest of this function's bookkeeping, once per message. */
    fd_wait wait;
    wait.base.ready = NULL;
    wait.fd = fd;
    aw__future_init(&wait.future, loop, FUTURE_PLAIN);
    *slot = &wait.base;
    loop->waiting_io++;
    task->wait_direction = direction == IO_READ ? AW_IO_READ : AW_IO_WRITE;
    status = aw__future_wait_until(&wait.future, deadline_ns, AW_ETIMEDOUT, AW_WAIT_IO,
                                   (uint64_t)fd, NULL);
    loop->waiting_io--;
    entry = &loop->fds[fd]; /* the table may have grown meanwhile */
    slot = direction == IO_READ ? &entry->reader : &entry->writer;
    if (*slot == &wait.base) /* timed out, cancelled or no memory for the timer: still there */
        *slot = NULL;
    if (!keep_interest && *slot == NULL)
        set_interest(loop, fd, entry->mask & ~direction);
    return status;
}

void aw__io_forget(aw_loop *loop, int fd)
{
    if (fd < 0 || fd >= loop->fd_capacity)
        return;
    struct io_fd *entry = &loop->fds[fd];
    /* Waiting tasks learn that the fd is gone; a permanent watcher is simply dropped. */
    if (entry->reader != NULL && entry->reader->ready != NULL)
        entry->reader = NULL;
    if (entry->reader != NULL)
        notify(loop, &entry->reader, AW_ECLOSED);
    if (entry->writer != NULL)
        notify(loop, &entry->writer, AW_ECLOSED);
    set_interest(loop, fd, 0);
}

int aw__io_add_watcher(aw_loop *loop, int fd, io_waiter *waiter)
{
    if (loop->io->watch == NULL)
        return AW_ENOTSUP;
    if (fd >= loop->fd_capacity && grow_table(loop, fd) != AW_OK)
        return AW_ENOMEM;
    int status = set_interest(loop, fd, loop->fds[fd].mask | IO_READ);
    if (status == AW_OK)
        loop->fds[fd].reader = waiter;
    return status;
}

/* The I/O layer's free hook: undoes aw__io_attach, and whatever the loop started since. */
static void io_free(aw_loop *loop)
{
    aw__offload_free(loop); /* first: its workers may still signal the wake-up */
    aw__signal_free_all(loop); /* and so may the signal handler */
    aw__wakeup_free(loop);
    free(loop->fds);
    loop->fds = NULL;
    loop->fd_capacity = 0;
    if (loop->io != NULL)
        loop->io->free(loop);
}

int aw__io_attach(aw_loop *loop, const char *name)
{
    const io_backend *backend = aw__io_backend_find(name);
    if (backend == NULL) {
        fprintf(stderr, "aw: unknown I/O backend \"%s\"\n", name);
        return AW_EINVAL;
    }
    int status = aw__loop_on_free(loop, io_free);
    if (status != AW_OK || (status = backend->init(loop)) != AW_OK)
        return status; /* a backend's init undoes its own part when it fails */
    loop->io = backend;
    /* With fds to watch, other threads can wake the loop from the moment it exists: a wake-up
     * created later could not reach a loop already blocked in its wait. */
    return backend->watch != NULL ? aw__wakeup_start(loop) : AW_OK;
}

static int wait_public(int fd, int direction, int64_t ms)
{
    return aw__io_wait(fd, direction, aw__deadline_after(ms), false);
}

int(aw_wait_readable)(int fd, int64_t ms) { return wait_public(fd, IO_READ, ms); }
int(aw_wait_writable)(int fd, int64_t ms) { return wait_public(fd, IO_WRITE, ms); }

const char *aw_loop_io_backend(const aw_loop *loop) { return loop->io->name; }

int aw_loop_backend_fd(const aw_loop *loop)
{
    if (loop == NULL)
        return AW_EINVAL;
    return loop->io->fd != NULL ? loop->io->fd(loop) : AW_ENOTSUP;
}

size_t aw_loop_poll_fds(const aw_loop *loop, aw_poll_fd *fds, size_t capacity)
{
    if (loop == NULL || loop->io->poll_fds == NULL)
        return 0;
    return loop->io->poll_fds(loop, fds, fds != NULL ? capacity : 0);
}
