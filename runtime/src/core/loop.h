/*
 * The loop's record: the ready queue, the timer heap, the clock, the live tasks, and the
 * places where the layers above keep their state. The loop names no upper layer: a layer that
 * needs tearing down with the loop registers a free hook (aw__loop_on_free), which
 * aw_loop_free runs in reverse order before it frees the loop's own parts; the fields of the
 * upper layers are pointers to types the loop never looks into. Nothing here is public.
 */
#ifndef AW_CORE_LOOP_H
#define AW_CORE_LOOP_H

#include "aw.h"
#include "base/clock.h"
#include "base/compiler.h"
#include "base/list.h"
#include "base/ring.h"
#include "context/context.h"
#include "context/stack.h"
#include "core/handle.h"
#include "core/io_backend.h"
#include "core/timer.h"

enum { MAX_OBSERVERS = 4, MAX_FREE_HOOKS = 8 };

typedef void (*loop_hook)(aw_loop *loop);

struct aw_loop {
    aw_clock_kind clock;
    int64_t now;                /* ns; the virtual clock's value, or the last monotonic reading */
    int64_t clock_origin;       /* monotonic reading at loop start */
    uint64_t iteration;
    size_t iteration_left;      /* entries of the current iteration still to run */
    uint64_t stop_after;        /* aw_loop_stop: the last iteration to run; 0 for none */
    bool shutting_down;         /* between aw_loop_shutdown_begin and the end of the tasks */
    uint64_t cancelled_through; /* shutdown: tasks up to this id have been cancelled */
    value_ring ready;           /* of aw_handle pointers (rule 1) */
    timer_heap timers;
    uint64_t next_timer_id;
    uint64_t timer_sequence;
    aw_timer *free_timers;      /* recycled timer objects, linked through arg */
    aw_context scheduler;       /* the context that steps run from */
    aw_task *current;           /* running task */
    aw_task *retired;           /* finished on its own stack and handed over: see task_entry */
    bool direct_switches;       /* run to completion: tasks may hand over to each other */
    bool running_try;           /* in aw_loop_try_run_iteration: nothing may wait or yield */
    aw_handle *current_handle;  /* running entry: who wakes what */
    uint64_t next_task_id;
    uint64_t next_future_id;
    aw_list tasks;              /* aw_task, the live ones in spawn order */
    aw_list heap_futures;       /* aw_future, from aw_future_new and not yet freed */
    size_t heap_future_count;   /* their number (future.c, for aw_loop_get_stats) */
    size_t pending_callbacks;   /* done callbacks added and not yet run (future.c) */
    size_t live_tasks;
    size_t waiting_io;          /* waits only a backend's wait() can end (kept by the I/O layer) */
    stack_pool stacks;
    size_t default_stack_size;
    struct {
        aw_observer fn;
        void *userdata;
    } observers[MAX_OBSERVERS];
    int observer_count;
    loop_hook free_hooks[MAX_FREE_HOOKS]; /* aw__loop_on_free, run last to first */
    int free_hook_count;
    /* Set by a layer that must run before each task step (the Emscripten backend, which hands
     * the thread back to JavaScript between steps); NULL otherwise. */
    loop_hook before_step;

    /* The I/O backend the loop waits through (io/backends.c chooses it) and its state. */
    const io_backend *io;
    void *io_state;
    /* The layers above: each pointer belongs to the file named. */
    struct io_fd *fds;            /* io/io.c: who waits on each fd */
    int fd_capacity;
    struct offload_pool *offload; /* io/offload.c: worker threads, started on first use */
    struct loop_wakeup *wakeup;   /* io/wakeup.c: other threads' way in; NULL without one */
    struct loop_signals *signals; /* io/signal_wait.c: its signal watchers; NULL before one */
    const struct net_ops *net;    /* net/tcp.c: the TCP implementation of this loop */
    struct net_sim *net_sim;      /* net/net_sim.c: the simulated network, made on first use */
    struct chrome_trace *chrome_trace; /* observe/trace_chrome.c: the writer, if started */
    uint64_t select_rng;          /* sync/select.c: aw_select's choices among ready cases */
};

/* A loop with its clock, stacks and queues, made current on this thread; no I/O backend yet
 * (aw_loop_new, which assembles the layers, gives it one). `options` is not NULL. */
int aw__loop_create(aw_loop **loop, const aw_loop_options *options);
/* Registers `hook` to run when the loop is freed, before the loop's own parts go, in the reverse
 * order of registration. Returns AW_OK or AW_ENOMEM when MAX_FREE_HOOKS are taken. */
int aw__loop_on_free(aw_loop *loop, loop_hook hook);

/* This thread's loop. */
extern AW_THREAD_LOCAL aw_loop *aw__current_loop;

static inline aw_loop *aw__loop_current(void) { return aw__current_loop; }

/* The running task of this thread's loop, or NULL. */
static inline aw_task *aw__loop_running_task(void)
{
    aw_loop *loop = aw__current_loop;
    return loop != NULL ? loop->current : NULL;
}

/* For a task about to suspend: the next ready entry if the task can switch to it directly, a
 * task that the scheduler would resume next anyway, taken off the queue and marked running.
 * NULL when the scheduler must run the entry, or when the loop is stepped entry by entry or
 * observed (the trace and the stepping API see every step as scheduler -> task). */
aw_task *aw__loop_take_direct_successor(aw_loop *loop);

/* Reports a ready queue that cannot grow and aborts. */
_Noreturn void aw__loop_out_of_memory(void);

static inline void aw__loop_push_ready(aw_loop *loop, aw_handle *handle)
{
    /* A wake-up that cannot be queued would leave a task waiting forever. */
    if (aw__ring_push_back(&loop->ready, (aw_value){.ptr = handle}) != AW_OK)
        aw__loop_out_of_memory();
}

/* Refreshes loop->now from the clock (a no-op for the virtual clock). */
static inline void aw__loop_update_time(aw_loop *loop)
{
    if (loop->clock == AW_CLOCK_MONOTONIC)
        loop->now = aw__clock_monotonic_ns() - loop->clock_origin;
}

/* The loop-clock deadline `ms` milliseconds from now (-1: none, for ms < 0 or without a loop).
 * Inline: every socket read passes its timeout through it, mostly -1. */
static inline int64_t aw__deadline_after(int64_t ms)
{
    aw_loop *loop = aw__current_loop;
    if (ms < 0 || loop == NULL)
        return -1;
    aw__loop_update_time(loop);
    return aw__ns_after(loop->now, aw__ms_to_ns(ms));
}

/* A fresh id for the trace: futures and the objects tasks wait on share the counter. */
static inline uint64_t aw__loop_new_object_id(aw_loop *loop) { return ++loop->next_future_id; }

#endif
