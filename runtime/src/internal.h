/* Structures shared by the runtime's files. Nothing here is public. */
#ifndef AW_INTERNAL_H
#define AW_INTERNAL_H

#include "aw.h"
#include "context.h"
#include "stack.h"

#include <stddef.h>
#include <stdint.h>

#if defined(__wasm__)
#define AW_THREAD_LOCAL /* single-threaded target */
#else
/* initial-exec: a thread-local read is one load from the thread pointer, also in libaw.so
 * (the default model for shared code calls __tls_get_addr on every access). The runtime's
 * few bytes fit the static TLS space glibc keeps even for libraries loaded with dlopen. */
#define AW_THREAD_LOCAL _Thread_local __attribute__((tls_model("initial-exec")))
#endif

#define AW_CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

/* One entry of the ready queue: a task step, a due timer, or a future's done callback. */
typedef enum handle_kind { HANDLE_TASK, HANDLE_TIMER, HANDLE_CALLBACK } handle_kind;

typedef struct aw_handle {
    uint8_t kind;
    bool cancelled; /* skipped when popped (a timer cancelled after it became due) */
} aw_handle;

/* A FIFO ring of values that grows by doubling: the ready queue (of handles), a queue's items,
 * a channel's buffer. It only grows, so a loop that has reached its working size never
 * allocates to schedule. */
typedef struct value_ring {
    aw_value *values;
    size_t capacity; /* a power of two, or 0 */
    size_t head;
    size_t count;
} value_ring;

/* Doubles the capacity (ring.c); kept out of line so that a push, inlined on the scheduling
 * path, saves no registers for the rare growth. Returns AW_OK or AW_ENOMEM. */
int aw__ring_grow(value_ring *ring);
int aw__ring_push_front(value_ring *ring, aw_value value);
void aw__ring_free(value_ring *ring);

/* Push and pop run several times per task step: inline, as is everything on that path. */
static inline int aw__ring_push_back(value_ring *ring, aw_value value)
{
    if (ring->count == ring->capacity && aw__ring_grow(ring) != AW_OK)
        return AW_ENOMEM;
    ring->values[(ring->head + ring->count) & (ring->capacity - 1)] = value;
    ring->count++;
    return AW_OK;
}

/* The oldest value; the ring must not be empty. */
static inline aw_value aw__ring_pop_front(value_ring *ring)
{
    aw_value value = ring->values[ring->head];
    ring->head = (ring->head + 1) & (ring->capacity - 1);
    ring->count--;
    return value;
}

/* A timer runs callback(arg) from the ready queue once the clock reaches its deadline. */
typedef void (*timer_callback)(void *arg);

typedef struct aw_timer {
    aw_handle handle;
    uint64_t id;
    int64_t deadline;
    uint64_t sequence;   /* ties on deadline go to the older timer */
    size_t heap_index;   /* position in the heap while armed, SIZE_MAX otherwise */
    timer_callback callback;
    void *arg;
} aw_timer;

/* Binary min-heap of armed timers ordered by (deadline, sequence). */
typedef struct timer_heap {
    aw_timer **timers;
    size_t count;
    size_t capacity;
} timer_heap;

int aw__timer_heap_push(timer_heap *heap, aw_timer *timer);
static inline aw_timer *aw__timer_heap_top(const timer_heap *heap)
{
    return heap->count ? heap->timers[0] : NULL;
}
aw_timer *aw__timer_heap_pop(timer_heap *heap);
void aw__timer_heap_remove(timer_heap *heap, aw_timer *timer);
void aw__timer_heap_free(timer_heap *heap);

/* What completing a future means besides notifying its waiters. */
typedef enum future_kind {
    FUTURE_PLAIN,  /* aw_future_new, or embedded in a wait */
    FUTURE_TASK,   /* a task's completion: cancelling it cancels the task */
    FUTURE_GATHER  /* a combinator's: cancelling it cancels the children */
} future_kind;

typedef enum future_state { FUTURE_PENDING, FUTURE_DONE } future_state;

/* A waiter on a future: a waiting task (embedded in the task) or a done callback (allocated). */
typedef struct future_waiter {
    struct future_waiter *prev, *next;
    aw_task *task;               /* NULL for a callback */
    aw_future_callback callback;
    aw_task_callback task_callback; /* instead of callback: aw_task_on_done's */
    void *arg;
    aw_future *future;
    aw_handle handle;            /* the callback's ready-queue entry */
} future_waiter;

struct aw_future {
    aw_loop *loop;
    uint64_t id;
    uint8_t kind;
    uint8_t state;
    bool heap_allocated;          /* freed on the last release */
    int refs;
    int status;
    aw_value result;
    future_waiter *first, *last;  /* FIFO */
    /* FUTURE_GATHER: called by cancel; returns true if anything was cancelled. */
    bool (*cancel_children)(aw_future *future);
    void *owner;                  /* FUTURE_TASK: the task; FUTURE_GATHER: its state */
    struct aw_future *heap_prev, *heap_next; /* heap_allocated: the loop's list of them */
};

/* Completes a pending future and queues its waiters. */
void aw__future_complete(aw_future *future, int status, aw_value result);
/* asyncio's Future.cancel(): true if the cancellation was taken. */
bool aw__future_cancel(aw_future *future);
/* Adds a done callback; the waiter is allocated and freed by the loop. */
int aw__future_add_callback(aw_future *future, aw_future_callback callback, void *arg);
/* The same for a task's future, whose callback is given the task (aw_task_on_done). */
int aw__future_add_task_callback(aw_future *future, aw_task_callback callback, void *arg);
/* Takes back a done callback that is not queued yet (asyncio's remove_done_callback). */
void aw__future_remove_callback(aw_future *future, aw_future_callback callback, void *arg);
/* The last reference is gone: frees the task of a task future, or a heap-allocated future (an
 * embedded one belongs to whatever embeds it). */
void aw__future_free(aw_future *future);
/* A spawn and a join take and drop references several times: inline. */
static inline void aw__future_ref(aw_future *future) { future->refs++; }
static inline void aw__future_unref(aw_future *future)
{
    if (--future->refs <= 0)
        aw__future_free(future);
}
/* Suspends the running task on `future` with the given wait description for the trace. */
int aw__future_wait(aw_future *future, aw_wait_kind wait, uint64_t object_id, int64_t deadline,
                    aw_value *result);
/* Runs a done callback popped from the ready queue. */
void aw__future_run_callback(aw_loop *loop, aw_handle *handle);
/* Frees the futures of aw_future_new still alive (their handles die with the loop). */
void aw__future_free_all(aw_loop *loop);

enum { TASK_NAME_SIZE = 32 };

struct aw_task {
    /* Up to name_ready: written by whoever owns them before anything reads them (spawn, the
     * first read of the name, each wait for the waiter), so a new record leaves them be. */
    aw_handle handle;            /* its step in the ready queue */
    aw_future done;              /* completes when the body returns; holds the refcount */
    aw_loop *loop;
    uint64_t id;
    char name[TASK_NAME_SIZE];   /* read it with aw__task_name */
    aw_task_fn fn;
    void *arg;
    aw_context context;
    aw_stack stack;
    future_waiter waiter;        /* its node in the awaited future's waiter list */
    struct aw_task *prev, *next; /* the loop's live tasks, in spawn order */
    /* From here on: zeroed for every new task (task.c new_task). */
    bool name_ready;             /* false: the default name is not written yet */
    uint8_t state;               /* aw_task_state */
    bool started;
    bool queued;                 /* its handle is in the ready queue */
    bool must_cancel;            /* asyncio's _must_cancel */
    int cancel_requests;
    int shield_depth;            /* inside aw_shield_begin/end: cancellation is held back */
    aw_future *waiting_on;       /* asyncio's _fut_waiter */
    aw_wait_kind wait;           /* what it waits on, for the trace and the dump */
    uint8_t wait_direction;      /* AW_WAIT_IO: aw_io_direction (set by every I/O wait) */
    uint64_t wait_object;
    int64_t wait_deadline;
    aw_site site;                /* where it is suspended */
};

/* Runs one step of a task popped from the ready queue. */
void aw__task_run_step(aw_loop *loop, aw_task *task);
/* The task's name. The default "task-<id>" is written on the first read (most tasks are never
 * asked), which makes no library call: it is safe in a signal handler. */
const char *aw__task_name(const aw_task *task);
/* Frees a finished task once no reference is left, and gives its stack back. */
void aw__task_free(aw_task *task);

/*
 * An I/O backend: how the loop waits for something to happen. One file each (io_*.c), the
 * same few functions, as Redis' ae_epoll.c / ae_select.c. The loop calls wait() once per
 * iteration: with timeout 0 when entries are ready, with the time to the next timer otherwise,
 * or -1 (no limit) when only I/O can wake it; wait() reports every fd it finds ready through
 * aw__io_ready, which queues the waiters (io.c). watch() changes the interest in one fd from
 * old_mask to new_mask (IO_READ | IO_WRITE; 0 means none): adding, modifying and deleting an
 * fd are the three cases, and a backend such as kqueue can turn the difference into filters.
 */
enum { IO_READ = 1, IO_WRITE = 2 };

typedef struct io_backend {
    const char *name;
    int (*init)(aw_loop *loop);
    void (*free)(aw_loop *loop);
    int (*watch)(aw_loop *loop, int fd, int old_mask, int new_mask); /* NULL: no fd waits */
    void (*wait)(aw_loop *loop, int64_t timeout_ns);
} io_backend;

/* Waits by sleeping: for loops that wait on nothing but timers (and builds without poll). */
extern const io_backend aw__io_sleep_backend;
#if !defined(__EMSCRIPTEN__) /* native, and WASI (poll_oneoff) */
extern const io_backend aw__io_poll_backend;
#endif
#if defined(__linux__)
extern const io_backend aw__io_epoll_backend;
#endif
#if defined(__EMSCRIPTEN__)
/* Waits by returning to JavaScript (io_js.c). */
extern const io_backend aw__io_js_backend;
/* Before each task step (context_asyncify.c): returns to the JavaScript event loop for a turn
 * if a loop on the monotonic clock has kept the thread for AW_JS_SLICE_MS. */
void aw__js_between_steps(aw_loop *loop);
#endif

/* The backend called `name` (NULL: the platform's default), or NULL if there is none. */
const io_backend *aw__io_backend_find(const char *name);
/* Called by a backend's wait() for each ready fd; mask holds IO_READ and/or IO_WRITE (an error
 * or hang-up counts as both, so that the waiter's next call sees the error). */
void aw__io_ready(aw_loop *loop, int fd, int mask);
/* Frees the fd table (io.c), the offload pool and the wake-up; called by aw_loop_free before
 * io->free. */
void aw__io_free(aw_loop *loop);

/* Something that waits for an fd: a task's wait (io.c) or the loop's wake-up (io_wakeup.c). */
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

/*
 * TCP: the public aw_tcp_* calls (tcp.c) dispatch to one implementation, chosen per loop at
 * creation (aw_loop_options.simulated_network): real sockets (net.c) or the simulated network
 * (net_sim.c). listen and connect go through the current loop's table; every other call goes
 * through the table of the socket it is given, which each implementation's socket starts with.
 * Each function validates its own arguments.
 */
typedef struct net_ops {
    int (*listen)(aw_socket **listener, const char *host, int port, int backlog, int flags);
    int (*accept)(aw_socket *listener, aw_socket **connection, int64_t ms);
    int (*connect)(aw_socket **connection, const char *host, int port, int64_t ms);
    /* Reads what is there, waiting until something is (or end of stream: *got == 0) or the
     * deadline (ns on the loop clock, -1: none). Called from a task with valid arguments;
     * aw_tcp_read and aw_tcp_read_exact (tcp.c) are built on it. */
    int (*read_some)(aw_socket *socket, void *buffer, size_t size, size_t *got,
                     int64_t deadline);
    int (*write_all)(aw_socket *socket, const void *buffer, size_t size, size_t *written,
                     int64_t ms);
    int (*shutdown)(aw_socket *socket);
    int (*reset)(aw_socket *socket);
    void (*close)(aw_socket *socket);
    int (*set_nodelay)(aw_socket *socket, bool on);
    int (*local_port)(const aw_socket *socket);
    int (*fd)(const aw_socket *socket);
} net_ops;

/* The common head of every implementation's socket. */
struct aw_socket {
    const net_ops *ops;
};

extern const net_ops aw__net_real_ops; /* net.c (AW_ENOTSUP everywhere on wasm) */
extern const net_ops aw__net_sim_ops;  /* net_sim.c */
/* Frees the simulated network's listeners and sockets still open (aw_loop_free). */
void aw__net_sim_free(aw_loop *loop);

/* The status for an errno value (error.c; native). */
int aw__status_from_errno(int error);

/* Offload pool (offload.c): joins the workers. */
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

/* The loop's thread-safe wake-up (io_wakeup.c). The fd backends start it in their init (it
 * watches its fd through aw__io_add_watcher); aw__io_free frees it. On wasm it does nothing
 * and loop->wakeup stays NULL. */
int aw__wakeup_start(aw_loop *loop);
/* From any thread: makes the loop's next (or current) backend wait return; the loop then
 * collects the offload jobs and the calls of aw_loop_call_threadsafe. */
void aw__wakeup_signal(aw_loop *loop);
void aw__wakeup_free(aw_loop *loop);

enum { MAX_OBSERVERS = 4 };

struct aw_loop {
    aw_clock_kind clock;
    int64_t now;                /* ns; the virtual clock's value, or the last monotonic reading */
    int64_t clock_origin;       /* monotonic reading at loop start */
    uint64_t iteration;
    size_t iteration_left;      /* entries of the current iteration still to run */
    uint64_t stop_after;        /* aw_loop_stop: the last iteration to run; 0 for none */
    value_ring ready;           /* of aw_handle pointers (rule 1) */
    timer_heap timers;
    uint64_t next_timer_id;
    uint64_t timer_sequence;
    aw_timer *free_timers;      /* recycled timer objects, linked through arg */
    aw_context scheduler;       /* the context that steps run from */
    aw_task *current;           /* running task */
    aw_task *retired;           /* finished on its own stack and handed over: see task_entry */
    bool direct_switches;       /* run to completion: tasks may hand over to each other */
    aw_handle *current_handle;  /* running entry: who wakes what */
    uint64_t next_task_id;
    uint64_t next_future_id;
    aw_task *first_task, *last_task; /* live tasks in spawn order */
    aw_future *heap_futures;    /* from aw_future_new, not yet freed */
    size_t heap_future_count;   /* their number (future.c, for aw_loop_get_stats) */
    size_t pending_callbacks;   /* done callbacks added and not yet run (future.c) */
    size_t live_tasks;
    size_t waiting_io;          /* I/O waits in progress (the I/O layer keeps it) */
    const io_backend *io;
    void *io_state;             /* the backend's own */
    struct io_fd *fds;          /* io.c: who waits on each fd, and the backend's interest */
    int fd_capacity;
    struct offload_pool *offload; /* offload.c: worker threads, started on first use */
    struct loop_wakeup *wakeup;   /* io_wakeup.c: other threads' way in; NULL without one */
    stack_pool stacks;
    size_t default_stack_size;
    struct {
        aw_observer fn;
        void *userdata;
    } observers[MAX_OBSERVERS];
    int observer_count;
    void *chrome_trace;         /* the Chrome trace writer, if started */
    uint64_t select_rng;        /* aw_select's choices among ready cases (select.c) */
    const net_ops *net;         /* the TCP implementation of this loop's aw_tcp_* calls */
    struct net_sim *net_sim;    /* net_sim.c: listeners and connections, created on first use */
};

/* A pending future with one reference. Inline, as every spawn makes one, and field by field:
 * compilers zero a compound literal this size with rep stos, which costs more to start than
 * the stores. */
static inline void aw__future_init(aw_future *future, aw_loop *loop, future_kind kind)
{
    future->loop = loop;
    future->id = ++loop->next_future_id;
    future->kind = (uint8_t)kind;
    future->state = FUTURE_PENDING;
    future->heap_allocated = false;
    future->refs = 1;
    future->status = AW_OK;
    future->result = (aw_value){0};
    future->first = future->last = NULL;
    future->cancel_children = NULL;
    future->owner = NULL;
    future->heap_prev = future->heap_next = NULL;
}

/* This thread's loop (loop.c). */
extern AW_THREAD_LOCAL aw_loop *aw__current_loop;

static inline aw_loop *aw__loop_current(void) { return aw__current_loop; }

/* The running task of this thread's loop, or NULL. */
static inline aw_task *aw__loop_running_task(void)
{
    aw_loop *loop = aw__current_loop;
    return loop != NULL ? loop->current : NULL;
}

/* For a task about to suspend: the next ready entry if the task can switch to it directly, a
 * task that the scheduler would resume next anyway, taken off the queue and marked running
 * (loop.c). NULL when the scheduler must run the entry, or when the loop is stepped entry by
 * entry or observed (the trace and the stepping API see every step as scheduler -> task). */
aw_task *aw__loop_take_direct_successor(aw_loop *loop);

/* Reports a ready queue that cannot grow and aborts (loop.c). */
_Noreturn void aw__loop_out_of_memory(void);

static inline int aw__loop_push_ready(aw_loop *loop, aw_handle *handle)
{
    /* A wake-up that cannot be queued would leave a task waiting forever. */
    if (aw__ring_push_back(&loop->ready, (aw_value){.ptr = handle}) != AW_OK)
        aw__loop_out_of_memory();
    return AW_OK;
}

/* Timers: arm returns NULL when out of memory. A cancelled timer is freed by the loop. */
aw_timer *aw__timer_arm(aw_loop *loop, int64_t delay_ns, timer_callback callback, void *arg);
/* A timer that is due now and queued at once (asyncio's call_soon), not at the next iteration. */
aw_timer *aw__timer_soon(aw_loop *loop, timer_callback callback, void *arg);
void aw__timer_cancel(aw_loop *loop, aw_timer *timer);
/* Moves every due timer to the ready queue. */
void aw__timer_queue_due(aw_loop *loop);
/* Runs a fired timer popped from the ready queue and frees it. */
void aw__timer_run(aw_loop *loop, aw_handle *handle);
void aw__timer_free_all(aw_loop *loop);

int64_t aw__clock_monotonic_ns(void);
/* Milliseconds as nanoseconds, saturating at INT64_MAX (and INT64_MIN): a timeout of
 * INT64_MAX ms means "practically forever" (292 years) instead of a signed overflow. */
static inline int64_t aw__ms_to_ns(int64_t ms)
{
    if (ms > INT64_MAX / 1000000)
        return INT64_MAX;
    if (ms < INT64_MIN / 1000000)
        return INT64_MIN;
    return ms * 1000000;
}
/* The loop-clock time `delay_ns` >= 0 after `now` >= 0, saturating at INT64_MAX. */
static inline int64_t aw__ns_after(int64_t now, int64_t delay_ns)
{
    return delay_ns > INT64_MAX - now ? INT64_MAX : now + delay_ns;
}
/* Blocks the thread for ns nanoseconds. */
void aw__clock_sleep_ns(int64_t ns);
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

/* Tracing. trace_emit fills iteration/time and calls every observer. */
static inline bool aw__trace_on(const aw_loop *loop) { return loop->observer_count > 0; }
void aw__trace_emit(aw_loop *loop, aw_trace_event *event);
void aw__trace_task_event(aw_loop *loop, aw_trace_kind kind, const aw_task *task);
/* The task or timer whose entry is running, for "woken by". */
void aw__trace_set_cause(const aw_loop *loop, aw_trace_event *event);

/* The await site recorded by aw_at for the next suspension. */
extern AW_THREAD_LOCAL aw_site aw__pending_site;

/* Queues the task's next step and reports who woke it. Inline: completing a future schedules
 * its waiting tasks with it. */
static inline void aw__task_schedule(aw_task *task)
{
    aw_loop *loop = task->loop;
    task->state = AW_TASK_READY;
    task->queued = true;
    aw__loop_push_ready(loop, &task->handle);
    if (aw__trace_on(loop))
        aw__trace_task_event(loop, AW_TRACE_WAKE, task);
}

/* Run by whatever a finished task hands over to (task.c's task_entry): drops the reference the
 * finished task held while it ran, which its own stack, possibly freed with it, could not. */
static inline void aw__loop_drop_retired(aw_loop *loop)
{
#if defined(AW_CONTEXT_CAN_TRANSFER)
    aw_task *retired = loop->retired;
    if (retired != NULL) {
        loop->retired = NULL;
        if (--retired->done.refs <= 0) /* aw__future_unref of a task's future */
            aw__task_free(retired);
    }
#else
    (void)loop;
#endif
}

/* Leaves the suspending task: straight for the next ready task where the loop allows it, else
 * back to the scheduler. Returns when the task is resumed. */
static inline void aw__task_switch_away(aw_loop *loop, aw_task *task)
{
#if defined(AW_CONTEXT_CAN_TRANSFER)
    aw_task *next = aw__loop_take_direct_successor(loop);
    if (next == task)
        return; /* a yield with nothing else ready: it runs on at once */
    if (next != NULL)
        aw__context_transfer(&task->context, &next->context);
    else
        aw__context_suspend(&task->context, &loop->scheduler);
    aw__loop_drop_retired(loop);
#else
    aw__context_suspend(&task->context, &loop->scheduler);
#endif
}

/* Suspends the running task until something schedules it; returns AW_ECANCELED if a
 * cancellation is pending when it resumes. Inline: aw_yield and every wait on a future
 * (aw__future_wait) suspend through it. */
static inline int aw__task_suspend(aw_task *task)
{
    aw_loop *loop = task->loop;
    task->site = aw__pending_site;
    /* Consumed: a later call made without the macro must not show this site. */
    aw__pending_site = (aw_site){0};
    if (task->state == AW_TASK_RUNNING)
        task->state = task->queued ? AW_TASK_READY : AW_TASK_WAITING;
    aw__task_switch_away(loop, task);
    if (task->must_cancel && task->shield_depth == 0) {
        task->must_cancel = false;
        return AW_ECANCELED;
    }
    return AW_OK;
}

/* Signal handlers of native builds: stack overflow and SIGQUIT dump. */
void aw__signals_install(aw_loop *loop);
void aw__signals_uninstall(aw_loop *loop);

void aw__trace_chrome_close(aw_loop *loop);

#endif
