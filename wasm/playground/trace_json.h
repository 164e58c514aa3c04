/*
 * trace_json.h - an aw observer that writes every scheduling event as one JSON object per line.
 *
 * The playground records a whole run with it and derives everything it draws from the lines
 * (web/js/state.js). Each line is one event, for example:
 *
 *   {"kind":"step_end","iteration":3,"time_ms":1000,"task":2,"name":"worker",
 *    "file":"say_after.c","line":12,"function":"worker","wait":"timer","object":4,
 *    "deadline_ms":2000}
 *
 * Always present: kind (iteration spawn step_begin step_end wake timer_arm timer_queued
 * timer_fire timer_cancel callback_queued callback done cancel output gather_child socket),
 * iteration, time_ms (the
 * loop clock in ms; may be fractional). With a task: task (its id) and name. By kind:
 *   iteration          ready: the entries this iteration runs
 *   spawn, cancel      by_task: the task that did it (0: plain code)
 *   step_begin         file (base name), line, function: where it resumes (line 0: first step)
 *   step_end           file, line, function: where it suspended; wait (ready task future timer
 *                      gather io lock event semaphore condition queue channel none), object;
 *                      deadline_ms (a timer's; an I/O wait's if it has one); direction (io:
 *                      read or write); frames (when the task is inside calls the example
 *                      names, frames.h: [{line, file, function, callee}], outermost first) and
 *                      frames_cut (true: some were not kept)
 *   wake               by_task / by_timer: what woke it (0: neither)
 *   timer_arm          object (timer id), deadline_ms, by_task
 *   timer_queued       object (timer id): appended to the ready queue (it is due)
 *   timer_fire/cancel  object (timer id)
 *   callback_queued    object (future id): its done callback appended to the ready queue
 *   callback           object (future id): that callback runs
 *   done               status (0 or a negative code), error (its name), result (as an integer)
 *   output             text
 *   gather_child       object (the gather's future id), by_task: the task that gathers `task`
 *   socket             object (socket id), op (listen connect accept read write shutdown close
 *                      reset), peer (connect, accept: the other end's id), port (listen,
 *                      connect: the local port), bytes (read, write; a read of 0: end of stream)
 * Every ready-queue entry is appended by exactly one line, in queue order: spawn, wake and
 * step_end with wait "ready" for a task, timer_queued, callback_queued.
 * The driver adds lines of its own with pg_trace_json_append_line: "meta" at the start and, after
 * each aw_loop_step, {"kind":"step","n":N,"ran":R} (R: what aw_loop_step returned); the
 * marker with n 0 closes the setup (the main task spawned). The events of step N are those
 * between markers N-1 and N.
 */
#ifndef AW_PLAYGROUND_TRACE_JSON_H
#define AW_PLAYGROUND_TRACE_JSON_H

#include <aw.h>

#include <stddef.h>

typedef struct pg_trace_json {
    char *data;      /* the lines written so far; NUL-terminated */
    size_t size;
    size_t capacity;
    bool failed;     /* an allocation failed: lines are missing since the last reset */
} pg_trace_json;

/* Starts recording `loop` into `trace` (which must stay alive while the loop runs). */
int pg_trace_json_start(pg_trace_json *trace, aw_loop *loop);
/* Stops observing `loop`; the recorded lines stay in the buffer. */
void pg_trace_json_stop(pg_trace_json *trace, aw_loop *loop);
/* Appends {"kind":"step","n":n,"ran":ran}: the driver's marker after each aw_loop_step. */
void pg_trace_json_mark_step(pg_trace_json *trace, unsigned long n, int ran);
/* Appends one line of raw JSON (the driver's own records: "meta", "end"). */
void pg_trace_json_append_line(pg_trace_json *trace, const char *json);
/* Forgets the recorded lines and a failure (keeps the memory). */
void pg_trace_json_reset(pg_trace_json *trace);
/* Frees the buffer. */
void pg_trace_json_free(pg_trace_json *trace);

#endif
