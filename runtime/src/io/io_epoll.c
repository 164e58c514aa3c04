/*
 * The epoll backend (Linux): the interest set lives in the kernel, so a wait costs O(fds
 * ready), not O(fds watched). Level-triggered, as poll: a fd stays reported while it is ready,
 * which is what the lazy interest removal of io.c relies on.
 */
#include "base/error.h"
#include "core/io_backend.h"
#include "io/backends.h"
#include "io/io.h"
#include "io/wakeup.h"

#if defined(__linux__)

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

enum { MAX_EVENTS = 256 }; /* per wait; the rest stay ready for the next one */

typedef struct epoll_state {
    int epfd;
    struct epoll_event events[MAX_EVENTS];
} epoll_state;

static int epoll_init(aw_loop *loop)
{
    epoll_state *state = malloc(sizeof *state);
    if (state == NULL)
        return AW_ENOMEM;
    state->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (state->epfd < 0) {
        int status = aw__status_from_errno(errno);
        free(state);
        return status;
    }
    loop->io_state = state;
    return AW_OK;
}

static void epoll_free(aw_loop *loop)
{
    epoll_state *state = loop->io_state;
    if (state == NULL)
        return;
    close(state->epfd);
    free(state);
    loop->io_state = NULL;
}

static int epoll_watch(aw_loop *loop, int fd, int old_mask, int new_mask)
{
    epoll_state *state = loop->io_state;
    struct epoll_event event = {.events = ((new_mask & IO_READ) ? EPOLLIN : 0u) |
                                          ((new_mask & IO_WRITE) ? EPOLLOUT : 0u),
                                .data.fd = fd};
    if (new_mask == 0) { /* gone already if the fd was closed: nothing to report */
        epoll_ctl(state->epfd, EPOLL_CTL_DEL, fd, &event);
        return AW_OK;
    }
    int op = old_mask == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    if (epoll_ctl(state->epfd, op, fd, &event) == 0)
        return AW_OK;
    /* The set and the table disagree when a watched fd was closed and its number reused. */
    if (errno == EEXIST && epoll_ctl(state->epfd, EPOLL_CTL_MOD, fd, &event) == 0)
        return AW_OK;
    if (errno == ENOENT && epoll_ctl(state->epfd, EPOLL_CTL_ADD, fd, &event) == 0)
        return AW_OK;
    return aw__status_from_errno(errno); /* EPERM: a regular file, AW_ENOTSUP */
}

static void epoll_wait_events(aw_loop *loop, int64_t timeout_ns)
{
    epoll_state *state = loop->io_state;
    int timeout_ms = -1;
    if (timeout_ns >= 0) /* rounded up: waking before the timer is due would spin */
        timeout_ms = timeout_ns / 1000000 >= INT_MAX ? INT_MAX : (int)((timeout_ns + 999999) / 1000000);
    int found = epoll_wait(state->epfd, state->events, MAX_EVENTS, timeout_ms);
    for (int i = 0; i < found; i++) {
        uint32_t events = state->events[i].events;
        int mask = 0;
        if (events & (EPOLLIN | EPOLLPRI))
            mask |= IO_READ;
        if (events & EPOLLOUT)
            mask |= IO_WRITE;
        if (events & (EPOLLERR | EPOLLHUP))
            mask |= IO_READ | IO_WRITE;
        aw__io_ready(loop, state->events[i].data.fd, mask);
    }
}

/* The epoll fd is readable while any fd of its set is ready: a caller's loop watches it alone. */
static int epoll_fd(const aw_loop *loop) { return ((const epoll_state *)loop->io_state)->epfd; }

static size_t epoll_poll_fds(const aw_loop *loop, aw_poll_fd *fds, size_t capacity)
{
    if (capacity > 0)
        fds[0] = (aw_poll_fd){.fd = epoll_fd(loop), .events = AW_POLL_READ};
    return 1;
}

const io_backend aw__io_epoll_backend = {.name = "epoll", .init = epoll_init, .free = epoll_free,
                                         .watch = epoll_watch, .wait = epoll_wait_events,
                                         .fd = epoll_fd, .poll_fds = epoll_poll_fds};

#endif
