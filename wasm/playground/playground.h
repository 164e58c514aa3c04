/*
 * playground.h - the playground's driver: runs one example on a fresh loop with the virtual
 * clock, one ready entry per pg_step, and records every event as JSON (trace_json.h) and as a
 * Chrome trace (aw_trace_chrome_start_memory).
 *
 * The page (through the WebAssembly module) and the native recorder (record.c) use the same
 * calls:
 *
 *     pg_start(index);                       // "meta" line, the main task spawned
 *     while (pg_step() == PG_RUNNING) ...    // one aw_loop_step each, then a "step" line
 *     pg_stop();                             // frees the loop, finishes the Chrome trace
 *
 * When main is done, the tasks still alive are cancelled in spawn order and stepped until they
 * finish, as aw_run does; then an "end" line closes the record. A run still going after
 * PG_STEP_BUDGET steps is stopped with an "end" line whose reason is "budget". The recorded
 * lines are read with pg_trace_data / pg_trace_size and dropped with pg_trace_clear.
 */
#ifndef AW_PLAYGROUND_H
#define AW_PLAYGROUND_H

#include "examples/example.h"

#include <stddef.h>

extern const pg_example *const pg_examples[];
extern const int pg_example_count;

/* The step budget of every run, the page's and the recorder's: it keeps a program that never
 * ends from freezing the page. The "meta" and "end" lines carry it. */
enum { PG_STEP_BUDGET = 20000 };

enum {
    PG_IDLE = 0,      /* nothing started */
    PG_RUNNING = 1,   /* more steps to run */
    PG_FINISHED = 2,  /* main and every other task are done */
    PG_DEADLOCK = 3,  /* nothing can run and tasks still wait */
    PG_STOPPED = 4,   /* the step budget ran out */
    PG_FAILED = 5     /* the loop could not be created or a step failed */
};

/* A JSON array describing every example: name, title, explanation, sources (the files its
 * tasks run in, its own first), listed (false: only a link opens it). */
const char *pg_catalog_json(void);
int pg_catalog_json_size(void);
/* Starts example `index` (stopping any previous run). Returns the new state. */
int pg_start(int index);
/* Runs one ready entry and returns the state after it. */
int pg_step(void);
/* The state (PG_*) and the number of steps run so far. */
int pg_state(void);
int pg_steps(void);
/* Frees the loop of the current run and finishes its Chrome trace (the recorded lines stay
 * until pg_trace_clear, the Chrome trace until the next pg_start). */
void pg_stop(void);
/* The recorded lines (UTF-8, one JSON object per line) and their size in bytes. */
const char *pg_trace_data(void);
int pg_trace_size(void);
/* 1 if lines were lost since the last pg_trace_clear (out of memory): the record is cut. */
int pg_trace_failed(void);
void pg_trace_clear(void);
/* The Chrome trace JSON of the last run stopped with pg_stop (NULL, size 0: none, or memory
 * ran out). */
const char *pg_chrome_trace_data(void);
int pg_chrome_trace_size(void);
/* Stops the run and frees every buffer (the recorder calls it before exiting). */
void pg_release(void);

#endif
