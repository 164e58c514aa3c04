/*
 * example.h - what every playground example includes.
 *
 * An example is a plain aw program: a main task function and one PG_EXAMPLE line that names
 * it. Built on its own (tests/playground) the line becomes main(): the program runs on the
 * virtual clock as aw_run does and its output is compared with tests/playground/expected/.
 * Built into the playground (AW_PLAYGROUND defined) the line becomes an entry of the table in
 * examples.c, and the page steps the same function one ready entry at a time. Either way the
 * loop runs on the virtual clock with the simulated network (aw_tcp_* calls connect the
 * example's own tasks in memory: docs/io.md).
 */
#ifndef AW_PLAYGROUND_EXAMPLE_H
#define AW_PLAYGROUND_EXAMPLE_H

#include <aw.h>

#include "../frames.h" /* PG_FRAME: the example's own calls in each task's call stack */

typedef struct pg_example {
    const char *name;        /* short id used in links: "say_after" */
    const char *title;       /* "Sequential vs concurrent awaits" */
    const char *explanation; /* a few sentences shown beside the source */
    const char *source;      /* the files the page shows, as under web/examples/, separated by
                                spaces: the example's own, then any other its tasks run in */
    aw_task_fn main;         /* run as the task "main" */
    bool unlisted;           /* not in the page's menu, opened by its link only */
} pg_example;

#ifdef AW_PLAYGROUND
#define PG_EXAMPLE(id, title_text, explanation_text, source_files, main_fn)                 \
    const pg_example pg_example_##id = {.name = #id, .title = title_text,                   \
                                        .explanation = explanation_text,                    \
                                        .source = source_files, .main = main_fn};
#else
#define PG_EXAMPLE(id, title, explanation, source, main_fn)                        \
    int main(void)                                                                 \
    {                                                                              \
        aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL,                      \
                                   .simulated_network = true};                     \
        return aw_run_with(main_fn, NULL, NULL, &options) == AW_OK ? 0 : 1;        \
    }
#endif

#endif
