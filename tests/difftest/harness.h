/* The C side of the differential tests: what the programs written by emit.py call, and the
 * main function that runs them one after the other, each on a fresh loop on the virtual clock.
 * Every helper prints as its counterpart in aio.py does. A generated file includes this header,
 * defines its programs and lists them in dt_programs. */
#ifndef AW_DIFFTEST_HARNESS_H
#define AW_DIFFTEST_HARNESS_H

#include <aw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DT_MAX 8
#define DT_WATCHDOG_MS 1000
/* A program still running after this many watchdog rounds waits on something no cancellation
 * ends: the process ends (the runner goes on with the next program). */
#define DT_WATCHDOG_ROUNDS 10
/* A task's error code k (1..9), Failure(k) in Python. */
#define DT_FAILURE(k) (AW_ERROR_USER - (k))

typedef struct dt_program {
    long seed;
    aw_task_fn main;
} dt_program;

extern const dt_program dt_programs[];
extern const size_t dt_program_count;

/* The running program's tasks and primitives. */
static struct {
    int tasks, futures, events, locks, sems, queues, conds;
    aw_task *main, *dog;
    aw_task *t[DT_MAX];
    aw_future *f[DT_MAX];
    aw_event *e[DT_MAX];
    aw_lock *l[DT_MAX];
    aw_semaphore *s[DT_MAX];
    aw_queue *q[DT_MAX];
    aw_condition *c[DT_MAX];
} dt;

AW_PRINTF_LIKE(1, 2) static inline void dt_say(const char *format, ...)
{
    char line[512];
    va_list args;
    va_start(args, format);
    vsnprintf(line, sizeof line, format, args);
    va_end(args);
    aw_printf("%s @%lld\n", line, (long long)aw_now_ms());
}

/* A status as the Python side words it: "ok", "cancelled", "timeout", "error k". */
static const char *dt_status(int status, char *buffer, size_t size)
{
    if (status == AW_OK)
        return "ok";
    if (status == AW_ECANCELED)
        return "cancelled";
    if (status == AW_ETIMEDOUT)
        return "timeout";
    if (status <= AW_ERROR_USER)
        snprintf(buffer, size, "error %d", AW_ERROR_USER - status);
    else
        snprintf(buffer, size, "status %s", aw_err_name(status));
    return buffer;
}

static inline void dt_show(const char *what, int status)
{
    char buffer[64];
    dt_say("%s: %s", what, dt_status(status, buffer, sizeof buffer));
}

static inline void dt_show_value(const char *what, int status, aw_value value)
{
    if (status == AW_OK)
        dt_say("%s: ok %lld", what, (long long)value.i);
    else
        dt_show(what, status);
}

static inline void dt_outcome(const aw_task *task, char *buffer, size_t size)
{
    int status = aw_task_status(task);
    char word[64];
    if (status == AW_OK)
        snprintf(buffer, size, "ok %lld", (long long)aw_task_result(task).i);
    else
        snprintf(buffer, size, "%s", dt_status(status, word, sizeof word));
}

static inline void dt_done_callback(aw_task *task, void *arg)
{
    char outcome[80];
    dt_outcome(task, outcome, sizeof outcome);
    dt_say("done t%d: %s", (int)(intptr_t)arg, outcome);
}

static inline void dt_on_done(int j)
{
    if (aw_task_on_done(dt.t[j], dt_done_callback, (void *)(intptr_t)j) != AW_OK)
        dt_say("on_done t%d failed", j);
}

static inline void dt_spawn(int j, aw_task_fn fn)
{
    if (aw_spawn(&dt.t[j], fn, NULL) != AW_OK)
        dt_say("spawn t%d failed", j);
}

static inline int dt_watchdog(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (int round = 0;; round++) {
        if (aw_sleep(DT_WATCHDOG_MS) == AW_ECANCELED)
            return AW_ECANCELED;
        if (round == DT_WATCHDOG_ROUNDS) {
            aw_printf("watchdog: stuck\n");
            fflush(stdout);
            _exit(3);
        }
        dt_say("watchdog cancels t0");
        aw_cancel(dt.main);
    }
}

static inline void dt_begin(int tasks, int futures, int events, int locks, int conds)
{
    memset(&dt, 0, sizeof dt);
    dt.tasks = tasks, dt.futures = futures, dt.events = events, dt.locks = locks;
    dt.conds = conds;
    for (int i = 0; i < futures; i++)
        aw_future_new(&dt.f[i]);
    for (int i = 0; i < events; i++)
        aw_event_new(&dt.e[i]);
    for (int i = 0; i < locks; i++)
        aw_lock_new(&dt.l[i]);
    for (int i = 0; i < conds; i++)
        aw_condition_new(&dt.c[i], NULL);
    dt.main = dt.t[0] = aw_current();
    aw_spawn(&dt.dog, dt_watchdog, NULL);
}

static inline void dt_semaphore(int i, int value)
{
    aw_semaphore_new(&dt.s[i], value);
    dt.sems = i + 1;
}

static inline void dt_queue(int i, int maxsize)
{
    aw_queue_new(&dt.q[i], (size_t)maxsize);
    dt.queues = i + 1;
}

static inline int dt_gather(const char *what, aw_task *const *tasks, size_t count)
{
    aw_value results[DT_MAX];
    int status = aw_gather(tasks, count, results);
    if (status != AW_OK) {
        dt_show(what, status);
        return status;
    }
    char line[128] = "";
    for (size_t i = 0; i < count; i++)
        snprintf(line + strlen(line), sizeof line - strlen(line), "%s%lld", i ? "," : "",
                 (long long)results[i].i);
    dt_say("%s: ok %s", what, line);
    return status;
}

static inline int dt_wait_first(const char *what, aw_task *const *tasks, size_t count)
{
    size_t index = 0;
    int status = aw_wait_first(tasks, count, &index);
    dt_show_value(what, status, AW_INT(index));
    return status;
}

static inline void dt_group_new(aw_group **group)
{
    if (aw_group_new(group) != AW_OK)
        dt_say("group failed");
}

static inline void dt_group_spawn(aw_group *group, int j, aw_task_fn fn, const char *who)
{
    int status = aw_group_spawn(group, &dt.t[j], fn, NULL, NULL);
    if (status == AW_OK) {
        dt_say("%s spawns t%d", who, j);
        return;
    }
    dt.t[j] = NULL;
    dt_say("%s spawn t%d: refused", who, j);
}

/* Closes a group (the end of `async with TaskGroup()`) and prints its outcome; returns
 * AW_ECANCELED when the cancellation goes on up, as the CancelledError does in Python. */
static inline int dt_group_end(aw_group *group, int body, const char *what)
{
    int status = aw_group_wait(group, body);
    if (status == AW_OK) {
        dt_say("%s: ok", what);
    } else if (status != AW_ECANCELED) {
        int errors[DT_MAX];
        size_t count = aw_group_errors(group, errors, DT_MAX);
        char line[128] = "", word[64];
        for (size_t i = 0; i < count && i < DT_MAX; i++) {
            const char *text = dt_status(errors[i], word, sizeof word);
            if (strncmp(text, "error ", 6) == 0)
                text += 6;
            snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s", i ? "," : "", text);
        }
        dt_say("%s: error %s", what, line);
    }
    aw_group_free(group);
    return status;
}

static inline void dt_finish(aw_task *task)
{
    while (!aw_task_is_done(task))
        (void)aw_await(task, NULL);
}

/* Cancels the watchdog and every task still alive, waits until each is done, and frees what
 * the program made. */
static inline void dt_epilogue(void)
{
    dt_say("t0 epilogue");
    aw_cancel(dt.dog);
    for (int j = 1; j < dt.tasks; j++)
        if (dt.t[j] && !aw_task_is_done(dt.t[j]))
            aw_cancel(dt.t[j]);
    dt_finish(dt.dog);
    aw_task_unref(dt.dog);
    for (int j = 1; j < dt.tasks; j++) {
        if (!dt.t[j])
            continue;
        dt_finish(dt.t[j]);
        char outcome[80];
        dt_outcome(dt.t[j], outcome, sizeof outcome);
        dt_say("t0 final t%d: %s", j, outcome);
        aw_task_unref(dt.t[j]);
    }
    for (int i = 0; i < dt.futures; i++)
        aw_future_unref(dt.f[i]);
    for (int i = 0; i < dt.events; i++)
        aw_event_free(dt.e[i]);
    for (int i = 0; i < dt.conds; i++)
        aw_condition_free(dt.c[i]);
    for (int i = 0; i < dt.locks; i++)
        aw_lock_free(dt.l[i]);
    for (int i = 0; i < dt.sems; i++)
        aw_semaphore_free(dt.s[i]);
    for (int i = 0; i < dt.queues; i++)
        aw_queue_free(dt.q[i]);
}

/* Runs every program, or those whose seeds are given as arguments. */
int main(int argc, char **argv)
{
    static const aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    for (size_t i = 0; i < dt_program_count; i++) {
        bool chosen = argc < 2;
        for (int a = 1; a < argc && !chosen; a++)
            chosen = strtol(argv[a], NULL, 10) == dt_programs[i].seed;
        if (!chosen)
            continue;
        aw_printf("== program %ld\n", dt_programs[i].seed);
        int status = aw_run_with(dt_programs[i].main, NULL, NULL, &options);
        if (status == AW_EDEADLOCK)
            aw_printf("run: deadlock\n"); /* as aio.py prints the virtual loop's */
        else if (status != AW_OK)
            aw_printf("run: %s\n", aw_err_name(status));
        fflush(stdout);
    }
    return 0;
}

#endif
