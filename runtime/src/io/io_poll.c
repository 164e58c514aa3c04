/*
 * The poll(2) backend: portable to every POSIX system. The interest set is an array of pollfd
 * handed to poll() whole on every wait, so a wait costs O(fds watched); epoll or kqueue scale
 * better. A slot index per fd makes watch() O(1); removal moves the last entry into the hole.
 */
#include "core/io_backend.h"
#include "io/backends.h"
#include "io/io.h"
#include "io/wakeup.h"

#if !defined(__EMSCRIPTEN__) /* WASI has poll(): wasi-libc runs it on poll_oneoff */

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

typedef struct poll_state {
    struct pollfd *fds;
    int count, capacity;
    int *slot_of;          /* fd -> index in fds + 1; 0: not watched */
    int slot_capacity;
    struct ready_fd { int fd, mask; } *ready; /* what the last poll found, capacity entries */
} poll_state;

static int poll_init(aw_loop *loop)
{
    poll_state *state = calloc(1, sizeof *state);
    if (state == NULL)
        return AW_ENOMEM;
    loop->io_state = state;
    return AW_OK;
}

static void poll_free(aw_loop *loop)
{
    poll_state *state = loop->io_state;
    if (state == NULL)
        return;
    free(state->fds);
    free(state->slot_of);
    free(state->ready);
    free(state);
    loop->io_state = NULL;
}

static short events_of(int mask)
{
    return (short)(((mask & IO_READ) ? POLLIN : 0) | ((mask & IO_WRITE) ? POLLOUT : 0));
}

static int make_room(poll_state *state, int fd)
{
    if (fd >= state->slot_capacity) {
        int capacity = state->slot_capacity ? state->slot_capacity : 64;
        while (capacity <= fd)
            capacity *= 2;
        int *slot_of = realloc(state->slot_of, (size_t)capacity * sizeof *slot_of);
        if (slot_of == NULL)
            return AW_ENOMEM;
        memset(slot_of + state->slot_capacity, 0,
               (size_t)(capacity - state->slot_capacity) * sizeof *slot_of);
        state->slot_of = slot_of;
        state->slot_capacity = capacity;
    }
    if (state->count == state->capacity) {
        int capacity = state->capacity ? state->capacity * 2 : 64;
        struct pollfd *fds = realloc(state->fds, (size_t)capacity * sizeof *fds);
        if (fds == NULL)
            return AW_ENOMEM;
        state->fds = fds;
        struct ready_fd *ready = realloc(state->ready, (size_t)capacity * sizeof *ready);
        if (ready == NULL)
            return AW_ENOMEM;
        state->ready = ready;
        state->capacity = capacity;
    }
    return AW_OK;
}

static int poll_watch(aw_loop *loop, int fd, int old_mask, int new_mask)
{
    (void)old_mask;
    poll_state *state = loop->io_state;
    int slot = fd < state->slot_capacity ? state->slot_of[fd] - 1 : -1;
    if (new_mask == 0) {
        if (slot < 0)
            return AW_OK;
        struct pollfd last = state->fds[--state->count];
        if (slot != state->count) {
            state->fds[slot] = last;
            state->slot_of[last.fd] = slot + 1;
        }
        state->slot_of[fd] = 0;
        return AW_OK;
    }
    if (slot < 0) {
        if (make_room(state, fd) != AW_OK)
            return AW_ENOMEM;
        slot = state->count++;
        state->slot_of[fd] = slot + 1;
        state->fds[slot].fd = fd;
    }
    state->fds[slot].events = events_of(new_mask);
    state->fds[slot].revents = 0;
    return AW_OK;
}

static void poll_wait(aw_loop *loop, int64_t timeout_ns)
{
    poll_state *state = loop->io_state;
    int timeout_ms = -1;
    if (timeout_ns >= 0) /* rounded up: waking before the timer is due would spin */
        timeout_ms = timeout_ns / 1000000 >= INT_MAX ? INT_MAX : (int)((timeout_ns + 999999) / 1000000);
    int found = poll(state->fds, (nfds_t)state->count, timeout_ms);
    if (found <= 0)
        return; /* timeout, or EINTR: the loop comes back */
    /* Copied first: waking a waiter may change the interest set (and so the array). */
    int ready = 0;
    for (int i = 0; i < state->count && ready < found; i++) {
        short revents = state->fds[i].revents;
        if (revents == 0)
            continue;
        int mask = 0;
        if (revents & POLLIN)
            mask |= IO_READ;
        if (revents & POLLOUT)
            mask |= IO_WRITE;
        if (revents & (POLLERR | POLLHUP | POLLNVAL))
            mask |= IO_READ | IO_WRITE;
        state->ready[ready++] = (struct ready_fd){state->fds[i].fd, mask};
    }
    for (int i = 0; i < ready; i++)
        aw__io_ready(loop, state->ready[i].fd, state->ready[i].mask);
}

/* No one fd stands for the set: a caller's poll() takes the set itself. */
static size_t poll_poll_fds(const aw_loop *loop, aw_poll_fd *fds, size_t capacity)
{
    const poll_state *state = loop->io_state;
    for (int i = 0; i < state->count && (size_t)i < capacity; i++) {
        short events = state->fds[i].events;
        fds[i] = (aw_poll_fd){.fd = state->fds[i].fd,
                              .events = ((events & POLLIN) ? AW_POLL_READ : 0) |
                                        ((events & POLLOUT) ? AW_POLL_WRITE : 0)};
    }
    return (size_t)state->count;
}

const io_backend aw__io_poll_backend = {.name = "poll", .init = poll_init, .free = poll_free,
                                        .watch = poll_watch, .wait = poll_wait,
                                        .poll_fds = poll_poll_fds};

#endif
