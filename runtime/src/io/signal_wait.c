/*
 * Signal waits (aw_signal_new, aw_signal_wait): a task waits for POSIX signals as for any other
 * event, through the loop's wake-up (wakeup.c), as libuv's uv_signal does through its pipe.
 *
 * The first watcher of a signal in the process installs one handler for it, and the last one
 * puts back what was there before. The handler is async-signal-safe: for each loop that
 * watches the signal it bumps that loop's count of it (an atomic) and writes to the loop's
 * wake-up fd. The loop's wake-up watcher then hands the counts to the loop's watchers of that
 * signal (aw__signal_collect), each of which keeps its own count and wakes its waiting tasks
 * in FIFO order, one per signal. A signal that arrives while nobody waits is thus kept by
 * every watcher of it, until a wait takes it.
 *
 * The handler finds the loops through a fixed table of slots, which a loop takes with its
 * first watcher and gives back when it is freed. A slot is emptied before the loop's memory
 * and wake-up go, and the emptying waits until no handler is inside that slot: a handler never
 * sees a loop half freed, nor writes to an fd number that has been reused.
 */
#include "base/compiler.h"
#include "base/list.h"
#include "core/future.h"
#include "core/loop.h"
#include "core/task.h"
#include "io/signal_wait.h"
#include "io/wakeup.h"

#if defined(__wasm__)

/* No signals. */
int aw_signal_new(aw_signal **watcher, const int *signals, size_t count)
{
    (void)signals, (void)count;
    return watcher != NULL ? AW_ENOTSUP : AW_EINVAL;
}
int(aw_signal_wait)(aw_signal *watcher, int *signal_number, int64_t ms)
{
    (void)signal_number, (void)ms;
    return watcher != NULL ? AW_ENOTSUP : AW_EINVAL;
}
void aw_signal_free(aw_signal *watcher) { (void)watcher; }
void aw__signal_collect(aw_loop *loop) { (void)loop; }
void aw__signal_free_all(aw_loop *loop) { (void)loop; }

#else

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SIGNAL_LOOPS = 64 }; /* loops with signal watchers at one time, in the process */

/* A loop's part: what the handler writes, and its watchers. */
typedef struct loop_signals {
    aw_loop *loop;
    int slot;                     /* in `slots` */
    int wake_fd;                  /* the loop's wake-up, written by the handler */
    atomic_int watched[NSIG];     /* this loop's watchers of each signal */
    atomic_uint caught[NSIG];     /* by the handler since the last collect */
    aw_list watchers;             /* aw_signal */
} loop_signals;

struct aw_signal {
    aw_list_node node;            /* in the loop's watchers */
    loop_signals *owner;
    bool listed[NSIG];
    uint64_t pending[NSIG];       /* caught and not yet taken by a wait */
    uint64_t pending_total;
    uint64_t woken;               /* waiters woken that have not taken theirs yet */
    aw_list waiters;              /* signal_waiter, FIFO */
};

/* A task in aw_signal_wait, on its own stack. */
typedef struct signal_waiter {
    aw_list_node node;            /* in the watcher's waiters until the wait ends */
    aw_future future;
    aw_signal *watcher;           /* NULL once the watcher is freed */
    bool woken;                   /* a signal is kept for it */
} signal_waiter;

/* The handler's table: read lock-free by handlers; changed under install_lock. */
static _Atomic(loop_signals *) slots[MAX_SIGNAL_LOOPS];
static atomic_int handlers_in_slot[MAX_SIGNAL_LOOPS];
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;
static int catchers[NSIG];                /* watchers of each signal in the process */
static struct sigaction previous_action[NSIG];

static void on_signal(int signal_number)
{
    int saved_errno = errno;
    for (int i = 0; i < MAX_SIGNAL_LOOPS; i++) {
        atomic_fetch_add(&handlers_in_slot[i], 1);
        loop_signals *signals = atomic_load(&slots[i]);
        if (signals != NULL && atomic_load(&signals->watched[signal_number]) > 0) {
            atomic_fetch_add(&signals->caught[signal_number], 1);
            aw__wakeup_poke(signals->wake_fd);
        }
        atomic_fetch_sub(&handlers_in_slot[i], 1);
    }
    errno = saved_errno;
}

/* Signals a task can wait for: not those that cannot be caught, nor the faults that aw's
 * stack overflow report takes or that would repeat forever after a handler returns. */
static bool can_watch(int signal_number)
{
    return signal_number > 0 && signal_number < NSIG && signal_number != SIGKILL &&
           signal_number != SIGSTOP && signal_number != SIGSEGV && signal_number != SIGBUS &&
           signal_number != SIGILL && signal_number != SIGFPE;
}

static int catch_signal(int signal_number)
{
    int status = AW_OK;
    pthread_mutex_lock(&install_lock);
    if (catchers[signal_number] == 0) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_signal;
        action.sa_flags = SA_RESTART;
        sigemptyset(&action.sa_mask);
        if (sigaction(signal_number, &action, &previous_action[signal_number]) != 0)
            status = AW_EINVAL;
    }
    if (status == AW_OK)
        catchers[signal_number]++;
    pthread_mutex_unlock(&install_lock);
    return status;
}

static void release_signal(int signal_number)
{
    pthread_mutex_lock(&install_lock);
    if (--catchers[signal_number] == 0)
        sigaction(signal_number, &previous_action[signal_number], NULL);
    pthread_mutex_unlock(&install_lock);
}

/* The loop's part, made with its first watcher: AW_ENOMEM without memory or a free slot. */
static int attach(aw_loop *loop)
{
    if (loop->signals != NULL)
        return AW_OK;
    loop_signals *signals = calloc(1, sizeof *signals);
    if (signals == NULL)
        return AW_ENOMEM;
    signals->loop = loop;
    signals->wake_fd = aw__wakeup_write_fd(loop);
    aw__list_init(&signals->watchers);
    pthread_mutex_lock(&install_lock);
    int slot = 0;
    while (slot < MAX_SIGNAL_LOOPS && atomic_load(&slots[slot]) != NULL)
        slot++;
    if (slot < MAX_SIGNAL_LOOPS) {
        signals->slot = slot;
        atomic_store(&slots[slot], signals);
    }
    pthread_mutex_unlock(&install_lock);
    if (slot == MAX_SIGNAL_LOOPS) {
        free(signals);
        return AW_ENOMEM;
    }
    loop->signals = signals;
    return AW_OK;
}

static void wake_waiters(aw_signal *watcher)
{
    AW_LIST_FOR_EACH(node, &watcher->waiters) {
        if (watcher->pending_total <= watcher->woken)
            return;
        signal_waiter *waiter = AW_LIST_ENTRY(node, signal_waiter, node);
        if (waiter->woken)
            continue;
        waiter->woken = true;
        watcher->woken++;
        aw__future_complete(&waiter->future, AW_OK, (aw_value){0});
    }
}

void aw__signal_collect(aw_loop *loop)
{
    loop_signals *signals = loop->signals;
    if (signals == NULL)
        return;
    for (int number = 1; number < NSIG; number++) {
        if (atomic_load(&signals->watched[number]) == 0)
            continue;
        unsigned count = atomic_exchange(&signals->caught[number], 0);
        if (count == 0)
            continue;
        AW_LIST_FOR_EACH(node, &signals->watchers) {
            aw_signal *watcher = AW_LIST_ENTRY(node, aw_signal, node);
            if (!watcher->listed[number])
                continue;
            watcher->pending[number] += count;
            watcher->pending_total += count;
            wake_waiters(watcher);
        }
    }
}

static void unwatch(aw_signal *watcher, int signal_number)
{
    loop_signals *signals = watcher->owner;
    if (atomic_fetch_sub(&signals->watched[signal_number], 1) == 1)
        atomic_store(&signals->caught[signal_number], 0); /* for nobody now */
    release_signal(signal_number);
}

int aw_signal_new(aw_signal **out, const int *signals, size_t count)
{
    if (out == NULL || signals == NULL || count == 0)
        return AW_EINVAL;
    for (size_t i = 0; i < count; i++)
        if (!can_watch(signals[i]))
            return AW_EINVAL;
    aw_loop *loop = aw__loop_current();
    if (loop == NULL)
        return AW_ESTATE;
    if (aw__wakeup_write_fd(loop) < 0)
        return AW_ENOTSUP; /* the "sleep" backend: nothing would wake the loop */
    int status = attach(loop);
    if (status != AW_OK)
        return status;
    aw_signal *watcher = calloc(1, sizeof *watcher);
    if (watcher == NULL)
        return AW_ENOMEM;
    /* Signals caught so far belong to the watchers that existed when they came. */
    aw__signal_collect(loop);
    watcher->owner = loop->signals;
    aw__list_init(&watcher->waiters);
    for (size_t i = 0; i < count; i++) {
        int number = signals[i];
        if (watcher->listed[number])
            continue;
        if ((status = catch_signal(number)) != AW_OK)
            break;
        watcher->listed[number] = true;
        atomic_fetch_add(&loop->signals->watched[number], 1);
    }
    if (status != AW_OK) {
        for (int number = 1; number < NSIG; number++)
            if (watcher->listed[number])
                unwatch(watcher, number);
        free(watcher);
        return status;
    }
    aw__list_push_back(&loop->signals->watchers, &watcher->node);
    *out = watcher;
    return AW_OK;
}

/* Takes the lowest-numbered pending signal; the caller checked there is one. */
static int take(aw_signal *watcher)
{
    int number = 1;
    while (watcher->pending[number] == 0)
        number++;
    watcher->pending[number]--;
    watcher->pending_total--;
    return number;
}

int(aw_signal_wait)(aw_signal *watcher, int *signal_number, int64_t ms)
{
    if (watcher == NULL)
        return AW_EINVAL;
    aw_task *task = aw__loop_running_task();
    if (task == NULL)
        return AW_ESTATE;
    aw_loop *loop = task->loop;
    if (watcher->owner->loop != loop)
        return AW_EINVAL;
    aw__signal_collect(loop); /* a signal the task raised itself counts at once */
    /* Pending signals beyond those kept for woken waiters are free to take; no waiter can be
     * waiting for them then (collecting wakes as many as there are signals). */
    if (watcher->pending_total > watcher->woken) {
        int number = take(watcher);
        if (signal_number != NULL)
            *signal_number = number;
        return AW_OK;
    }
    signal_waiter waiter = {.watcher = watcher};
    aw__future_init(&waiter.future, loop, FUTURE_PLAIN);
    aw__list_push_back(&watcher->waiters, &waiter.node);
    loop->waiting_io++; /* only a signal can end it: the loop waits in its backend for one */
    task->wait_direction = AW_IO_READ;
    int status = aw__future_wait_until(&waiter.future, aw__deadline_after(ms), AW_ETIMEDOUT,
                                       AW_WAIT_IO, (uint64_t)aw__wakeup_read_fd(loop), NULL);
    loop->waiting_io--;
    if (waiter.watcher == NULL) /* freed meanwhile */
        return AW_ECLOSED;
    aw__list_remove(&watcher->waiters, &waiter.node);
    if (waiter.woken)
        watcher->woken--;
    if (status == AW_OK) {
        int number = take(watcher);
        if (signal_number != NULL)
            *signal_number = number;
    } else {
        wake_waiters(watcher); /* a signal kept for this waiter goes to the next one */
    }
    return status;
}

/* Frees a watcher; waiting tasks (if they are still alive) learn it with AW_ECLOSED. */
static void free_watcher(aw_signal *watcher, bool tell_waiters)
{
    aw_list_node *node;
    while (tell_waiters && (node = aw__list_pop_front(&watcher->waiters)) != NULL) {
        signal_waiter *waiter = AW_LIST_ENTRY(node, signal_waiter, node);
        waiter->watcher = NULL;
        if (!waiter->woken)
            aw__future_complete(&waiter->future, AW_ECLOSED, (aw_value){0});
    }
    for (int number = 1; number < NSIG; number++)
        if (watcher->listed[number])
            unwatch(watcher, number);
    aw__list_remove(&watcher->owner->watchers, &watcher->node);
    free(watcher);
}

void aw_signal_free(aw_signal *watcher)
{
    if (watcher == NULL)
        return;
    aw__signal_collect(watcher->owner->loop); /* what came so far goes to the other watchers */
    free_watcher(watcher, true);
}

void aw__signal_free_all(aw_loop *loop)
{
    loop_signals *signals = loop->signals;
    if (signals == NULL)
        return;
    aw_list_node *node;
    while ((node = signals->watchers.first) != NULL) /* their tasks are gone with the loop */
        free_watcher(AW_LIST_ENTRY(node, aw_signal, node), false);
    pthread_mutex_lock(&install_lock);
    atomic_store(&slots[signals->slot], NULL);
    pthread_mutex_unlock(&install_lock);
    while (atomic_load(&handlers_in_slot[signals->slot]) != 0) {
        /* a handler on another thread is inside the slot: it is a few instructions */
    }
    free(signals);
    loop->signals = NULL;
}

#endif
