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
 * Always present: kind (iteration spawn step_begin step_end wake timer_arm timer_fire
 * timer_cancel callback done cancel output), iteration, time_ms (the loop clock in ms; may be
 * fractional). With a task: task (its id) and name. By kind:
 *   iteration          ready: the entries this iteration runs
 *   spawn, cancel      by_task: the task that did it (0: plain code)
 *   step_begin         file (base name), line, function: where it resumes (line 0: first step)
 *   step_end           file, line, function: where it suspended; wait (ready task future timer
 *                      gather io none), object, deadline_ms (timer waits)
 *   wake               by_task / by_timer: what woke it (0: neither)
 *   timer_arm          object (timer id), deadline_ms, by_task
 *   timer_fire/cancel  object (timer id)
 *   callback           object (future id)
 *   done               status (0 or a negative code), error (its name), result (as an integer)
 *   output             text
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
    size_t events;   /* lines written */
    int failed;      /* an allocation failed: the buffer is incomplete */
} pg_trace_json;

/* Starts recording `loop` into `trace` (which must stay alive while the loop runs). */
int pg_trace_json_start(pg_trace_json *trace, aw_loop *loop);
/* Stops observing `loop`; the recorded lines stay in the buffer. */
void pg_trace_json_stop(pg_trace_json *trace, aw_loop *loop);
/* Appends {"kind":"step","n":n,"ran":ran}: the driver's marker after each aw_loop_step. */
void pg_trace_json_mark_step(pg_trace_json *trace, unsigned long n, int ran);
/* Appends one line of raw JSON (the driver's own records: "meta", "end"). */
void pg_trace_json_append_line(pg_trace_json *trace, const char *json);
/* Forgets the recorded lines (keeps the memory). */
void pg_trace_json_reset(pg_trace_json *trace);
/* Frees the buffer. */
void pg_trace_json_free(pg_trace_json *trace);

#endif
