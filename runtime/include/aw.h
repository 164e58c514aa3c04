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
    AW_ERROR_USER = -1000 /* application-defined codes are <= AW_ERROR_USER */
};

/* A short human-readable message for any status ("operation cancelled"); never NULL. */
const char *aw_strerror(int status);
/* The symbolic name of a status ("AW_ECANCELED"); "AW_ERROR_USER" style names for user codes. */
const char *aw_err_name(int status);

/* ---------------------------------------------------------------------------------------------
 * Values, tasks, futures, loops
 * ------------------------------------------------------------------------------------------- */

/* A task's or future's result: one machine word, read through the member you stored. */
typedef union aw_value {
    void *ptr;
    int64_t i;
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
                               sleeping 10 s takes no time and always behaves the same */
} aw_clock_kind;

typedef struct aw_loop_options {
    aw_clock_kind clock;
    /* Stack size of tasks spawned without one, in bytes; 0 means 64 KiB. Rounded up to pages. */
    size_t stack_size;
    /* Guard pages: each stack gets an inaccessible page below it so that an overflow stops the
     * program with "aw: stack overflow in task N "name"" instead of corrupting memory. A guarded
     * stack costs two kernel memory mappings, which caps a process near 32,000 live tasks
     * (vm.max_map_count is 65530 by default). Set no_guard_pages for more tasks: stacks are
     * then carved from shared regions and an overflow is not detected. Native builds only. */
    bool no_guard_pages;
    /* How many released stacks to keep for reuse; 0 means 64. */
    size_t stack_cache;
} aw_loop_options;

/* Runs `main` as the main task on a fresh loop until it returns, as asyncio.run() does: then
 * every task still alive is cancelled and run until it finishes. Stores main's result in
 * *result (may be NULL) and returns main's status, or AW_EDEADLOCK when main waits on something
 * nothing can complete (the live tasks are then printed to stderr), or AW_ENOMEM / AW_ESTATE
 * (a loop already runs on this thread) when it cannot start.
 * Set AW_TRACE=path.json in the environment to write a Chrome trace of the run (native). */
int aw_run(aw_task_fn main, void *arg, aw_value *result);
/* aw_run with loop options; NULL means defaults. */
int aw_run_with(aw_task_fn main, void *arg, aw_value *result, const aw_loop_options *options);

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
 * aw_task_release (or aw_join); with task == NULL the task is detached and frees itself when it
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
/* aw_await, then aw_task_release. */
int aw_join(aw_task *task, aw_value *result);
/* Gives back the caller's handle. The task keeps running if it is not done. */
void aw_task_release(aw_task *task);

/* Lets every other ready entry run once: the calling task goes to the back of the ready queue
 * (asyncio's sleep(0)). Suspends. Returns AW_OK or AW_ECANCELED. */
int aw_yield(void);
/* Suspends for `ms` milliseconds of the loop's clock (a timer completes the wait; the task runs
 * in the iteration after the timer fires). ms <= 0 is aw_yield(). Returns AW_OK or AW_ECANCELED. */
int aw_sleep(int64_t ms);

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
uint64_t aw_task_id(const aw_task *task);       /* 1 for the first task of a loop, then 2, ... */
const char *aw_task_name(const aw_task *task);
aw_task_state aw_task_get_state(const aw_task *task);
bool aw_task_done(const aw_task *task);
/* A finished task's status (AW_ESTATE while it runs) and result. */
int aw_task_status(const aw_task *task);
aw_value aw_task_result(const aw_task *task);

/* ---------------------------------------------------------------------------------------------
 * Futures: a result that will be available later
 * ------------------------------------------------------------------------------------------- */

/* Creates a pending future on this thread's loop; the caller owns one reference.
 * Returns AW_OK, AW_ENOMEM or AW_ESTATE (no loop). */
int aw_future_new(aw_future **future);
/* Gives back one reference; the future is freed when the last is gone (waiting tasks and
 * pending done callbacks hold references of their own). */
void aw_future_release(aw_future *future);
/* Takes one more reference. */
void aw_future_retain(aw_future *future);

/* Complete a pending future. Its waiting tasks and done callbacks are appended to the ready
 * queue in the order they were added; none runs inside this call (rule 7). Callable from plain
 * C code on the loop's thread, from a task, or from a callback. Return AW_OK, or AW_ESTATE if
 * the future is already done. aw_future_set_error takes a negative status. */
int aw_future_set_result(aw_future *future, aw_value value);
int aw_future_set_error(aw_future *future, int status);
/* Completes a pending future as cancelled: its waiters get AW_ECANCELED. AW_ESTATE if done. */
int aw_future_cancel(aw_future *future);

bool aw_future_done(const aw_future *future);
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
 * 0 when nothing is left to run (no ready entry, no timer, no I/O wait), or a negative status. */
int aw_loop_step(aw_loop *loop);
/* Runs one whole iteration: the entries queued when it starts. Returns as aw_loop_step. */
int aw_loop_run_iteration(aw_loop *loop);
/* Runs until `task` is done. Returns AW_OK, or AW_EDEADLOCK if the loop ran out of work first. */
int aw_loop_run_until_done(aw_loop *loop, aw_task *task);
/* Runs until there is nothing left to run. Returns AW_OK, or AW_EDEADLOCK if tasks are still
 * waiting when nothing can wake them. */
int aw_loop_run(aw_loop *loop);
/* Cancels every live task (in spawn order) and runs the loop until all are done, as asyncio.run
 * does at the end. Returns AW_OK, or AW_EDEADLOCK when some task cannot finish (it is reported
 * on stderr). */
int aw_loop_shutdown(aw_loop *loop);

/* The loop's clock in nanoseconds (virtual: since the loop started). */
int64_t aw_loop_now(const aw_loop *loop);
/* The number of the iteration running or last run; 0 before the first. */
uint64_t aw_loop_iteration(const aw_loop *loop);
/* Tasks not yet done. */
size_t aw_loop_live_tasks(const aw_loop *loop);
/* Milliseconds of this thread's loop clock; 0 without a loop. */
int64_t aw_now_ms(void);

/* Writes every live task to `fd`, one per line: id, name, state and, for a suspended task,
 * where it is suspended and what it waits on. Only async-signal-safe calls are used, so a
 * SIGQUIT handler can call it (native builds install one that does: kill -QUIT <pid>). */
void aw_loop_dump(const aw_loop *loop, int fd);

/* ---------------------------------------------------------------------------------------------
 * Tracing: one hook that sees every scheduling event
 * ------------------------------------------------------------------------------------------- */

typedef enum aw_event_kind {
    AW_EVENT_ITERATION,   /* an iteration starts: iteration, time, ready (entries it will run) */
    AW_EVENT_SPAWN,       /* task created (by: the creating task or none) */
    AW_EVENT_STEP_BEGIN,  /* task resumes at site (its first step: site.line == 0) */
    AW_EVENT_STEP_END,    /* task suspended at site, waiting on wait/object_id/deadline */
    AW_EVENT_WAKE,        /* task queued because what it waited on completed (by: task, timer) */
    AW_EVENT_TIMER_ARM,   /* timer object_id armed for deadline by task */
    AW_EVENT_TIMER_FIRE,  /* timer object_id ran (one ready entry) */
    AW_EVENT_TIMER_CANCEL,/* timer object_id cancelled before it fired */
    AW_EVENT_CALLBACK,    /* a future's done callback ran (one ready entry); object_id: future */
    AW_EVENT_DONE,        /* task finished with status and result */
    AW_EVENT_CANCEL,      /* cancellation of task requested (by: the requesting task) */
    AW_EVENT_OUTPUT       /* task (or plain code) wrote data/size through aw_printf */
} aw_event_kind;

typedef enum aw_wait_kind {
    AW_WAIT_NONE,
    AW_WAIT_READY,   /* yielded: back in the ready queue */
    AW_WAIT_TASK,    /* object_id: the awaited task's id */
    AW_WAIT_FUTURE,  /* object_id: the future's id */
    AW_WAIT_TIMER,   /* sleeping; object_id: the timer; deadline */
    AW_WAIT_GATHER,  /* gather or wait-first over tasks; object_id: its future */
    AW_WAIT_IO       /* reserved for the I/O layer: object_id is the fd */
} aw_wait_kind;

typedef struct aw_event {
    aw_event_kind kind;
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
} aw_event;

typedef void (*aw_observer)(const aw_event *event, void *userdata);

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

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* AW_H */
