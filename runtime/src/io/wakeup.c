/*
 * The loop's wake-up: the one thread-safe way into a loop. An eventfd (a non-blocking pipe
 * elsewhere) that the loop watches permanently; another thread writes to it, the backend's
 * wait returns, and the watcher does what the other threads asked for: it collects the
 * offload pool's finished jobs (offload.c), hands the signals caught since to the loop's
 * signal watchers (signal_wait.c, whose handler writes to it too) and queues the calls of
 * aw_loop_call_threadsafe, each as one ready entry (asyncio's call_soon_threadsafe), in the
 * order they were made.
 *
 * The I/O layer starts it with the loop when the backend watches fds (io.c's aw__io_attach),
 * so that any thread may call in from the moment the loop exists. A write is skipped while one is pending and not yet read, which keeps
 * a burst of calls to one system call.
 */
#include "base/compiler.h"
#include "base/error.h"
#include "base/list.h"
#include "core/loop.h"
#include "core/timer.h"
#include "io/io.h"
#include "io/offload.h"
#include "io/signal_wait.h"
#include "io/wakeup.h"

#if defined(__wasm__)

/* No threads: nothing to wake a loop from. */
int aw__wakeup_start(aw_loop *loop) { (void)loop; return AW_OK; }
void aw__wakeup_signal(aw_loop *loop) { (void)loop; }
void aw__wakeup_free(aw_loop *loop) { (void)loop; }
int aw__wakeup_read_fd(const aw_loop *loop) { (void)loop; return -1; }
int aw__wakeup_write_fd(const aw_loop *loop) { (void)loop; return -1; }
void aw__wakeup_poke(int write_fd) { (void)write_fd; }

int aw_loop_call_threadsafe(aw_loop *loop, void (*fn)(void *arg), void *arg)
{
    (void)fn, (void)arg;
    return loop != NULL ? AW_ENOTSUP : AW_EINVAL;
}
int aw_loop_hold(aw_loop *loop) { return loop != NULL ? AW_ENOTSUP : AW_EINVAL; }
int aw_loop_unhold(aw_loop *loop) { return loop != NULL ? AW_ESTATE : AW_EINVAL; }

#else

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/eventfd.h>
#endif

/* One aw_loop_call_threadsafe call. */
typedef struct thread_call {
    aw_list_node node;        /* in `posted`, then in `due` */
    void (*fn)(void *arg);
    void *arg;
} thread_call;

struct loop_wakeup {
    io_waiter watcher;
    aw_loop *loop;
    int read_fd, write_fd;    /* the same eventfd twice on Linux */
    pthread_mutex_t lock;     /* guards `signalled` and `posted` */
    bool signalled;           /* written and not yet read */
    aw_list posted;           /* thread_call: by other threads, not yet seen by the loop */
    aw_list due;              /* thread_call, the loop's: each has a ready entry queued */
    int holds;                /* aw_loop_hold minus aw_loop_unhold; the loop's thread only */
};

static thread_call *pop_call(aw_list *list)
{
    return AW_LIST_ENTRY(aw__list_pop_front(list), thread_call, node);
}

static void free_calls(aw_list *list)
{
    thread_call *call;
    while ((call = pop_call(list)) != NULL)
        free(call);
}

/* A due call's ready entry: entries run in the order they were queued, which is the order of
 * the due list, so each takes the first. */
static void run_due_call(void *arg)
{
    struct loop_wakeup *wakeup = arg;
    thread_call *call = pop_call(&wakeup->due);
    call->fn(call->arg);
    free(call);
}

/* On the loop's thread: queue the call's ready entry. */
static void make_due(struct loop_wakeup *wakeup, thread_call *call)
{
    if (aw__timer_soon(wakeup->loop, run_due_call, wakeup) == NULL) {
        call->fn(call->arg); /* out of memory for an entry: run it now rather than lose it */
        free(call);
        return;
    }
    aw__list_push_back(&wakeup->due, &call->node);
}

static void on_wake(aw_loop *loop, io_waiter *watcher)
{
    struct loop_wakeup *wakeup = AW_CONTAINER_OF(watcher, struct loop_wakeup, watcher);
    char drain[64];
    while (read(wakeup->read_fd, drain, sizeof drain) > 0) {
    }
    /* Cleared before looking at what was asked for: a request made from here on writes
     * again, so none is left behind until some later wake-up. */
    pthread_mutex_lock(&wakeup->lock);
    wakeup->signalled = false;
    aw_list posted = wakeup->posted;
    aw__list_init(&wakeup->posted);
    pthread_mutex_unlock(&wakeup->lock);
    aw__offload_collect(loop);
    aw__signal_collect(loop);
    thread_call *call;
    while ((call = pop_call(&posted)) != NULL)
        make_due(wakeup, call);
}

#if !defined(__linux__)
static int set_nonblocking_cloexec(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}
#endif

static void close_fds(const struct loop_wakeup *wakeup)
{
    close(wakeup->read_fd);
    if (wakeup->write_fd != wakeup->read_fd)
        close(wakeup->write_fd);
}

int aw__wakeup_start(aw_loop *loop)
{
    struct loop_wakeup *wakeup = malloc(sizeof *wakeup);
    if (wakeup == NULL)
        return AW_ENOMEM;
    *wakeup = (struct loop_wakeup){.watcher = {.ready = on_wake}, .loop = loop};
#if defined(__linux__)
    wakeup->read_fd = wakeup->write_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wakeup->read_fd < 0) {
        int status = aw__status_from_errno(errno);
        free(wakeup);
        return status;
    }
#else
    int fds[2];
    if (pipe(fds) != 0) {
        int status = aw__status_from_errno(errno);
        free(wakeup);
        return status;
    }
    set_nonblocking_cloexec(fds[0]);
    set_nonblocking_cloexec(fds[1]);
    wakeup->read_fd = fds[0];
    wakeup->write_fd = fds[1];
#endif
    int status = aw__io_add_watcher(loop, wakeup->read_fd, &wakeup->watcher);
    if (status != AW_OK) {
        close_fds(wakeup);
        free(wakeup);
        return status;
    }
    pthread_mutex_init(&wakeup->lock, NULL);
    loop->wakeup = wakeup;
    return AW_OK;
}

void aw__wakeup_poke(int write_fd)
{
#if defined(__linux__)
    uint64_t one = 1;
    (void)!write(write_fd, &one, sizeof one);
#else
    (void)!write(write_fd, "", 1); /* a full pipe is readable already: nothing is lost */
#endif
}

int aw__wakeup_read_fd(const aw_loop *loop)
{
    return loop->wakeup != NULL ? loop->wakeup->read_fd : -1;
}

int aw__wakeup_write_fd(const aw_loop *loop)
{
    return loop->wakeup != NULL ? loop->wakeup->write_fd : -1;
}

/* Called with wakeup->lock held. */
static void signal_locked(struct loop_wakeup *wakeup)
{
    if (wakeup->signalled)
        return;
    wakeup->signalled = true;
    aw__wakeup_poke(wakeup->write_fd);
}

void aw__wakeup_signal(aw_loop *loop)
{
    struct loop_wakeup *wakeup = loop->wakeup;
    pthread_mutex_lock(&wakeup->lock);
    signal_locked(wakeup);
    pthread_mutex_unlock(&wakeup->lock);
}

void aw__wakeup_free(aw_loop *loop)
{
    struct loop_wakeup *wakeup = loop->wakeup;
    if (wakeup == NULL)
        return;
    aw__io_forget(loop, wakeup->read_fd);
    close_fds(wakeup);
    /* Calls not run yet are dropped; the ready entries of the due ones die with the loop. */
    free_calls(&wakeup->posted);
    free_calls(&wakeup->due);
    pthread_mutex_destroy(&wakeup->lock);
    free(wakeup);
    loop->wakeup = NULL;
}

int aw_loop_call_threadsafe(aw_loop *loop, void (*fn)(void *arg), void *arg)
{
    if (loop == NULL || fn == NULL)
        return AW_EINVAL;
    struct loop_wakeup *wakeup = loop->wakeup;
    if (wakeup == NULL)
        return AW_ENOTSUP;
    thread_call *call = malloc(sizeof *call);
    if (call == NULL)
        return AW_ENOMEM;
    *call = (thread_call){.fn = fn, .arg = arg};
    if (aw__current_loop == loop) { /* the loop's own thread: straight to the ready queue */
        make_due(wakeup, call);
        return AW_OK;
    }
    pthread_mutex_lock(&wakeup->lock);
    aw__list_push_back(&wakeup->posted, &call->node);
    signal_locked(wakeup);
    pthread_mutex_unlock(&wakeup->lock);
    return AW_OK;
}

int aw_loop_hold(aw_loop *loop)
{
    if (loop == NULL)
        return AW_EINVAL;
    if (loop->wakeup == NULL)
        return AW_ENOTSUP;
    loop->wakeup->holds++;
    loop->waiting_io++; /* what keeps the loop waiting in its backend instead of finishing */
    return AW_OK;
}

int aw_loop_unhold(aw_loop *loop)
{
    if (loop == NULL)
        return AW_EINVAL;
    if (loop->wakeup == NULL || loop->wakeup->holds == 0)
        return AW_ESTATE;
    loop->wakeup->holds--;
    loop->waiting_io--;
    return AW_OK;
}

#endif
