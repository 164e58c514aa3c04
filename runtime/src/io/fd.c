/*
 * Reading and writing any fd from a task (aw_fd_read, aw_fd_write_all): pipes, terminals,
 * eventfds, character devices. As TCP does (net/net.c uses the same two loops), a call tries
 * the system call first and waits on the fd only when it says EAGAIN, so the statuses,
 * deadlines, cancellation and trace events are those of aw__io_wait. The fd belongs to the
 * caller, who may close it with close(2) at any time no task waits on it: the interest is
 * therefore not kept between calls.
 */
#include "base/error.h"
#include "core/io_backend.h"
#include "core/loop.h"
#include "io/fd.h"
#include "io/io.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#if !defined(__wasm__)
#include <pthread.h>
#include <signal.h>
#endif

int aw__fd_read_some(int fd, fd_read_fn read_fn, void *buffer, size_t size, size_t *got,
                     int64_t deadline_ns, bool wait_first, bool keep_interest)
{
    if (wait_first) {
        int status = aw__io_wait(fd, IO_READ, deadline_ns, keep_interest);
        if (status != AW_OK)
            return status;
    }
    for (;;) {
        ssize_t n = read_fn(fd, buffer, size);
        if (n >= 0) {
            *got = (size_t)n;
            return AW_OK;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return aw__status_from_errno(errno);
        int status = aw__io_wait(fd, IO_READ, deadline_ns, keep_interest);
        if (status != AW_OK)
            return status;
    }
}

int aw__fd_write_all(int fd, fd_write_fn write_fn, const void *buffer, size_t size,
                     size_t *written, int64_t ms)
{
    int64_t deadline = -2; /* computed on the first wait only: most writes never wait */
    size_t total = 0;
    int status = AW_OK;
    while (total < size) {
        ssize_t n = write_fn(fd, (const char *)buffer + total, size - total);
        if (n >= 0) {
            total += (size_t)n;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            status = aw__status_from_errno(errno);
            break;
        }
        if (deadline == -2)
            deadline = aw__deadline_after(ms);
        /* Write interest is not kept: a stream is nearly always writable, and a
         * level-triggered poll would report it on every iteration. */
        status = aw__io_wait(fd, IO_WRITE, deadline, false);
        if (status != AW_OK)
            break;
    }
    if (written != NULL)
        *written = total;
    return status;
}

#if defined(__EMSCRIPTEN__)

/* No fds to wait on: the browser's loop waits in JavaScript. */
int(aw_fd_read)(int fd, void *buffer, size_t size, size_t *got, int64_t ms)
{
    (void)fd, (void)buffer, (void)size, (void)ms;
    if (got != NULL)
        *got = 0;
    return AW_ENOTSUP;
}

int(aw_fd_write_all)(int fd, const void *buffer, size_t size, size_t *written, int64_t ms)
{
    (void)fd, (void)buffer, (void)size, (void)ms;
    if (written != NULL)
        *written = 0;
    return AW_ENOTSUP;
}

#else

#if defined(__wasi__)

/* WASI cannot make an fd non-blocking: the fd is only checked, a read waits for readiness
 * (poll_oneoff) before its one call, and a write is made at once. */
enum { WAIT_BEFORE_READING = true };

static int prepare(int fd)
{
    return fcntl(fd, F_GETFL) < 0 ? aw__status_from_errno(errno) : AW_OK;
}

static ssize_t write_fd(int fd, const void *data, size_t size) { return write(fd, data, size); }

#else

enum { WAIT_BEFORE_READING = false };

/* O_NONBLOCK, set once on the open file description (shared with its dups). */
static int prepare(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || (!(flags & O_NONBLOCK) && fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0))
        return aw__status_from_errno(errno);
    return AW_OK;
}

/* A write to a pipe whose reader has gone raises SIGPIPE, which kills a process that does not
 * ignore it; the caller gets AW_EPIPE instead, as from aw_tcp_write_all (MSG_NOSIGNAL). The
 * signal is blocked on this thread around the write, and the one the write raised, if it was
 * not already pending, is taken before it is unblocked. */
static ssize_t write_fd(int fd, const void *data, size_t size)
{
    sigset_t sigpipe_only, previous, pending;
    sigemptyset(&sigpipe_only);
    sigaddset(&sigpipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &sigpipe_only, &previous);
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE);
    ssize_t n = write(fd, data, size);
    int error = errno;
    if (n < 0 && error == EPIPE && !was_pending) {
        sigpending(&pending);
        int taken;
        if (sigismember(&pending, SIGPIPE))
            sigwait(&sigpipe_only, &taken);
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    errno = error;
    return n;
}

#endif

/* What both calls check once their out-parameter is cleared. */
static int begin(int fd)
{
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    return fd < 0 ? AW_EINVAL : prepare(fd);
}

int(aw_fd_read)(int fd, void *buffer, size_t size, size_t *got, int64_t ms)
{
    if (got == NULL || (buffer == NULL && size > 0))
        return AW_EINVAL;
    *got = 0;
    int status = begin(fd);
    if (status != AW_OK || size == 0) /* size 0: nothing asked for, no wait */
        return status;
    return aw__fd_read_some(fd, read, buffer, size, got, aw__deadline_after(ms),
                            WAIT_BEFORE_READING, false);
}

int(aw_fd_write_all)(int fd, const void *buffer, size_t size, size_t *written, int64_t ms)
{
    if (written != NULL)
        *written = 0;
    if (buffer == NULL && size > 0)
        return AW_EINVAL;
    int status = begin(fd);
    if (status != AW_OK)
        return status;
    return aw__fd_write_all(fd, write_fd, buffer, size, written, ms);
}

#endif

int aw_fd_close(int fd)
{
    if (fd < 0)
        return AW_EINVAL;
    aw_loop *loop = aw__loop_current();
    if (loop != NULL)
        aw__io_forget(loop, fd);
    return close(fd) == 0 ? AW_OK : aw__status_from_errno(errno);
}
