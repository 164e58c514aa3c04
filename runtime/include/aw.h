/*
 * aw.h - async/await for C.
 *
 * Stackful coroutines ("tasks") on a single-threaded event loop that schedules exactly as
 * Python's asyncio does: one FIFO ready queue, one loop iteration at a time, wake-ups that take
 * one hop through the queue. A program and its asyncio twin print in the same order.
 *
 * This header is the whole public API. Conventions:
 *  - Every fallible call returns an int status: AW_OK (0) or a negative AW_E* code. aw_strerror()
 *    and aw_err_name() describe any status. Codes at or below AW_ERROR_USER are the application's.
 *  - Handles (aw_loop, aw_task, aw_future) are opaque pointers.
 *  - Functions documented "suspends" may only be called from inside a task; called elsewhere they
 *    return AW_ESTATE without doing anything. A suspending call returns AW_ECANCELED when the
 *    calling task was cancelled while it waited.
 *  - Every suspending function is wrapped by a macro of the same name that records the caller's
 *    file, line and function (the "await site"), which the trace, the task dump and the playground
 *    show. `(aw_sleep)(ms)` calls the function without recording the site.
 *  - All calls are made on the thread that owns the loop (the exception, for the native I/O layer,
 *    is documented there).
 *  - Timeouts: every `ms` or `timeout_ms` that bounds a wait (timeout scopes, aw_await_for,
 *    aw_future_await_for, aw_select, aw_wait_readable/writable, aw_fd_*, aw_signal_wait,
 *    aw_tcp_*) means the same thing:
 *    ms < 0 is no limit (asyncio's timeout=None), 0 is a deadline that has already passed (the
 *    wait gives up at its first chance: only what is ready at once succeeds), and a positive
 *    value is a deadline that many milliseconds of the loop's clock from now (INT64_MAX ms:
 *    practically forever). The durations of aw_sleep and aw_blocking_sleep are not timeouts.
 *  - Words mean one thing: _ref / _unref take and give back a reference to a task or future;
 *    _acquire / _release take and give back a lock or a semaphore unit (asyncio's words);
 *    _try_ never waits (AW_EAGAIN where it would); a predicate is named _is_ (aw_task_is_done);
 *    clocks say their unit (aw_now_ms, aw_loop_now_ns). _free and _close return nothing,
 *    except where a misuse must be reported (aw_group_free: children still running) or the
 *    call completes an operation (aw_channel_close, aw_trace_chrome_stop).
 */
#ifndef AW_H
#define AW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library is built with hidden visibility; everything declared here is exported. */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default)
#endif

#define AW_VERSION_MAJOR 0
#define AW_VERSION_MINOR 1
#define AW_VERSION_PATCH 0
#define AW_VERSION_STRING "0.1.0"

#if defined(__GNUC__) || defined(__clang__)
#define AW_PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define AW_PRINTF_LIKE(fmt, args)
#endif

/* ---------------------------------------------------------------------------------------------
 * Status codes
 * ------------------------------------------------------------------------------------------- */

enum {
    AW_OK = 0,
    AW_ECANCELED = -1,  /* the task was cancelled while it waited, or the awaited thing was */
    AW_ETIMEDOUT = -2,  /* a deadline passed */
    AW_ENOMEM = -3,     /* out of memory (task stack, loop structures) */
    AW_EINVAL = -4,     /* an argument is invalid */
    AW_ESTATE = -5,     /* not valid now: no loop, not inside a task, future already done, ... */
    AW_EDEADLOCK = -6,  /* the loop has nothing to run and nothing can ever wake a waiting task */
    AW_ECLOSED = -7,    /* the channel, queue or connection is closed */
    AW_ENOTSUP = -8,    /* not supported on this target */
    AW_EAGAIN = -9,     /* would have to wait: queue full or empty, no channel partner ready */
    AW_EBROKEN = -10,   /* the barrier is broken: aborted, or reset while the task waited
                           (asyncio's BrokenBarrierError) */
    /* Network and I/O (aw_tcp_*, aw_wait_*, aw_offload). */
    AW_ECONNRESET = -20,   /* the peer reset the connection */
    AW_ECONNREFUSED = -21, /* nobody listens at the address connected to */
    AW_EPIPE = -22,        /* writing to a connection the peer has closed */
    AW_EADDRINUSE = -23,   /* the address to listen on is taken */
    AW_EMFILE = -24,       /* out of file descriptors (process or system limit) */
    AW_ENOTFOUND = -25,    /* the host name could not be resolved */
    AW_EIO = -26,          /* another system error (aw_last_os_error tells which) */
    AW_EACCES = -27,       /* permission denied (a port below 1024 without the right, ...) */
    AW_ENOENT = -28,       /* no such file or directory (a Unix socket's path) */
    AW_ENAMETOOLONG = -29, /* a Unix socket's path is longer than the system takes */
    AW_EMSGSIZE = -30,     /* a datagram too large to send, or truncated on receipt */
    AW_ERROR_USER = -1000 /* application-defined codes are <= AW_ERROR_USER */
};

/* The operating system's error number (errno) behind the last status this thread got from a
 * failed system call in aw (AW_EIO, AW_EACCES, AW_ECONNRESET, ...), or 0 if there was none; on
 * WebAssembly, 0. Each such status overwrites it; other statuses leave it as it was. */
int aw_last_os_error(void);

/* A short human-readable message for any status ("operation cancelled"); never NULL. */
const char *aw_strerror(int status);
/* The symbolic name of a status ("AW_ECANCELED"); "AW_ERROR_USER" style names for user codes. */
const char *aw_err_name(int status);

/* ---------------------------------------------------------------------------------------------
 * Values, tasks, futures, loops
 * ------------------------------------------------------------------------------------------- */

/* A task's or future's result: one machine word, read through the member you stored. */
typedef union aw_value {
    int64_t i; /* first: (aw_value){0} zeroes all 8 bytes, also where pointers are 4 bytes */
    void *ptr;
    double f;
} aw_value;

#define AW_INT(x) ((aw_value){.i = (int64_t)(x)})
#define AW_PTR(x) ((aw_value){.ptr = (void *)(x)})
#define AW_DOUBLE(x) ((aw_value){.f = (double)(x)})

typedef struct aw_loop aw_loop;
typedef struct aw_task aw_task;
typedef struct aw_future aw_future;

/* A task's body. It returns its status (AW_OK, or an error code that its awaiters receive) and
 * may store its result in *result, which starts as zero. */
typedef int (*aw_task_fn)(void *arg, aw_value *result);

/* Where an await happened, recorded by the wrapping macros. */
typedef struct aw_site {
    const char *file;
    const char *function;
    int line;
} aw_site;

/* ---------------------------------------------------------------------------------------------
 * Running a program
 * ------------------------------------------------------------------------------------------- */

typedef enum aw_clock_kind {
    AW_CLOCK_MONOTONIC = 0, /* real time: sleeping 10 s takes 10 s */
    AW_CLOCK_VIRTUAL = 1    /* starts at 0 and jumps to the next timer when nothing can run:
                               sleeping 10 s takes no time and always behaves the same;
                               only aw_blocking_sleep moves it otherwise */
} aw_clock_kind;

/* How a loop is set up (aw_loop_new, aw_run_with). Zero-initialise it and set what you need:
 * every field's zero value is the default. */
typedef struct aw_loop_options {
    /* AW_CLOCK_MONOTONIC (default) or AW_CLOCK_VIRTUAL. */
    aw_clock_kind clock;
    /* Stack size of tasks spawned without one, in bytes; 0 means 64 KiB. A task gets exactly
     * this much stack (rounded up to 16 bytes); its own record (about 400 bytes) sits above it
     * in the same mapping, so an idle task costs one page of memory. */
    size_t stack_size;
    /* Guard pages: each stack gets a 64 KiB inaccessible guard region below it (one page where
     * pages are larger), which costs address space but no memory, so that an overflow stops the
     * program with "aw: stack overflow in task N "name"" instead of corrupting memory. That
     * holds for a frame of any size in code built with -fstack-clash-protection, which the
     * CMake package and aw.pc add where the compiler has it (frames are then touched a page at
     * a time as they grow); without it, for frames that start on the stack and end less than
     * 64 KiB below it. A guarded stack costs two kernel memory mappings, which caps a process
     * near 32,000 live tasks (vm.max_map_count is 65530 by default). Set no_guard_pages for
     * more tasks: stacks are then carved next to each other from shared regions, and an
     * overflow is not detected at all: it writes over the stack and task record below, and the
     * program goes on with corrupt memory. Native builds only. */
    bool no_guard_pages;
    /* How many released stacks to keep for reuse; 0 means 64. */
    size_t stack_cache;
    /* How the loop waits for file descriptors (native): "epoll" (Linux), "poll", or "sleep"
     * (timers only; fd waits return AW_ENOTSUP). NULL: the environment variable
     * AW_IO_BACKEND if set, else the platform's default (epoll on Linux, poll elsewhere).
     * An unknown name makes aw_loop_new / aw_run fail with AW_EINVAL. */
    const char *io_backend;
    /* Every aw_tcp_* and aw_udp_* call on this loop uses an in-memory network between the
     * loop's own tasks instead of real sockets, on every target (docs/io.md, "The simulated
     * network"): listen on a (host, port) of the loop's table, connect to it, read, write with
     * backpressure, half-close and reset; bind UDP sockets and exchange datagrams;
     * deterministically (on the virtual clock, the same on every run).
     * aw_tcp_fd returns AW_ENOTSUP then; an I/O wait's trace object_id is the socket's id. */
    bool simulated_network;
} aw_loop_options;

/* Runs `main` as the main task on a fresh loop until it returns, as asyncio.run() does: then
 * every task still alive is cancelled and run until it finishes. Stores main's result in
 * *result (may be NULL) and returns main's status, or AW_EDEADLOCK when main waits on something
 * nothing can complete (the live tasks are then printed to stderr), or AW_ENOMEM / AW_ESTATE
 * (a loop already runs on this thread) when it cannot start.
 * A task that does not finish after its cancellation (it waits again on something nothing can
 * complete, or waits in a shielded section) is reported on stderr: the line "aw: N task(s) did
 * not finish after being cancelled:", then aw_loop_dump's lines, one per task with its id, name
 * and where it waits. It is freed with the loop, and aw_run still returns main's status and
 * result, as asyncio.run() returns main's result whatever its shutdown logs. A task that keeps
 * running instead (catches every cancellation and sleeps again) keeps aw_run from returning,
 * as in asyncio.
 * Set AW_TRACE=path.json in the environment to write a Chrome trace of the run (native). */
int aw_run(aw_task_fn main, void *arg, aw_value *result);
/* aw_run with loop options; NULL means defaults. */
int aw_run_with(aw_task_fn main, void *arg, aw_value *result, const aw_loop_options *options);

/* Emscripten: the loop never blocks the thread (docs/wasm.md). It waits for timers and
 * JavaScript futures in JavaScript, and a loop on the monotonic clock whose tasks never have to
 * wait (aw_yield in a loop, say) still hands the thread back to the JavaScript event loop once
 * every AW_JS_SLICE_MS milliseconds of work, before the next task step, for one turn of it
 * (timers, events, rendering), then goes on. A loop on the virtual clock, which is stepped from
 * JavaScript (the playground), does so only while a JavaScript future is pending. So a call
 * that runs the loop (aw_run, aw_loop_run, an exported function calling them) returns to
 * JavaScript before it is done: call it with ccall(..., {async: true}). */
#define AW_JS_SLICE_MS 5

/* ---------------------------------------------------------------------------------------------
 * Tasks
 * ------------------------------------------------------------------------------------------- */

typedef struct aw_spawn_options {
    const char *name;   /* copied (up to 31 bytes); NULL gives "task-<id>" */
    size_t stack_size;  /* 0: the loop's default */
} aw_spawn_options;

/* Creates a task running fn(arg) and appends its first step to the ready queue; nothing runs
 * until the caller awaits something (asyncio's create_task). Does not suspend. Can be called
 * from a task, or from plain code on a thread whose loop exists but is not running (aw_loop_new).
 * If `task` is not NULL it receives a handle the caller owns and must give back with
 * aw_task_unref (or aw_join); with task == NULL the task is detached and frees itself when it
 * finishes. Returns AW_OK, AW_ENOMEM (no stack could be mapped), AW_EINVAL or AW_ESTATE (no
 * loop on this thread). */
int aw_spawn(aw_task **task, aw_task_fn fn, void *arg);
int aw_spawn_with(aw_task **task, aw_task_fn fn, void *arg, const aw_spawn_options *options);

/* Waits until `task` finishes and returns its status (AW_OK, its error, or AW_ECANCELED if it
 * was cancelled); stores its result in *result (may be NULL). Suspends only if the task is not
 * done yet: awaiting a finished task returns at once (rule 6). If the waiting task is cancelled,
 * the cancellation is passed on to `task` (as asyncio does) and the wait goes on until `task`
 * finishes. Awaiting yourself returns AW_EINVAL. The handle stays valid. */
int aw_await(aw_task *task, aw_value *result);
/* aw_await, then aw_task_unref. Ownership on every path: the handle is given back whenever
 * the wait took place, whatever it returned (the task's status, AW_ECANCELED when the caller
 * was cancelled); only when the call itself was refused (AW_EINVAL: a NULL task or the running
 * task itself; AW_ESTATE: outside a task) does the caller still own the handle. */
int aw_join(aw_task *task, aw_value *result);
/* Gives back the caller's handle. The task keeps running if it is not done. */
void aw_task_unref(aw_task *task);

/* Lets every other ready entry run once: the calling task goes to the back of the ready queue
 * (asyncio's sleep(0)). Suspends. Returns AW_OK or AW_ECANCELED. */
int aw_yield(void);
/* Suspends for `ms` milliseconds of the loop's clock (a timer completes the wait; the task runs
 * in the iteration after the timer fires). ms <= 0 is aw_yield(). Returns AW_OK or AW_ECANCELED. */
int aw_sleep(int64_t ms);
/* Holds the whole loop for `ms` milliseconds without yielding, as time.sleep() does inside an
 * asyncio program: nothing else runs meanwhile (no task, no timer, no callback), and timers that
 * fall due in that time fire late. On the monotonic clock the thread sleeps; on the virtual clock
 * the clock moves forward by `ms` at once. It is the way to make CPU-bound work (or any call that
 * blocks the thread) cost time on a virtual clock. Does not suspend; callable from a task or from
 * plain code on a thread with a loop. Returns AW_OK, AW_EINVAL (ms < 0) or AW_ESTATE (no loop). */
int aw_blocking_sleep(int64_t ms);

/* Requests cancellation of `task`, as asyncio's Task.cancel(): if it waits, its wait ends with
 * AW_ECANCELED (waiting on a task or a gather passes the cancellation on to what it awaits;
 * waiting on a future cancels that future, as in asyncio); otherwise its next suspension ends
 * with AW_ECANCELED. A task cancelled before its first step never runs its body. Does not
 * suspend. Returns AW_OK, or AW_ESTATE if the task is already done. */
int aw_cancel(aw_task *task);
/* The number of cancellation requests not yet withdrawn with aw_task_uncancel (asyncio's
 * Task.cancelling()). */
int aw_task_cancelling(const aw_task *task);
/* Withdraws one cancellation request and returns the number left (asyncio's Task.uncancel()). */
int aw_task_uncancel(aw_task *task);

typedef enum aw_task_state {
    AW_TASK_READY,    /* in the ready queue (including a new task before its first step) */
    AW_TASK_RUNNING,
    AW_TASK_WAITING,  /* suspended on a future, a task, a timer or an I/O wait */
    AW_TASK_DONE      /* returned; see aw_task_status */
} aw_task_state;

/* The running task, or NULL outside tasks. */
aw_task *aw_current(void);
/* Queries of a task. A NULL task is answered, not dereferenced: id 0, name "", not done,
 * status AW_EINVAL, result 0; aw_task_get_state needs a task. */
uint64_t aw_task_id(const aw_task *task);       /* 1 for the first task of a loop, then 2, ... */
const char *aw_task_name(const aw_task *task);
aw_task_state aw_task_get_state(const aw_task *task);
bool aw_task_is_done(const aw_task *task);
/* A finished task's status (AW_ESTATE while it runs) and result. */
int aw_task_status(const aw_task *task);
aw_value aw_task_result(const aw_task *task);
/* asyncio's Task.add_done_callback: callback(task, arg) runs from the ready queue once the task
 * is done, one hop after it finishes (at the next step of the loop if it is done already).
 * The task record stays valid until the callback has run. Returns AW_OK, AW_EINVAL (a NULL
 * argument) or AW_ENOMEM. Does not suspend. */
typedef void (*aw_task_callback)(aw_task *task, void *arg);
int aw_task_on_done(aw_task *task, aw_task_callback callback, void *arg);

/* ---------------------------------------------------------------------------------------------
 * Futures: a result that will be available later
 * ------------------------------------------------------------------------------------------- */

/* Creates a pending future on this thread's loop; the caller owns one reference.
 * Returns AW_OK, AW_ENOMEM or AW_ESTATE (no loop). */
int aw_future_new(aw_future **future);
/* Gives back one reference; the future is freed when the last is gone (waiting tasks and
 * pending done callbacks hold references of their own). */
void aw_future_unref(aw_future *future);
/* Takes one more reference. */
void aw_future_ref(aw_future *future);

/* Complete a pending future. Its waiting tasks and done callbacks are appended to the ready
 * queue in the order they were added; none runs inside this call (rule 7). Callable from plain
 * C code on the loop's thread, from a task, or from a callback. Return AW_OK, or AW_ESTATE if
 * the future is already done. aw_future_set_error takes a negative status. */
int aw_future_set_result(aw_future *future, aw_value value);
int aw_future_set_error(aw_future *future, int status);
/* Completes a pending future as cancelled: its waiters get AW_ECANCELED. AW_ESTATE if done. */
int aw_future_cancel(aw_future *future);

bool aw_future_is_done(const aw_future *future);
/* A done future's status (AW_OK, an error, AW_ECANCELED); AW_ESTATE while pending. */
int aw_future_status(const aw_future *future);
aw_value aw_future_result(const aw_future *future);

/* Waits until the future is done and returns its status, storing its value in *result (may be
 * NULL). Suspends only if it is pending (rule 6). If the waiting task is cancelled, the future
 * itself is cancelled (asyncio's behaviour: other tasks awaiting it see AW_ECANCELED too). */
int aw_future_await(aw_future *future, aw_value *result);

/* Called from the ready queue after the future is done (one hop later, as asyncio's
 * add_done_callback). Adding a callback to a done future schedules it at once. */
typedef void (*aw_future_callback)(aw_future *future, void *arg);
int aw_future_on_done(aw_future *future, aw_future_callback callback, void *arg);

/* ---------------------------------------------------------------------------------------------
 * Callbacks on the loop: asyncio's loop.call_soon, call_later and call_at
 * ------------------------------------------------------------------------------------------- */

/* A scheduled call, as asyncio's Handle / TimerHandle: filled in by the aw_loop_call_* calls,
 * used by aw_call_cancel. A plain value (copy it freely, nothing to free); its fields are
 * private. It stays usable until the loop is freed, also after the call has run. */
typedef struct aw_call {
    aw_loop *loop;
    void *timer;
    uint64_t id;
} aw_call;

/* Schedule fn(arg) to run on `loop` as one entry of its ready queue, as asyncio's loop methods
 * do: call_soon appends it now (FIFO with the task steps and callbacks queued before and after
 * it, rule 1); call_later makes it due `ms` milliseconds of the loop's clock from now and
 * call_at at `when_ns` on the loop's clock (aw_loop_now_ns), and a due call is queued when the
 * loop starts its next iteration (rule 2), calls due at the same time in the order they were
 * scheduled (rule 3). A delay <= 0 or a time already past makes it due at once (queued at the
 * next iteration, as asyncio's call_later(0)). fn runs as a done callback does: it may complete
 * futures, set events, spawn tasks and schedule calls, but must not suspend. The trace shows a
 * call as a timer (TIMER_ARM, TIMER_QUEUED, TIMER_FIRE, or TIMER_CANCEL). `call` (may be NULL)
 * receives the handle. Callable from a task, a callback or plain code on the loop's thread
 * (another thread: aw_loop_call_threadsafe). Does not suspend. Return AW_OK, AW_EINVAL (NULL
 * loop or fn) or AW_ENOMEM. */
int aw_loop_call_soon(aw_loop *loop, void (*fn)(void *arg), void *arg, aw_call *call);
int aw_loop_call_later(aw_loop *loop, int64_t ms, void (*fn)(void *arg), void *arg,
                       aw_call *call);
int aw_loop_call_at(aw_loop *loop, int64_t when_ns, void (*fn)(void *arg), void *arg,
                    aw_call *call);
/* Cancels a scheduled call that has not run: it never runs (asyncio's Handle.cancel()).
 * Returns AW_OK, AW_ESTATE if it has run (or is running) or was cancelled already, or
 * AW_EINVAL (NULL, or a handle no call filled in). Does not suspend. */
int aw_call_cancel(aw_call *call);

/* ---------------------------------------------------------------------------------------------
 * Combinators
 * ------------------------------------------------------------------------------------------- */

/* asyncio.gather: waits for all `count` tasks and stores their results, in argument order, in
 * results[] (may be NULL). Returns AW_OK when every task succeeded. When one fails or is
 * cancelled, returns its status at once and the others keep running. Cancelling the waiting
 * task cancels the tasks that are not done. Suspends (even when all are done already, the
 * completions take one hop as in asyncio). count == 0 returns AW_OK at once. */
int aw_gather(aw_task *const *tasks, size_t count, aw_value *results);
/* gather(return_exceptions=True): waits for all, stores every status in statuses[] (may be
 * NULL) and result in results[] (may be NULL); returns AW_OK, or AW_ECANCELED if the waiting
 * task was cancelled. */
int aw_gather_all(aw_task *const *tasks, size_t count, aw_value *results, int *statuses);
/* asyncio.wait(return_when=FIRST_COMPLETED): waits until one task finishes and stores in
 * *index the position of the first whose completion was seen (ties go to the one that finished
 * first, then to argument order). The others keep running. Returns AW_OK, AW_EINVAL for
 * count == 0, or AW_ECANCELED if the waiting task was cancelled (the tasks are not). */
int aw_wait_first(aw_task *const *tasks, size_t count, size_t *index);

enum {
    /* aw_wait_first_with: cancel the tasks still running once the wait is over. */
    AW_WAIT_FIRST_CANCEL_OTHERS = 1
};

/* aw_wait_first with `flags` (0 is aw_wait_first). With AW_WAIT_FIRST_CANCEL_OTHERS, once the
 * wait ends (AW_OK, or AW_ECANCELED because the waiting task was cancelled) every task that is
 * not done is cancelled, in argument order, before the call returns; that is asyncio's
 *     done, pending = await asyncio.wait(tasks, return_when=FIRST_COMPLETED)
 *     for t in pending: t.cancel()
 * with the loop in a `finally:`. The call does not wait for the cancelled tasks: they run their
 * cancellation (and any clean-up) from the next iteration on, and the caller still owns its
 * handles (aw_gather_all over them waits until they are done). Returns as aw_wait_first, or
 * AW_EINVAL for an unknown flag. */
int aw_wait_first_with(aw_task *const *tasks, size_t count, size_t *index, int flags);

/* asyncio.wait's return_when. */
enum {
    AW_FIRST_COMPLETED = 1, /* any task finishes (or is cancelled) */
    AW_FIRST_EXCEPTION = 2, /* any task fails (an error other than AW_ECANCELED), or all finish */
    AW_ALL_COMPLETED = 3    /* all tasks finish */
};

/* asyncio.wait(tasks, timeout, return_when): waits until `return_when` holds or `timeout_ms`
 * passes (the usual timeout: < 0 none, 0 only what is done already, as the callbacks of done
 * tasks run before the deadline does), then stores in done[i] (may be NULL) whether tasks[i] is
 * done: asyncio's done and pending sets. The tasks are never cancelled, by the timeout or by a
 * cancellation of the waiting task. Each task's completion is seen through a done callback,
 * so the wait suspends even when the tasks are done already, and ends two hops after the
 * completion that satisfies it (rule 12). Returns AW_OK (the condition holds), AW_ETIMEDOUT
 * (the timeout passed first: asyncio returns normally then, with the sets), AW_ECANCELED (the
 * waiting task was cancelled; done[] is filled all the same), AW_EINVAL (count == 0, a NULL
 * array or task, the running task, an unknown return_when), AW_ENOMEM or AW_ESTATE
 * (outside a task). */
int aw_wait(aw_task *const *tasks, size_t count, int return_when, int64_t timeout_ms,
            bool *done);
/* aw_wait over futures (asyncio.wait over futures): a failed future is one done with an error
 * other than AW_ECANCELED. */
int aw_wait_futures(aw_future *const *futures, size_t count, int return_when,
                    int64_t timeout_ms, bool *done);

/* asyncio.as_completed: an iterator that hands out tasks in the order they finish. */
typedef struct aw_as_completed aw_as_completed;

/* Starts watching `count` tasks (or futures): a done callback on each, and a timer that
 * expires after `timeout_ms` (< 0: none). Callable from any code on the loop's thread (the
 * callbacks of tasks done already are queued at once). Does not suspend. Returns AW_OK,
 * AW_EINVAL (a NULL argument or task, the running task), AW_ENOMEM or AW_ESTATE (no loop).
 * aw_as_completed_free takes back the callbacks and the timer (not while a task waits in a
 * next); the tasks are never cancelled and stay the caller's. */
int aw_as_completed_new(aw_as_completed **it, aw_task *const *tasks, size_t count,
                        int64_t timeout_ms);
int aw_as_completed_new_futures(aw_as_completed **it, aw_future *const *futures, size_t count,
                                int64_t timeout_ms);
/* The next task to finish: stores its position in the array given to new in *index and returns
 * AW_OK (the task's own status and result are read with aw_task_status / aw_task_result, or
 * aw_await, which does not suspend then). Suspends while none is waiting to be handed out; a
 * finish reaches a waiting next two hops later, as in asyncio. Once the timeout has passed,
 * every next returns AW_ETIMEDOUT, once per task not yet handed out. After `count` results
 * (AW_OK or AW_ETIMEDOUT) it returns AW_ECLOSED, as the end of asyncio's iteration. Returns
 * AW_ECANCELED if the waiting task is cancelled: unlike asyncio, that next does not count, so
 * a later one still hands the task out. AW_ESTATE outside a task or while another task waits
 * in a next of the same iterator; AW_EINVAL for NULL. */
int aw_as_completed_next(aw_as_completed *it, size_t *index);
void aw_as_completed_free(aw_as_completed *it);

/* ---------------------------------------------------------------------------------------------
 * Timeout scopes and shielded sections
 * ------------------------------------------------------------------------------------------- */

/* asyncio.timeout(): a deadline around any sequence of awaits in one task. When it passes, the
 * task is cancelled at its current await (or at its next one); aw_timeout_leave then turns
 * that one cancellation into AW_ETIMEDOUT and the task goes on. A cancellation from outside
 * (aw_cancel by someone else) is never swallowed: leave returns AW_ECANCELED then. That holds
 * for a cancellation requested before the scope was entered and still pending (held back by a
 * shielded section, or the task's aw_cancel of itself), which lands inside the scope: there
 * asyncio.timeout() reports a timeout and loses the cancellation; aw does not. Scopes nest.
 * The struct lives on the caller's stack; its fields are private.
 *
 *     aw_timeout scope;
 *     aw_timeout_enter(&scope, 100);
 *     int status = aw_sleep(1000);              // AW_ECANCELED after 100 ms
 *     status = aw_timeout_leave(&scope, status); // AW_ETIMEDOUT
 */
typedef struct aw_timeout {
    aw_task *task;
    void *timer;
    int64_t deadline;
    int cancelling_at_entry;
    int state;
} aw_timeout;

/* Enters a scope whose deadline is `ms` milliseconds from now (ms == 0: already expired: the
 * cancellation is queued at once, as asyncio does; ms < 0: no deadline, as timeout(None), until
 * aw_timeout_reschedule sets one). Only inside a task. Returns AW_OK,
 * AW_ESTATE outside a task, or AW_ENOMEM. Does not suspend. */
int aw_timeout_enter(aw_timeout *scope, int64_t ms);
/* Moves the deadline to `ms` from now (ms < 0: no deadline). AW_ESTATE once expired or left. */
int aw_timeout_reschedule(aw_timeout *scope, int64_t ms);
/* Leaves the scope. `status` is the result of the last operation inside it. Returns
 * AW_ETIMEDOUT if the deadline expired and `status` is AW_ECANCELED because of it; otherwise
 * returns `status` unchanged. Does not suspend. */
int aw_timeout_leave(aw_timeout *scope, int status);
/* True once the deadline has passed and the scope cancelled its task. */
bool aw_timeout_is_expired(const aw_timeout *scope);

/* ---------------------------------------------------------------------------------------------
 * Task groups (asyncio.TaskGroup, Trio's nursery): children cannot outlive the group
 * ------------------------------------------------------------------------------------------- */

typedef struct aw_group aw_group;

/* Opens a group owned by the running task (its "parent"), as `async with TaskGroup()`.
 * Returns AW_OK, AW_ESTATE outside a task, or AW_ENOMEM. */
int aw_group_new(aw_group **group);
/* Spawns a child into the group, like aw_spawn (`task` may be NULL; a handle returned must be
 * released). Any task may spawn into a group it can see. Returns AW_ESTATE once the group has
 * finished or is cancelling its children after a failure. Does not suspend. */
int aw_group_spawn(aw_group *group, aw_task **task, aw_task_fn fn, void *arg,
                   const aw_spawn_options *options);
/* Closes the group (`__aexit__`): waits until every child is done and returns the outcome.
 * `body_status` is the status the parent's own code inside the group ended with (AW_OK if it
 * simply reached the end). When a child fails (returns an error other than AW_ECANCELED), every
 * other child is cancelled, in spawn order, and so is the parent's await in progress inside
 * the group; the group then returns the first error. A cancellation of the parent from
 * outside cancels the children and is returned as AW_ECANCELED; when there are errors too, the
 * first error is returned and that cancellation is requested again, so the parent's next wait
 * ends cancelled. The cancellation the group itself made of the parent is withdrawn.
 * Suspends while children run. Call it exactly once, from the parent. */
int aw_group_wait(aw_group *group, int body_status);
/* Copies up to `capacity` error statuses, in the order they happened (children's first, then
 * the body's), and returns how many there are. */
size_t aw_group_errors(const aw_group *group, int *statuses, size_t capacity);
/* Frees the group. Its children must be done (after aw_group_wait); else AW_ESTATE. */
int aw_group_free(aw_group *group);

/* Single waits with a deadline (asyncio.wait_for, built on a timeout scope): as aw_await and
 * aw_future_await, but after `ms` milliseconds the wait is cancelled (which cancels the awaited
 * task and waits for it to finish, or cancels the future) and AW_ETIMEDOUT is returned. */
int aw_await_for(aw_task *task, int64_t ms, aw_value *result);
int aw_future_await_for(aw_future *future, int64_t ms, aw_value *result);

/* A shielded section: cancellation requests made while the running task is inside it are
 * held back and land on the first suspension after aw_shield_end (Trio's shielded cancel
 * scope; asyncio.shield() protects a whole awaitable instead). Sections nest. Does not
 * suspend. aw_shield_begin returns AW_OK, or AW_ESTATE outside a task. */
int aw_shield_begin(void);
int aw_shield_end(void);

/* asyncio.shield: *outer receives a new future (the caller owns one reference) that follows
 * `future` (or `task`'s completion): the same status and result, one hop after it completes
 * (at once if it is done already). Cancelling the outer, or a task awaiting it, does not cancel
 * the inner: it keeps running, and its outcome is dropped. So
 *     aw_task_shield(task, &outer); status = aw_future_await(outer, &value);
 * is `value = await asyncio.shield(task)`: a cancellation of the awaiting task ends its wait
 * with AW_ECANCELED and leaves `task` running. Does not suspend. Returns AW_OK, AW_EINVAL
 * (NULL), AW_ENOMEM or AW_ESTATE (no loop). */
int aw_future_shield(aw_future *future, aw_future **outer);
int aw_task_shield(aw_task *task, aw_future **outer);

/* ---------------------------------------------------------------------------------------------
 * Synchronisation primitives: asyncio's Lock, Event, Semaphore, BoundedSemaphore, Condition
 *
 * Same behaviour as asyncio's locks.py (docs/sync.md): acquiring something free does not
 * yield; waiters are served in the order they started waiting; a release or set wakes its
 * waiters with one hop through the ready queue (rule 7). A waiter woken and then cancelled
 * before it runs passes the wake-up on, so no wake-up is lost and no lock or unit leaks.
 * Each primitive is created on this thread's loop with *_new (AW_OK, AW_EINVAL, AW_ENOMEM, or
 * AW_ESTATE without a loop) and freed with *_free, which must not be called while a task waits
 * on it (or has been woken by it and has not run yet). The waiting calls suspend; outside a
 * task they return AW_ESTATE; they return AW_ECANCELED when the task is cancelled meanwhile,
 * and then hold nothing (a lock is not acquired, a unit not taken).
 * ------------------------------------------------------------------------------------------- */

typedef struct aw_lock aw_lock;
/* asyncio.Event. */
typedef struct aw_event aw_event;
typedef struct aw_semaphore aw_semaphore;
typedef struct aw_condition aw_condition;

/* A lock (asyncio.Lock), created unlocked. Not owned by a task: any task may release it. */
int aw_lock_new(aw_lock **lock);
void aw_lock_free(aw_lock *lock);
/* Takes the lock. Returns at once (without yielding) if it is free and nobody waits for it;
 * otherwise suspends until a release reaches this task, in FIFO order. Returns AW_OK (the
 * lock is held), AW_ECANCELED, AW_EINVAL or AW_ESTATE. */
int aw_lock_acquire(aw_lock *lock);
/* Unlocks and wakes the first waiter, which takes the lock when it runs. Does not suspend.
 * Returns AW_OK, or AW_ESTATE if the lock is not locked. */
int aw_lock_release(aw_lock *lock);
bool aw_lock_is_locked(const aw_lock *lock);

/* An event (asyncio.Event): a flag, initially clear, that tasks can wait for. */
int aw_event_new(aw_event **event);
void aw_event_free(aw_event *event);
/* Sets the flag and wakes every waiter, in the order they started waiting. Does not suspend. */
void aw_event_set(aw_event *event);
/* Clears the flag; later waits suspend until the next set. */
void aw_event_clear(aw_event *event);
bool aw_event_is_set(const aw_event *event);
/* Returns at once if the flag is set, else suspends until it is. Returns AW_OK, AW_ECANCELED,
 * AW_EINVAL or AW_ESTATE. */
int aw_event_wait(aw_event *event);

/* A semaphore (asyncio.Semaphore) holding `value` >= 0 units. Fair (asyncio 3.11.3+): an
 * acquire that finds units but also finds tasks waiting does not jump ahead of them.
 * aw_semaphore_new_bounded makes a BoundedSemaphore: releasing beyond `value` is an error. */
int aw_semaphore_new(aw_semaphore **semaphore, int value);
int aw_semaphore_new_bounded(aw_semaphore **semaphore, int value);
void aw_semaphore_free(aw_semaphore *semaphore);
/* Takes one unit: at once if one is free and no task waits (aw_semaphore_is_locked is false),
 * else suspends until a release hands one to this task, in FIFO order. Returns AW_OK,
 * AW_ECANCELED, AW_EINVAL or AW_ESTATE. */
int aw_semaphore_acquire(aw_semaphore *semaphore);
/* Gives back one unit, handing it to the first waiter if there is one. Does not suspend.
 * Returns AW_OK, or AW_ESTATE when a bounded semaphore would exceed its initial value. */
int aw_semaphore_release(aw_semaphore *semaphore);
/* True if an acquire would wait (no unit, or tasks waiting). */
bool aw_semaphore_is_locked(const aw_semaphore *semaphore);
/* Free units (units handed to woken waiters that have not run yet are not counted). */
int aw_semaphore_value(const aw_semaphore *semaphore);

/* A condition variable (asyncio.Condition) over `lock`, or over a lock of its own if `lock`
 * is NULL. The lock is borrowed: it must outlive the condition. */
int aw_condition_new(aw_condition **condition, aw_lock *lock);
void aw_condition_free(aw_condition *condition);
/* The underlying lock. */
aw_lock *aw_condition_lock(aw_condition *condition);
/* aw_lock_acquire / aw_lock_release on the underlying lock. */
int aw_condition_acquire(aw_condition *condition);
int aw_condition_release(aw_condition *condition);
/* The caller must hold the lock. Releases it, suspends until notified, then takes the lock
 * back before returning, whatever happened: even when cancelled, the lock is held again on
 * return. A waiter that returns an error passes one notification on to the next waiter
 * (Python 3.13's rule), so a notification is never lost; waits may therefore end spuriously:
 * re-check the state. Returns AW_OK, AW_ECANCELED, AW_EINVAL, or AW_ESTATE (lock not held, or
 * not in a task). */
int aw_condition_wait(aw_condition *condition);
/* Waits (as aw_condition_wait) until predicate(arg) is true; checks it first, with the lock
 * held. Returns AW_OK once it holds, or the first error of a wait. */
int aw_condition_wait_for(aw_condition *condition, bool (*predicate)(void *arg), void *arg);
/* Wakes up to `n` waiters (FIFO); they return from their wait once they re-acquire the lock,
 * which the caller still holds. Does not suspend. Returns AW_OK, or AW_ESTATE if the lock is
 * not held. */
int aw_condition_notify(aw_condition *condition, size_t n);
int aw_condition_notify_all(aw_condition *condition);

/* A barrier (asyncio.Barrier) for `parties` >= 1 tasks (AW_EINVAL for 0). */
typedef struct aw_barrier aw_barrier;

int aw_barrier_new(aw_barrier **barrier, size_t parties);
void aw_barrier_free(aw_barrier *barrier);
/* Waits until `parties` tasks wait, then all of them go on, the last to arrive without
 * yielding and the others one hop later, in the order they arrived; *index (may be NULL)
 * receives the arrival position, 0 .. parties - 1. A task arriving while the barrier is still
 * releasing the previous round (or resetting) first waits for that to end. Suspends (except
 * for the last arrival). Returns AW_OK, AW_EBROKEN (the barrier was aborted, or reset while
 * the task waited), AW_ECANCELED (the task leaves: the barrier is not broken, and the others
 * keep waiting for a full round), AW_EINVAL or AW_ESTATE. */
int aw_barrier_wait(aw_barrier *barrier, size_t *index);
/* Returns the barrier to its empty state: tasks waiting in it get AW_EBROKEN (it is resetting
 * until they have left; newcomers wait for that). asyncio's reset() and abort() are coroutines
 * only because they take the barrier's lock, which is always free when they run: these do not
 * suspend and may be called from any code on the loop's thread. Return AW_OK or AW_EINVAL. */
int aw_barrier_reset(aw_barrier *barrier);
/* Breaks the barrier: waiting tasks and every later aw_barrier_wait get AW_EBROKEN, until a
 * reset. */
int aw_barrier_abort(aw_barrier *barrier);
size_t aw_barrier_parties(const aw_barrier *barrier);
/* Tasks waiting for the current round to fill (0 while it releases, resets or is broken). */
size_t aw_barrier_n_waiting(const aw_barrier *barrier);
bool aw_barrier_is_broken(const aw_barrier *barrier);

/* ---------------------------------------------------------------------------------------------
 * Queues: asyncio.Queue of aw_value (docs/queue.md)
 * ------------------------------------------------------------------------------------------- */

typedef struct aw_queue aw_queue;

/* A FIFO queue holding at most `maxsize` values (0: unbounded). Created on this thread's loop:
 * AW_OK, AW_EINVAL, AW_ENOMEM or AW_ESTATE. aw_queue_free drops the values still queued (their
 * owner frees what they point to) and must not be called while a task waits on the queue. */
int aw_queue_new(aw_queue **queue, size_t maxsize);
/* asyncio.LifoQueue: the same queue, but a get takes the newest value. */
int aw_queue_new_lifo(aw_queue **queue, size_t maxsize);
/* Orders two values of a priority queue: negative if `a` comes out first, positive if `b`
 * does, 0 if they are equal in priority. */
typedef int (*aw_queue_compare)(aw_value a, aw_value b);
/* asyncio.PriorityQueue: a get takes the value that `compare` orders first (NULL: the smallest
 * .i), and of values equal in priority the one put first (asyncio compares the items
 * themselves; a twin puts (priority, sequence, item) tuples to get aw's order). */
int aw_queue_new_priority(aw_queue **queue, size_t maxsize, aw_queue_compare compare);
void aw_queue_free(aw_queue *queue);
/* Appends `value`. Returns at once when there is room; otherwise suspends until a get makes
 * room and this task's turn comes (waiting putters are woken FIFO and re-check the room when
 * they run, as in asyncio). Returns AW_OK, AW_ECANCELED (nothing was put), AW_ENOMEM,
 * AW_EINVAL or AW_ESTATE. */
int aw_queue_put(aw_queue *queue, aw_value value);
/* Removes the oldest value (the newest for a LIFO queue, the first in priority for a priority
 * queue) into *value (may be NULL). Returns at once when one is queued;
 * otherwise suspends until a put. Returns AW_OK, AW_ECANCELED (nothing was taken: the value
 * stays queued for the next getter), AW_EINVAL or AW_ESTATE. */
int aw_queue_get(aw_queue *queue, aw_value *value);
/* The same without waiting: AW_EAGAIN when the queue is full (put) or empty (get). Callable
 * from any code on the loop's thread. */
int aw_queue_try_put(aw_queue *queue, aw_value value);
int aw_queue_try_get(aw_queue *queue, aw_value *value);
/* Marks one value taken by a get as processed. When every value put has been marked, the
 * tasks in aw_queue_join wake up. Returns AW_OK, or AW_ESTATE if called more times than
 * values were put. Does not suspend. */
int aw_queue_task_done(aw_queue *queue);
/* Suspends until every value put has been marked with aw_queue_task_done (at once if so).
 * Returns AW_OK, AW_ECANCELED, AW_EINVAL or AW_ESTATE. */
int aw_queue_join(aw_queue *queue);
size_t aw_queue_size(const aw_queue *queue);
size_t aw_queue_maxsize(const aw_queue *queue);
bool aw_queue_is_empty(const aw_queue *queue);
bool aw_queue_is_full(const aw_queue *queue);

/* ---------------------------------------------------------------------------------------------
 * Channels and select (Go's chan and select; docs/channels.md)
 * ------------------------------------------------------------------------------------------- */

typedef struct aw_channel aw_channel;

/* A capacity meaning "no limit": sends never wait. */
#define AW_CHANNEL_UNBOUNDED SIZE_MAX

/* A channel buffering up to `capacity` values: 0 makes a rendezvous channel (a send waits
 * until a receiver takes the value), AW_CHANNEL_UNBOUNDED an unbounded one. Created on this
 * thread's loop: AW_OK, AW_EINVAL, AW_ENOMEM or AW_ESTATE. aw_channel_free drops buffered
 * values and must not be called while a task waits on the channel. */
int aw_channel_new(aw_channel **channel, size_t capacity);
void aw_channel_free(aw_channel *channel);
/* Sends `value`: hands it to the first waiting receiver, or buffers it if there is room
 * (neither yields), or suspends until a receiver takes it or buffer room frees up for it.
 * Returns AW_OK (delivered or buffered), AW_ECLOSED (the channel is or gets closed; the value
 * was not sent), AW_ECANCELED (not sent), AW_ENOMEM, AW_EINVAL or AW_ESTATE. A send whose
 * value was taken before its task, cancelled meanwhile, ran again returns AW_OK: the
 * cancellation then lands on the task's next suspension. */
int aw_channel_send(aw_channel *channel, aw_value value);
/* Receives into *value (may be NULL): the oldest buffered value, else a waiting sender's,
 * else suspends until a send. Buffered values are still delivered after close. Returns AW_OK,
 * AW_ECLOSED (closed and drained), AW_ECANCELED (nothing received: a value handed to this
 * task before it was cancelled goes back to the channel, to the next receiver), AW_EINVAL or
 * AW_ESTATE. */
int aw_channel_recv(aw_channel *channel, aw_value *value);
/* The same without waiting: AW_EAGAIN when the operation would have to wait. Callable from any
 * code on the loop's thread. */
int aw_channel_try_send(aw_channel *channel, aw_value value);
int aw_channel_try_recv(aw_channel *channel, aw_value *value);
/* Closes the channel: waiting receivers, then waiting senders, are woken with AW_ECLOSED;
 * later sends return AW_ECLOSED; receives drain the buffer, then return AW_ECLOSED. Does not
 * suspend. Returns AW_OK, or AW_ECLOSED if it was closed already. */
int aw_channel_close(aw_channel *channel);
bool aw_channel_is_closed(const aw_channel *channel);
/* Values buffered now, and the capacity given at creation. */
size_t aw_channel_size(const aw_channel *channel);
size_t aw_channel_capacity(const aw_channel *channel);

typedef enum aw_select_op { AW_SELECT_SEND = 1, AW_SELECT_RECV = 2 } aw_select_op;

typedef struct aw_select_case {
    aw_channel *channel; /* NULL: the case is disabled (never ready), as a nil channel in Go */
    aw_select_op op;
    aw_value value;      /* SEND: the value to send; RECV: receives the value */
} aw_select_case;

/* Completes exactly one of `count` channel operations and stores its position in *index.
 * A case is ready when its operation could complete at once; a case on a closed channel is
 * ready and completes with AW_ECLOSED. If several are ready, one is picked uniformly from a
 * pseudo-random sequence owned by the loop, seeded identically for every loop (splitmix64), so
 * selects are fair and a program makes the same choices on every run. If none is ready,
 * suspends until one completes, or until `timeout_ms` passes (-1: no limit; 0: do not wait).
 * Returns the chosen case's status (AW_OK or AW_ECLOSED), AW_ETIMEDOUT (no case completed;
 * *index untouched), AW_ECANCELED (no case completed; cancellation follows the rules of
 * aw_channel_send and aw_channel_recv), AW_ENOMEM, AW_EINVAL, or AW_ESTATE (outside a task,
 * unless timeout_ms is 0). */
int aw_select(aw_select_case *cases, size_t count, int64_t timeout_ms, size_t *index);

/* ---------------------------------------------------------------------------------------------
 * I/O: waiting for file descriptors, any-fd reads and writes, signals, blocking work on threads,
 * TCP, Unix and UDP sockets (native builds; TCP and UDP also on the simulated network, every
 * target)
 *
 * The loop's I/O backend (aw_loop_options.io_backend) polls the fds that tasks wait on. A fd
 * found ready queues its waiting task in the iteration whose poll saw it. On targets without
 * them (wasm), these functions return AW_ENOTSUP.
 * ------------------------------------------------------------------------------------------- */

/* Wait until `fd` is readable / writable (or has an error or hang-up pending), at most `ms`
 * milliseconds (ms < 0: no limit; ms == 0: only if the next poll finds it ready). The fd should
 * be non-blocking. One task at a time may wait for each direction of an fd. Suspends. Returns
 * AW_OK, AW_ETIMEDOUT, AW_ECANCELED, AW_ESTATE (outside a task, or another task already waits
 * for the same fd and direction), AW_EINVAL (fd < 0) or AW_ENOTSUP (the backend cannot wait on
 * this fd: a regular file under epoll, or the "sleep" backend). */
int aw_wait_readable(int fd, int64_t ms);
int aw_wait_writable(int fd, int64_t ms);
/* The name of the loop's I/O backend: "epoll", "poll" or "sleep". */
const char *aw_loop_io_backend(const aw_loop *loop);
/* The I/O backends this build has, best first (the default): the name of the index-th, or NULL
 * past the last ("epoll", "poll", "sleep" on Linux; "js", "sleep" on Emscripten). Any of them
 * may be given as aw_loop_options.io_backend or AW_IO_BACKEND. */
const char *aw_io_backend_name(size_t index);

/* A function run on a worker thread by aw_offload. It must not call aw_* functions other than
 * aw_loop_call_threadsafe. */
typedef aw_value (*aw_offload_fn)(void *arg);

/* asyncio.to_thread: runs fn(arg) on a worker thread of the loop's pool (up to 4 threads,
 * started on first use, joined by aw_loop_free) and waits for it while the loop runs the other
 * tasks; stores fn's return value in *result (may be NULL). Suspends. Returns AW_OK, AW_ENOMEM,
 * AW_ESTATE, AW_ENOTSUP (no threads on this target), or AW_ECANCELED. Running work cannot be
 * stopped, so a cancellation of the waiting task is held until fn returns: aw_offload then
 * returns AW_ECANCELED (the result is still stored). `arg` and `result` may therefore live on
 * the caller's stack. */
int aw_offload(aw_offload_fn fn, void *arg, aw_value *result);

/* File I/O through the offload pool: pread / pwrite that do not block the loop. *done receives
 * the bytes transferred (pread: 0 at end of file). Return AW_OK, AW_EIO (aw_last_os_error
 * tells which error), AW_ECANCELED, ... as aw_offload. */
int aw_file_pread(int fd, void *buffer, size_t size, int64_t offset, size_t *done);
int aw_file_pwrite(int fd, const void *buffer, size_t size, int64_t offset, size_t *done);

/* asyncio's call_soon_threadsafe, and the one call any thread may make: queues fn(arg) to run
 * on the loop's thread, as one ready entry of its next iteration. Another thread's call wakes
 * the loop through the same eventfd (a pipe elsewhere) the offload pool uses, so a loop
 * blocked in its I/O wait returns from it; from the loop's own thread the entry is appended at
 * once, as call_soon. Calls run in the order they were made (from several threads: the order
 * they reached the loop). fn runs as a done callback does: it may complete futures, set
 * events, spawn tasks, but must not suspend. Does not suspend or block (it takes a mutex for a
 * moment). The loop must outlive the call: calls still queued when it is freed are dropped
 * without running. Returns AW_OK, AW_ENOMEM, AW_EINVAL (NULL loop or fn), or AW_ENOTSUP (no
 * threads on this target, or the "sleep" backend).
 *
 * A loop finishes when nothing it knows of can wake a task: aw_loop_run returns, and aw_run
 * reports AW_EDEADLOCK for a main task that still waits. A call that another thread has not
 * made yet is not something it knows of; to wait for one, hold the loop (below). */
int aw_loop_call_threadsafe(aw_loop *loop, void (*fn)(void *arg), void *arg);
/* Keeps the loop alive for work done by other threads: while it is held (more aw_loop_hold
 * than aw_loop_unhold calls), the loop never concludes that it has nothing left to do; with
 * nothing ready and no timer due it blocks in its I/O wait until a cross-thread call (or an
 * fd) wakes it. Hold before handing the work to the thread, and unhold in the fn the thread
 * sends back. The loop's thread only. A hold counts as an I/O wait (aw_loop_get_stats).
 * Return AW_OK, AW_EINVAL (NULL), AW_ENOTSUP (as aw_loop_call_threadsafe; hold), or AW_ESTATE
 * (unhold without a hold). */
int aw_loop_hold(aw_loop *loop);
int aw_loop_unhold(aw_loop *loop);

/* Reading and writing any fd from a task: pipes, FIFOs, terminals, eventfds, character
 * devices, sockets (aw_tcp_* for TCP), as neco_read / neco_write. The call tries the system call
 * first and waits for the fd only when it would block, with the statuses, deadlines,
 * cancellation and trace events (AW_WAIT_IO, object_id: the fd) of aw_tcp_read /
 * aw_tcp_write_all. Each call sets O_NONBLOCK on the fd if it is not set (on the open file
 * description: its dups, and a process that shares it, such as the shell of an inherited
 * terminal, see it too; put the flags back with fcntl if that matters). The fd stays the
 * caller's: close it with aw_fd_close, or close(2) when no task waits on it. One task at a time
 * may wait for each direction of an fd. A regular file is always ready: the call never waits
 * but blocks the loop for the disk's time (aw_file_pread / pwrite do not).
 * On the "sleep" backend, a call that has to wait returns AW_ENOTSUP; on WASI the fd is not
 * made non-blocking (WASI cannot): a read waits for readiness (poll_oneoff) and then reads,
 * and a write is made at once, so a write bigger than a pipe's room blocks; on Emscripten
 * every call returns AW_ENOTSUP. */

/* Reads what is available, up to `size` bytes, waiting until at least one byte or the end of
 * the stream arrives. *got receives the count; 0 means end of file (a pipe whose writers have
 * all closed; a terminal's ^D). A read of size 0 returns AW_OK with 0 without waiting. Returns
 * AW_OK, AW_ETIMEDOUT, AW_ECANCELED, AW_ECLOSED (another task closed the fd with aw_fd_close
 * meanwhile), AW_ESTATE (outside a task, or another task reads the fd), AW_EINVAL (fd < 0, not
 * open (aw_last_os_error: EBADF), not readable, NULL got, or an eventfd given fewer than 8
 * bytes), AW_ENOTSUP, AW_EIO; *got is 0 on every error. Suspends. */
int aw_fd_read(int fd, void *buffer, size_t size, size_t *got, int64_t ms);
/* Writes all `size` bytes, waiting while the fd cannot take more (a pipe whose reader does not
 * read). Returns AW_OK, AW_ETIMEDOUT, AW_ECANCELED, AW_ECLOSED, AW_EPIPE (every reader of the
 * pipe has closed it: aw turns the SIGPIPE this raises into the status), AW_ESTATE, AW_EINVAL
 * (fd < 0, not open or not writable), AW_ENOTSUP, AW_EIO. *written (may be NULL) tells how
 * many bytes the fd took, whatever the status. Suspends. */
int aw_fd_write_all(int fd, const void *buffer, size_t size, size_t *written, int64_t ms);
/* Closes `fd`: tasks waiting on it (aw_fd_*, aw_wait_*) get AW_ECLOSED, and the backend
 * forgets it. Does not suspend; callable outside a task. Returns AW_OK, AW_EINVAL (fd < 0 or
 * not open), or close(2)'s error (AW_EIO: the fd is closed all the same). */
int aw_fd_close(int fd);

/* Waiting for POSIX signals (native builds, backends "epoll" and "poll"), as libuv's uv_signal.
 * A watcher catches a set of signals for the loop of the thread that creates it, and tasks wait
 * on it. The first watcher of a signal in the process installs aw's handler for it; the last
 * one freed puts back the handler that was there before (a program that installs its own
 * meanwhile replaces aw's). The handler is async-signal-safe: it counts the signal and wakes
 * the loop through its wake-up fd; the loop hands it to its watchers when it next polls.
 *  - Nothing is lost while nobody waits: each watcher counts every signal of its set that
 *    arrives from its creation on, and each wait takes one (the lowest-numbered one when
 *    several kinds are pending). What the kernel merges stays merged: a standard signal sent
 *    twice before the handler runs once counts once.
 *  - Several watchers of one signal each get every arrival (two loops, or two parts of one
 *    program); several tasks waiting on one watcher are served in FIFO order, one signal each.
 *  - Several loops (one per thread): a signal reaches one thread, and aw hands it to every
 *    loop that watches it, whichever thread it reached.
 *  - SIGQUIT can be watched: while it is, it no longer dumps the tasks (see Signals above).
 *    SIGKILL, SIGSTOP and the faults SIGSEGV, SIGBUS, SIGILL, SIGFPE cannot.
 * On the "sleep" backend aw_signal_new returns AW_ENOTSUP, as on WebAssembly (no signals). */
typedef struct aw_signal aw_signal;

/* Creates a watcher of the `count` signals in `signals` (duplicates are ignored) for this
 * thread's loop. Does not suspend; callable outside a task. Returns AW_OK, AW_EINVAL (NULL
 * watcher or signals, count 0, or a signal that cannot be watched), AW_ESTATE (no loop on this
 * thread), AW_ENOTSUP, or AW_ENOMEM (also when 64 loops of the process already watch
 * signals). */
int aw_signal_new(aw_signal **watcher, const int *signals, size_t count);
/* Waits until one of the watcher's signals is pending, takes it and stores its number in
 * *signal_number (may be NULL). A signal pending already (sent before the call, even by the
 * task itself with raise) is taken at once. At most `ms` milliseconds (the conventions above).
 * In the trace, the wait is an AW_WAIT_IO on the loop's wake-up fd (direction read). Suspends.
 * Returns AW_OK, AW_ETIMEDOUT, AW_ECANCELED (a signal that was meanwhile kept for this task
 * goes to the next waiter, or stays pending), AW_ECLOSED (another task freed the watcher
 * meanwhile), AW_ESTATE (outside a task), AW_EINVAL (NULL, or another loop's watcher). */
int aw_signal_wait(aw_signal *watcher, int *signal_number, int64_t ms);
/* Frees the watcher: its pending signals are dropped, tasks waiting on it get AW_ECLOSED, and
 * the previous handler of a signal comes back when no watcher in the process has it. Watchers
 * still open when their loop is freed are freed with it. NULL is a no-op. The loop's thread. */
void aw_signal_free(aw_signal *watcher);

/* A TCP socket: a listener or a connection. The handle owns a non-blocking fd; close it with
 * aw_tcp_close (not close(2): the loop keeps the fd in its poll set between waits). Every call
 * that takes `ms` waits at most that many milliseconds in total (ms < 0: no limit) and then
 * returns AW_ETIMEDOUT. The statuses each call can return are listed with it; the ones that
 * end a wait mean the same everywhere:
 *   AW_ETIMEDOUT   the `ms` deadline passed (what was done so far is reported, see each call)
 *   AW_ECANCELED   the calling task was cancelled while it waited; the wait ends at once
 *   AW_ECLOSED     another task closed (or reset) this socket while the call waited on it
 *   AW_ECONNRESET  the peer reset the connection (RST: it closed with unread data, crashed,
 *                  or called aw_tcp_reset)
 *   AW_EPIPE       writing to a connection whose peer has gone (or after aw_tcp_shutdown)
 *   AW_ESTATE      outside a task, or another task already waits on the same socket in the
 *                  same direction (one reader, one writer, one acceptor at a time)
 *   AW_EIO         any other system error (EHOSTUNREACH, ...)
 * On a loop with aw_loop_options.simulated_network, the same calls run over an in-memory
 * network instead (every target; docs/io.md) and return the same statuses. */
typedef struct aw_socket aw_socket;

enum {
    AW_TCP_REUSEPORT = 1 /* aw_tcp_listen: SO_REUSEPORT, several listeners share the port */
};

/* Binds `host` and `port` (0: an ephemeral port, see aw_tcp_local_port) with SO_REUSEADDR,
 * and listens with `backlog` (<= 0: SOMAXCONN). `host` is a numeric IPv4 or IPv6 address
 * (converted at once: the call does not suspend and works outside a task too), NULL for every
 * IPv4 interface, or a name such as "localhost", which is resolved on the offload pool as
 * aw_tcp_connect does: the call then suspends, so it needs a task. Returns AW_OK,
 * AW_EADDRINUSE (the port is taken), AW_ENOTFOUND (the name does not resolve), AW_EMFILE,
 * AW_ENOMEM, AW_ENOTSUP (AW_TCP_REUSEPORT where there is no SO_REUSEPORT), AW_EINVAL (NULL
 * listener, port out of 0..65535, a flag other than AW_TCP_REUSEPORT), AW_EIO (an address of no local interface, ...); for a name
 * also AW_ECANCELED, and AW_ESTATE outside a task. */
int aw_tcp_listen(aw_socket **listener, const char *host, int port, int backlog, int flags);
/* Waits for and accepts one connection (a client that reset before it was accepted is skipped
 * silently). Suspends. Returns AW_OK, AW_ETIMEDOUT, AW_ECANCELED, AW_ECLOSED (the listener was
 * closed meanwhile), AW_EMFILE (out of fds: the connection stays queued in the backlog),
 * AW_ENOMEM, AW_ESTATE, AW_EINVAL, AW_EIO. */
int aw_tcp_accept(aw_socket *listener, aw_socket **connection, int64_t ms);
/* Resolves `host` on the offload pool (numeric addresses skip it; the lookup counts against
 * `ms`, and a cancellation or the deadline ends it at once, the late answer being freed when
 * it arrives), then connects, trying each address in turn. Suspends. Returns AW_OK,
 * AW_ETIMEDOUT (no answer in time: the lookup was slow, or the peer's SYN queue is full),
 * AW_ECANCELED, AW_ECONNREFUSED (nobody listens there), AW_ENOTFOUND (the name does not
 * resolve), AW_ECONNRESET, AW_EMFILE, AW_ENOMEM, AW_ESTATE, AW_EINVAL (NULL host, port out of
 * 1..65535), AW_EIO (network unreachable, ...). */
int aw_tcp_connect(aw_socket **connection, const char *host, int port, int64_t ms);
/* Reads what is available, up to `size` bytes, waiting until at least one byte or the end of
 * the stream arrives. *got receives the count; 0 means the peer closed its side (EOF), and any
 * later read returns AW_OK with 0 again. A read of size 0 returns AW_OK with 0 at once, without
 * waiting (it says nothing about the end of the stream). Returns AW_OK, AW_ECONNRESET, AW_ETIMEDOUT,
 * AW_ECANCELED, AW_ECLOSED, AW_ESTATE, AW_EINVAL, AW_EIO; *got is 0 on every error. */
int aw_tcp_read(aw_socket *socket, void *buffer, size_t size, size_t *got, int64_t ms);
/* Reads exactly `size` bytes. Returns as aw_tcp_read, and AW_ECLOSED also when the stream ends
 * first; *got (may be NULL) tells how many bytes arrived, whatever the status. */
int aw_tcp_read_exact(aw_socket *socket, void *buffer, size_t size, size_t *got, int64_t ms);
/* Writes all `size` bytes, waiting while the socket's send buffer is full (a peer that does
 * not read makes it wait). Returns AW_OK, AW_ETIMEDOUT, AW_ECANCELED, AW_ECLOSED, AW_EPIPE or
 * AW_ECONNRESET (the peer has closed or reset: which one depends on timing), AW_ESTATE,
 * AW_EINVAL, AW_EIO. *written (may be NULL) tells how many bytes the kernel took, whatever
 * the status: after AW_ETIMEDOUT or AW_ECANCELED, exactly those bytes reach the peer. */
int aw_tcp_write_all(aw_socket *socket, const void *buffer, size_t size, size_t *written,
                     int64_t ms);
/* Closes the write side (the peer reads EOF); reading still works. Does not suspend. Returns
 * AW_OK, AW_ECLOSED (the connection is no longer connected: it was reset), AW_EINVAL,
 * AW_EIO. */
int aw_tcp_shutdown(aw_socket *socket);
/* Closes the socket and frees the handle. A task waiting on it gets AW_ECLOSED. NULL is a
 * no-op. Does not suspend. */
void aw_tcp_close(aw_socket *socket);
/* Aborts the connection and frees the handle, as close with SO_LINGER 0 does: the peer gets a
 * reset instead of an end of stream (its next read or write returns AW_ECONNRESET) and bytes
 * not yet delivered are dropped. A task waiting on the socket gets AW_ECLOSED. Does not
 * suspend. Returns AW_OK, AW_EINVAL (NULL), or the error of setting SO_LINGER (the socket is
 * closed and freed all the same). */
int aw_tcp_reset(aw_socket *socket);
/* TCP_NODELAY on or off (connections; accepted and connected sockets start with it on).
 * Returns AW_OK, AW_EINVAL, AW_EIO. Does not suspend. */
int aw_tcp_set_nodelay(aw_socket *socket, bool on);
/* The local port (useful after listening on port 0), or a negative status. */
int aw_tcp_local_port(const aw_socket *socket);
/* The socket's fd, for getsockopt and the like; do not close it. AW_ENOTSUP on a simulated
 * network. Any aw_socket: TCP, Unix or UDP. */
int aw_tcp_fd(const aw_socket *socket);

/* Unix domain stream sockets (native builds; AW_ENOTSUP on wasm). A Unix socket is the same
 * aw_socket as a TCP one, with the same stream calls: aw_tcp_accept, aw_tcp_read,
 * aw_tcp_read_exact, aw_tcp_write_all, aw_tcp_shutdown, aw_tcp_close, aw_tcp_reset and
 * aw_tcp_fd work on it and return the same statuses; aw_tcp_set_nodelay returns AW_ENOTSUP and
 * aw_tcp_local_port AW_EINVAL. Only the address differs: a file system path, or on Linux a name
 * in the abstract namespace written "@name" (no file, gone with its last socket; on other
 * systems "@name" is an ordinary path). Unix sockets are real even on a loop with
 * simulated_network.
 *
 * Listens on `path` with `backlog` (<= 0: SOMAXCONN). A socket file left at `path` by a process
 * that is gone (nobody accepts there) is removed first; a live listener's path, or a path that
 * is not a socket, is AW_EADDRINUSE. aw_tcp_close of the listener removes the file it made (if
 * it is still that file). Does not suspend. Returns AW_OK, AW_EADDRINUSE, AW_ENOENT (the
 * directory does not exist), AW_EACCES, AW_ENAMETOOLONG (longer than sockaddr_un takes: 107
 * bytes on Linux), AW_EMFILE, AW_ENOMEM, AW_ENOTSUP (wasm), AW_EINVAL (NULL or empty path),
 * AW_EIO. */
int aw_unix_listen(aw_socket **listener, const char *path, int backlog);
/* Connects to the listener at `path` ("@name": abstract, Linux). Suspends. Returns AW_OK,
 * AW_ENOENT (no such path), AW_ECONNREFUSED (a socket file nobody listens on), AW_EAGAIN (the
 * listener's backlog is full: Linux refuses at once instead of waiting), AW_EACCES,
 * AW_ENAMETOOLONG, AW_ETIMEDOUT, AW_ECANCELED, AW_EMFILE, AW_ENOMEM, AW_ESTATE, AW_ENOTSUP,
 * AW_EINVAL, AW_EIO. */
int aw_unix_connect(aw_socket **connection, const char *path, int64_t ms);

/* UDP: datagrams, on real sockets or, on a loop with simulated_network, between the loop's own
 * tasks (every target; docs/io.md). Each send is one datagram and each receive takes one whole
 * datagram. Deadlines, cancellation and the statuses that end a wait are those of TCP above.
 * An address received is numeric. aw_udp_* on a stream socket, and aw_tcp_accept, aw_tcp_read*
 * or aw_tcp_write_all on a UDP socket, return AW_EINVAL; aw_tcp_fd works on both. */
typedef struct aw_address {
    char host[46]; /* "127.0.0.1", "::1": a numeric address, NUL-terminated */
    int port;
} aw_address;

/* A UDP socket bound to `host` and `port` (0: an ephemeral port, see aw_udp_local_port).
 * `host` as aw_tcp_listen's: numeric (no suspension), NULL for every IPv4 interface ("::" for
 * IPv6, which the socket then sends over), or a name, resolved on the offload pool (suspends).
 * Returns AW_OK, AW_EADDRINUSE, AW_ENOTFOUND, AW_EACCES, AW_EMFILE, AW_ENOMEM, AW_EINVAL (NULL
 * socket, port out of 0..65535), AW_EIO; for a name also AW_ECANCELED and AW_ESTATE outside a
 * task. */
int aw_udp_bind(aw_socket **socket, const char *host, int port);
/* Connects the socket to one peer: aw_udp_send and aw_udp_recv then work, datagrams from
 * anyone else are dropped, and a datagram refused by the peer's host (nobody bound there: ICMP
 * port unreachable) makes a later send or receive return AW_ECONNREFUSED, once (Linux; other
 * systems may say nothing). May be called again to change the peer. A name is resolved on the
 * offload pool, within `ms`. Returns AW_OK, AW_ENOTFOUND, AW_ETIMEDOUT, AW_ECANCELED, AW_EINVAL
 * (NULL host, port out of 1..65535, an IPv6 peer for an IPv4 socket), AW_ESTATE, AW_EIO. */
int aw_udp_connect(aw_socket *socket, const char *host, int port, int64_t ms);
/* Sends `size` bytes as one datagram to host:port (a name is resolved first, within `ms`),
 * waiting while the socket's send buffer is full. Sent is not delivered: a datagram nobody
 * receives is lost without an error. Returns AW_OK, AW_EMSGSIZE (larger than a datagram can
 * be: 65507 bytes over IPv4), AW_ECONNREFUSED (connected sockets, see above), AW_ETIMEDOUT,
 * AW_ECANCELED, AW_ECLOSED, AW_ENOTFOUND, AW_ESTATE, AW_EINVAL, AW_EIO. */
int aw_udp_send_to(aw_socket *socket, const void *data, size_t size, const char *host, int port,
                   int64_t ms);
/* aw_udp_send_to the connected peer; AW_ESTATE if the socket is not connected. */
int aw_udp_send(aw_socket *socket, const void *data, size_t size, int64_t ms);
/* Receives one datagram into `buffer`, waiting until one arrives; *got receives its length (0
 * is a valid, empty datagram) and *from (may be NULL) its sender. A datagram longer than `size`
 * is truncated: its first `size` bytes are stored, *got is `size` and the status is
 * AW_EMSGSIZE (the rest is lost). Returns AW_OK, AW_EMSGSIZE, AW_ECONNREFUSED (connected
 * sockets), AW_ETIMEDOUT, AW_ECANCELED, AW_ECLOSED, AW_ESTATE (outside a task, or another task
 * already receives on the socket), AW_EINVAL, AW_EIO; *got is 0 on every other error. */
int aw_udp_recv_from(aw_socket *socket, void *buffer, size_t size, size_t *got, aw_address *from,
                     int64_t ms);
/* aw_udp_recv_from on a connected socket (AW_ESTATE if it is not): only the peer's datagrams. */
int aw_udp_recv(aw_socket *socket, void *buffer, size_t size, size_t *got, int64_t ms);
/* The local port, or a negative status. */
int aw_udp_local_port(const aw_socket *socket);
/* Closes the socket and frees the handle; a task waiting on it gets AW_ECLOSED. NULL is a
 * no-op. Does not suspend. */
void aw_udp_close(aw_socket *socket);

/* ---------------------------------------------------------------------------------------------
 * Output
 * ------------------------------------------------------------------------------------------- */

/* printf to stdout, recorded in the trace as output of the running task (the playground's
 * console). Returns the number of bytes written or a negative status. */
int aw_printf(const char *format, ...) AW_PRINTF_LIKE(1, 2);
int aw_write_output(const char *data, size_t size);

/* ---------------------------------------------------------------------------------------------
 * Driving a loop by hand (the playground, embedding in another event loop, tests)
 * ------------------------------------------------------------------------------------------- */

/* Creates a loop and makes it this thread's loop (aw_spawn and aw_future_new use it). Returns
 * AW_OK, AW_ENOMEM, or AW_ESTATE if this thread already has one. */
int aw_loop_new(aw_loop **loop, const aw_loop_options *options);
/* Frees the loop with every task and stack it still holds; task and future handles die with it.
 * Must not be called from inside a task. */
void aw_loop_free(aw_loop *loop);
/* This thread's loop, or NULL. */
aw_loop *aw_loop_current(void);

/* Runs one entry of the ready queue: a task step (the task runs until its next suspension or
 * its end) or a callback (a fired timer, a future's done callback). When the current iteration
 * has no entries left, first starts the next iteration as rule 2 says (waits for I/O or the
 * next timer, moving the clock forward, and queues due timers). Returns 1 if it ran an entry,
 * 0 when nothing is left to run (no ready entry, no timer, no I/O wait) or when aw_loop_stop's
 * last iteration is over (the stop is then used up), AW_EINVAL for a NULL loop or AW_ESTATE
 * when called from a task. */
int aw_loop_step(aw_loop *loop);
/* Runs one whole iteration: the entries queued when it starts. Returns as aw_loop_step. */
int aw_loop_run_iteration(aw_loop *loop);
/* asyncio's loop.stop(): the iteration in progress (or, between iterations, the next one) is
 * the last; it runs all its entries without waiting for I/O or timers, then the run call
 * returns (aw_loop_step returns 0 once). Callable from a task, a callback or outside the loop. */
void aw_loop_stop(aw_loop *loop);
/* Runs until `task` is done, as asyncio's run_until_complete: a done callback on the task stops
 * the loop, so the entries already queued when the task finishes still run (one more
 * iteration). Returns AW_OK, AW_EDEADLOCK if the loop ran out of work first, AW_ESTATE if
 * aw_loop_stop stopped it first or when called from a task, AW_EINVAL for a NULL argument,
 * AW_ENOMEM if the done callback cannot be added. The run-to-completion calls run
 * the same entries in the same order as stepping does, but faster: on the register-swap
 * backends, while no observer is attached, a suspending task switches straight to the next
 * ready task instead of going through the scheduler. */
int aw_loop_run_until_done(aw_loop *loop, aw_task *task);
/* Runs until there is nothing left to run or aw_loop_stop stops it. Returns AW_OK, or
 * AW_EDEADLOCK if tasks are still waiting when nothing can wake them, or AW_EINVAL / AW_ESTATE
 * (a NULL loop; called from a task). */
int aw_loop_run(aw_loop *loop);
/* Cancels every live task (in spawn order) and runs the loop until all are done, as asyncio.run
 * does at the end; a task spawned by clean-up code is cancelled in a later round. Returns AW_OK,
 * or AW_EDEADLOCK when some task cannot finish (it is reported on stderr), or AW_EINVAL /
 * AW_ESTATE (a NULL loop; called from a task). It is aw_loop_shutdown_begin followed by
 * aw_loop_shutdown_step until that returns 0 or an error. */
int aw_loop_shutdown(aw_loop *loop);
/* The same shutdown one entry at a time, for a driver that steps the loop itself (the
 * playground): begin cancels the live tasks in spawn order; each step cancels the tasks spawned
 * since the last round, if any, then runs one entry as aw_loop_step. A step returns 1 when it
 * ran an entry, 0 once every task is done, AW_EDEADLOCK when tasks are left that nothing can
 * finish (not reported: the caller decides), AW_ESTATE from a task or before begin. */
int aw_loop_shutdown_begin(aw_loop *loop);
int aw_loop_shutdown_step(aw_loop *loop);

/* Embedding: a loop driven by a caller's own event loop (a poll() or epoll loop, a GUI's, a
 * game's frame loop, libuv's), which does all the waiting (docs/embedding.md). Each turn of the
 * caller's loop calls aw_loop_try_run_iteration, then waits as long as
 * aw_loop_backend_timeout_ms allows for its own fds and for aw_loop_backend_fd (or every fd of
 * aw_loop_poll_fds).
 *
 * aw_loop_run_iteration without the wait, as libuv's uv_run(UV_RUN_NOWAIT): polls the I/O
 * backend with a zero timeout, queues the due timers and runs the entries queued at that
 * moment (rule 2); what they schedule runs in the next call's iteration. When nothing is ready
 * and no timer is due, it starts no iteration: the caller's wait stands for the one the loop
 * would have made, so a program runs the same iterations, in the same order, whether aw_run or
 * a caller's loop drives it. An iteration left partway by aw_loop_step is finished instead.
 * The virtual clock does not jump here: it moves only by aw_blocking_sleep, so a caller can
 * drive a simulation frame by frame. aw_loop_stop has no run to end: the iteration it makes
 * the last runs as any other, and the stop is used up with it. On Emscripten it never hands
 * the thread back to JavaScript (AW_JS_SLICE_MS does not apply): call it without {async: true},
 * from a requestAnimationFrame callback, say. Returns 1 when it ran an iteration, AW_EAGAIN
 * when none was due (timers or I/O waits are pending: wait, then call again), 0 when nothing
 * is left to run (no ready entry, no timer, no I/O wait: every task is done, or those left
 * wait on what only the caller's code can complete), AW_EINVAL for a NULL loop, AW_ESTATE when
 * called from a task. */
int aw_loop_try_run_iteration(aw_loop *loop);
/* libuv's uv_backend_timeout: how long the caller may wait before the next
 * aw_loop_try_run_iteration, in milliseconds of the loop's clock (rounded up): 0 when entries
 * are ready or a timer is due, the time until the next timer otherwise, or -1 when there is no
 * timer (only an fd or the caller's code can give the loop work). On the virtual clock,
 * aw_blocking_sleep(timeout) moves the clock there. Reads the clock. AW_EINVAL for a NULL
 * loop. */
int64_t aw_loop_backend_timeout_ms(aw_loop *loop);
/* libuv's uv_backend_fd: one fd that becomes readable when the loop's I/O wait would find
 * something (an fd a task waits on is ready, another thread called aw_loop_call_threadsafe):
 * the epoll fd of the "epoll" backend, which a caller watches for reading in its own poll(),
 * epoll or GUI loop, then calls aw_loop_try_run_iteration. Level-triggered: it stays readable
 * until aw_loop_try_run_iteration has polled. Returns the fd (do not close it), AW_ENOTSUP where
 * no one fd stands for the waits (the "poll" backend: use aw_loop_poll_fds; "sleep";
 * WebAssembly), or AW_EINVAL for a NULL loop. */
int aw_loop_backend_fd(const aw_loop *loop);

enum { AW_POLL_READ = 1, AW_POLL_WRITE = 2 };

/* One fd a caller's poll() watches for the loop (aw_loop_poll_fds). */
typedef struct aw_poll_fd {
    int fd;
    int events; /* AW_POLL_READ, AW_POLL_WRITE or both: POLLIN, POLLOUT */
} aw_poll_fd;

/* Every fd the loop's I/O wait polls, for a caller's poll() to watch with its own: the "poll"
 * backend's set (the fds tasks wait on and the wake-up of aw_loop_call_threadsafe), or the one
 * fd of aw_loop_backend_fd ("epoll"). Copies at most `capacity` into fds and returns how many
 * there are: call again with more room when it returns more than capacity. The set changes as
 * tasks run: ask again after each aw_loop_try_run_iteration. 0 for a NULL loop and where the
 * loop polls no fds ("sleep", Emscripten). */
size_t aw_loop_poll_fds(const aw_loop *loop, aw_poll_fd *fds, size_t capacity);

/* The loop's clock in nanoseconds (virtual: since the loop started). */
int64_t aw_loop_now_ns(const aw_loop *loop);
/* The number of the iteration running or last run; 0 before the first. */
uint64_t aw_loop_iteration(const aw_loop *loop);
/* Tasks not yet done. */
size_t aw_loop_live_tasks(const aw_loop *loop);

/* What a loop holds at one moment, as libuv's uv_metrics_info: a program can watch its
 * resources, and a test can check that everything it took was given back. */
typedef struct aw_loop_stats {
    size_t live_tasks;     /* tasks not done (aw_loop_live_tasks) */
    size_t finished_tasks; /* done tasks whose record is kept because a handle to them is still
                              held (aw_task_unref or aw_join gives it back) */
    size_t stacks_in_use;  /* live_tasks + finished_tasks: a task's record lives in its stack,
                              which goes back to the cache when the record is freed */
    size_t stacks_cached;  /* released stacks kept for reuse, at most aw_loop_options.stack_cache
                              (stacks released beyond it are unmapped) */
    size_t timers_armed;   /* timers waiting for their deadline: sleeps, timeout scopes, select
                              timeouts, I/O deadlines */
    size_t futures;        /* futures of aw_future_new whose last reference is not released */
    size_t done_callbacks; /* done callbacks added and not yet run: aw_future_on_done's, the
                              one gather, wait, as_completed and task groups add to each
                              child, shield's two, and
                              the one aw_loop_run_until_done (so aw_run) adds to its task */
    size_t io_waits;       /* I/O waits in progress: fds, offloaded work, JavaScript promises,
                              and aw_loop_hold's holds */
    size_t ready;          /* entries in the ready queue: task steps, due timers, callbacks */
} aw_loop_stats;

/* Fills *stats with what `loop` holds now (all zero for a NULL loop; a NULL stats is a no-op).
 * Does not suspend; callable from a task or from plain code. Walks the task records (nothing
 * else counts the finished ones); the other fields are read as they are. */
void aw_loop_get_stats(const aw_loop *loop, aw_loop_stats *stats);

/* Milliseconds of this thread's loop clock; 0 without a loop. */
int64_t aw_now_ms(void);

/* Writes every live task to `fd`, one per line: id, name, state and, for a suspended task,
 * where it is suspended and what it waits on (a NULL loop writes nothing). Only async-signal-safe calls are used, so a
 * SIGQUIT handler can call it (native builds install one that does: kill -QUIT <pid>). */
void aw_loop_dump(const aw_loop *loop, int fd);

/* Signals (native builds). The first aw_loop_new of the process installs handlers for SIGSEGV,
 * SIGBUS and SIGQUIT, and the last aw_loop_free puts the previous ones back; a program that
 * installs its own after creating a loop replaces aw's. They serve every loop, one per thread:
 *  - Stack overflow: each thread that creates a loop with guard pages gets its own alternate
 *    signal stack (aw_loop_free on that thread frees it and restores the one it replaced). A
 *    fault anywhere in the guard region of the task running on the faulting thread prints
 *    `aw: stack overflow in task 7 "worker" (stack 64 KiB)` and aborts. Any other fault goes
 *    to the previous handler, or, if there was none, kills the process as it would have.
 *  - SIGQUIT dumps the loop of the thread it reaches (aw_loop_dump to stderr) and nothing else:
 *    another thread's loop changes under a handler that would walk it. kill -QUIT <pid> reaches
 *    one thread of the process (on Linux the main thread, unless it blocks SIGQUIT); to dump a
 *    given loop, send SIGQUIT to its thread (pthread_kill). When other loops are alive the dump
 *    ends with the line `aw: N other loop(s) not dumped: ...`; a thread without a loop prints
 *    only that line, starting `aw: no loop on this thread; `.
 *    A signal watcher of SIGQUIT (aw_signal_new) replaces the dump while it exists. */

/* ---------------------------------------------------------------------------------------------
 * Tracing: one hook that sees every scheduling event
 * ------------------------------------------------------------------------------------------- */

typedef enum aw_trace_kind {
    AW_TRACE_ITERATION,   /* an iteration starts: iteration, time, ready (entries it will run) */
    AW_TRACE_SPAWN,       /* task created (by: the creating task or none; object_id: the
                             future its done callbacks are queued for, see CALLBACK) */
    AW_TRACE_STEP_BEGIN,  /* task resumes at site (its first step: site.line == 0) */
    AW_TRACE_STEP_END,    /* task suspended at site, waiting on wait/object_id/deadline */
    AW_TRACE_WAKE,        /* task queued because what it waited on completed (by: task, timer) */
    AW_TRACE_TIMER_ARM,   /* timer object_id armed for deadline by task */
    AW_TRACE_TIMER_FIRE,  /* timer object_id ran (one ready entry) */
    AW_TRACE_TIMER_CANCEL,/* timer object_id cancelled before it fired */
    AW_TRACE_CALLBACK,    /* a future's done callback ran (one ready entry); object_id: future */
    AW_TRACE_DONE,        /* task finished with status and result */
    AW_TRACE_CANCEL,      /* cancellation of task requested (by: the requesting task) */
    AW_TRACE_OUTPUT,      /* task (or plain code) wrote data/size through aw_printf */
    /* The ready queue's other entries, when they are appended (a task's entry is appended by
     * SPAWN, WAKE, and STEP_END with AW_WAIT_READY). Both are emitted right after the append,
     * so every entry of the queue is traced in queue order. */
    AW_TRACE_TIMER_QUEUED,   /* timer object_id is due and queued (while the loop starts an
                                iteration, before its ITERATION event; or at once for a timer
                                due now); deadline */
    AW_TRACE_CALLBACK_QUEUED, /* a done callback of future object_id is queued */
    /* A gather, wait-first or task group (its future: object_id) of the task by_task_id waits
     * for task `task`: one per child not yet done, just before the STEP_END that waits on it. */
    AW_TRACE_GATHER_CHILD,
    /* The simulated network only (aw_loop_options.simulated_network): socket object_id changed
     * as socket_op says, by `task` (none when the loop's own code did it). */
    AW_TRACE_SOCKET
} aw_trace_kind;

typedef enum aw_wait_kind {
    AW_WAIT_NONE,
    AW_WAIT_READY,   /* yielded: back in the ready queue */
    AW_WAIT_TASK,    /* object_id: the awaited task's id */
    AW_WAIT_FUTURE,  /* object_id: the future's id */
    AW_WAIT_TIMER,   /* sleeping; object_id: the timer; deadline */
    AW_WAIT_GATHER,  /* gather, wait or as_completed over tasks (or futures); object_id: its
                        future (as_completed: the iterator's id) */
    AW_WAIT_IO,      /* the I/O layer: object_id is the fd, or on a simulated network the
                        socket's id (1, 2, ... per loop in creation order; each end of a
                        connection has its own); deadline */
    AW_WAIT_LOCK,    /* aw_lock_acquire; object_id: the lock */
    AW_WAIT_EVENT,   /* aw_event_wait; object_id: the event */
    AW_WAIT_SEMAPHORE, /* aw_semaphore_acquire; object_id: the semaphore */
    AW_WAIT_CONDITION, /* aw_condition_wait (re-acquiring the lock is AW_WAIT_LOCK) */
    AW_WAIT_QUEUE,   /* aw_queue_put/get/join; object_id: the queue */
    AW_WAIT_CHANNEL, /* send, receive or select; object_id: the (first) channel; deadline */
    AW_WAIT_BARRIER  /* aw_barrier_wait; object_id: the barrier */
} aw_wait_kind;

/* What happened to a socket of the simulated network (AW_TRACE_SOCKET). */
typedef enum aw_socket_op {
    AW_SOCKET_LISTEN,   /* a listener opened on port */
    AW_SOCKET_CONNECT,  /* a connection's client end opened, from port; peer_id: its server end,
                           queued on the listener until accepted */
    AW_SOCKET_ACCEPT,   /* the server end object_id was accepted; peer_id: its client end */
    AW_SOCKET_READ,     /* size bytes read (0: the end of the stream) */
    AW_SOCKET_WRITE,    /* size bytes written into the peer's buffer (a write that waits for
                           room emits one per part) */
    AW_SOCKET_SHUTDOWN, /* the write side shut down: the peer reads the end of the stream */
    AW_SOCKET_CLOSE,    /* closed */
    AW_SOCKET_RESET     /* reset (aw_tcp_reset, then CLOSE follows), or a connection never
                           accepted when its listener closed; the peer's next read or write
                           fails */
} aw_socket_op;

/* Which way an I/O wait goes (a listener waiting for a connection waits to read). */
typedef enum aw_io_direction { AW_IO_NONE, AW_IO_READ, AW_IO_WRITE } aw_io_direction;

typedef struct aw_trace_event {
    aw_trace_kind kind;
    uint64_t iteration;
    int64_t time;            /* loop clock, nanoseconds */
    const aw_task *task;     /* the task concerned (NULL for timer/callback events) */
    uint64_t task_id;        /* 0 when there is no task */
    const char *task_name;
    aw_site site;            /* STEP_BEGIN, STEP_END */
    aw_wait_kind wait;       /* STEP_END */
    uint64_t object_id;      /* awaited task / future / timer id, see the kinds */
    int64_t deadline;        /* STEP_END on a timer, TIMER_ARM: nanoseconds on the loop clock */
    uint64_t by_task_id;     /* WAKE, SPAWN, CANCEL: the task that caused it; 0: none */
    uint64_t by_timer_id;    /* WAKE: the timer that caused it; 0: none */
    int status;              /* DONE */
    aw_value result;         /* DONE */
    size_t ready;            /* ITERATION: entries this iteration runs */
    const char *data;        /* OUTPUT */
    size_t size;             /* OUTPUT */
    aw_io_direction direction; /* STEP_END on AW_WAIT_IO */
    aw_socket_op socket_op;  /* SOCKET; with peer_id, port and size as the op says */
    uint64_t peer_id;        /* SOCKET: CONNECT, ACCEPT */
    int port;                /* SOCKET: LISTEN, CONNECT */
} aw_trace_event;

/* Lower-case names for observers and tools: "step_begin", "timer"; "unknown" for a value out
 * of range. */
const char *aw_trace_kind_name(aw_trace_kind kind);
const char *aw_wait_kind_name(aw_wait_kind wait);
/* "read", "write"; "none" for AW_IO_NONE or a value out of range. */
const char *aw_io_direction_name(aw_io_direction direction);
/* "listen", "connect", "accept", "read", "write", "shutdown", "close", "reset"; "unknown" for a
 * value out of range. */
const char *aw_socket_op_name(aw_socket_op op);

typedef void (*aw_observer)(const aw_trace_event *event, void *userdata);

/* Adds an observer that receives every event of `loop`, synchronously, in order. Up to 4.
 * Observers must not call aw_* functions that schedule or suspend. Returns AW_OK or AW_ENOMEM. */
int aw_loop_observe(aw_loop *loop, aw_observer observer, void *userdata);
/* Removes an observer added with the same function and userdata. */
void aw_loop_unobserve(aw_loop *loop, aw_observer observer, void *userdata);

/* An observer that writes a Chrome Trace Event JSON file (open it in Perfetto or
 * chrome://tracing): one track per task, steps as complete events, waits as async spans,
 * wake-ups as flow arrows. aw_trace_chrome_start opens `path` and observes `loop`;
 * aw_trace_chrome_stop finishes the JSON and closes it (aw_loop_free does so too). */
int aw_trace_chrome_start(aw_loop *loop, const char *path);
int aw_trace_chrome_stop(aw_loop *loop);
/* The same writer into memory (for a target without files, such as the browser): on
 * aw_trace_chrome_stop (or aw_loop_free), *data receives the NUL-terminated JSON and *size its
 * length; both are written only then, and the caller frees *data with free(). If memory ran
 * out meanwhile, *data is NULL and aw_trace_chrome_stop returns AW_ENOMEM. Returns AW_OK,
 * AW_EINVAL, AW_ESTATE (a Chrome trace is already being written) or AW_ENOMEM. */
int aw_trace_chrome_start_memory(aw_loop *loop, char **data, size_t *size);

/* One entry of the ready queue, as aw_loop_ready reports it. */
typedef enum aw_ready_kind {
    AW_READY_TASK,     /* id: the task's step */
    AW_READY_TIMER,    /* id: a due timer */
    AW_READY_CALLBACK  /* id: the future whose done callback it is */
} aw_ready_kind;

typedef struct aw_ready_entry {
    aw_ready_kind kind;
    uint64_t id;
} aw_ready_entry;

/* Copies the ready queue, next entry first, into entries[0 .. capacity - 1] (timers cancelled
 * after they were queued, which the loop drops when it reaches them, are left out). Returns the
 * number of entries, which may be more than capacity. For tools that check what a trace
 * observer rebuilt (the playground's tests). */
size_t aw_loop_ready(const aw_loop *loop, aw_ready_entry *entries, size_t capacity);

/* ---------------------------------------------------------------------------------------------
 * Await-site macros: the calls below record where they were made.
 * ------------------------------------------------------------------------------------------- */

/* Records the await site of the next suspension of the running task. */
void aw_at(const char *file, int line, const char *function);

#define AW__AT(call) (aw_at(__FILE__, __LINE__, __func__), (call))
#define aw_await(task, result) AW__AT((aw_await)((task), (result)))
#define aw_join(task, result) AW__AT((aw_join)((task), (result)))
#define aw_yield() AW__AT((aw_yield)())
#define aw_sleep(ms) AW__AT((aw_sleep)(ms))
#define aw_future_await(future, result) AW__AT((aw_future_await)((future), (result)))
#define aw_gather(tasks, count, results) AW__AT((aw_gather)((tasks), (count), (results)))
#define aw_gather_all(tasks, count, results, statuses) \
    AW__AT((aw_gather_all)((tasks), (count), (results), (statuses)))
#define aw_wait_first(tasks, count, index) AW__AT((aw_wait_first)((tasks), (count), (index)))
#define aw_wait_first_with(tasks, count, index, flags) \
    AW__AT((aw_wait_first_with)((tasks), (count), (index), (flags)))
#define aw_wait(tasks, count, return_when, timeout_ms, done) \
    AW__AT((aw_wait)((tasks), (count), (return_when), (timeout_ms), (done)))
#define aw_wait_futures(futures, count, return_when, timeout_ms, done) \
    AW__AT((aw_wait_futures)((futures), (count), (return_when), (timeout_ms), (done)))
#define aw_as_completed_next(it, index) AW__AT((aw_as_completed_next)((it), (index)))
#define aw_barrier_wait(barrier, index) AW__AT((aw_barrier_wait)((barrier), (index)))
#define aw_lock_acquire(lock) AW__AT((aw_lock_acquire)(lock))
#define aw_event_wait(event) AW__AT((aw_event_wait)(event))
#define aw_semaphore_acquire(semaphore) AW__AT((aw_semaphore_acquire)(semaphore))
#define aw_condition_acquire(condition) AW__AT((aw_condition_acquire)(condition))
#define aw_condition_wait(condition) AW__AT((aw_condition_wait)(condition))
#define aw_condition_wait_for(condition, predicate, arg) \
    AW__AT((aw_condition_wait_for)((condition), (predicate), (arg)))
#define aw_queue_put(queue, value) AW__AT((aw_queue_put)((queue), (value)))
#define aw_queue_get(queue, value) AW__AT((aw_queue_get)((queue), (value)))
#define aw_queue_join(queue) AW__AT((aw_queue_join)(queue))
#define aw_channel_send(channel, value) AW__AT((aw_channel_send)((channel), (value)))
#define aw_channel_recv(channel, value) AW__AT((aw_channel_recv)((channel), (value)))
#define aw_select(cases, count, timeout_ms, index) \
    AW__AT((aw_select)((cases), (count), (timeout_ms), (index)))
#define aw_wait_readable(fd, ms) AW__AT((aw_wait_readable)((fd), (ms)))
#define aw_wait_writable(fd, ms) AW__AT((aw_wait_writable)((fd), (ms)))
#define aw_offload(fn, arg, result) AW__AT((aw_offload)((fn), (arg), (result)))
#define aw_file_pread(fd, buffer, size, offset, done) \
    AW__AT((aw_file_pread)((fd), (buffer), (size), (offset), (done)))
#define aw_file_pwrite(fd, buffer, size, offset, done) \
    AW__AT((aw_file_pwrite)((fd), (buffer), (size), (offset), (done)))
#define aw_fd_read(fd, buffer, size, got, ms) AW__AT((aw_fd_read)((fd), (buffer), (size), (got), (ms)))
#define aw_fd_write_all(fd, buffer, size, written, ms) \
    AW__AT((aw_fd_write_all)((fd), (buffer), (size), (written), (ms)))
#define aw_signal_wait(watcher, signal_number, ms) \
    AW__AT((aw_signal_wait)((watcher), (signal_number), (ms)))
#define aw_tcp_listen(listener, host, port, backlog, flags) \
    AW__AT((aw_tcp_listen)((listener), (host), (port), (backlog), (flags)))
#define aw_tcp_accept(listener, connection, ms) \
    AW__AT((aw_tcp_accept)((listener), (connection), (ms)))
#define aw_tcp_connect(connection, host, port, ms) \
    AW__AT((aw_tcp_connect)((connection), (host), (port), (ms)))
#define aw_tcp_read(socket, buffer, size, got, ms) \
    AW__AT((aw_tcp_read)((socket), (buffer), (size), (got), (ms)))
#define aw_tcp_read_exact(socket, buffer, size, got, ms) \
    AW__AT((aw_tcp_read_exact)((socket), (buffer), (size), (got), (ms)))
#define aw_tcp_write_all(socket, buffer, size, written, ms) \
    AW__AT((aw_tcp_write_all)((socket), (buffer), (size), (written), (ms)))
#define aw_await_for(task, ms, result) AW__AT((aw_await_for)((task), (ms), (result)))
#define aw_future_await_for(future, ms, result) \
    AW__AT((aw_future_await_for)((future), (ms), (result)))
#define aw_group_wait(group, body_status) AW__AT((aw_group_wait)((group), (body_status)))

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* AW_H */
