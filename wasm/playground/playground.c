/*
 * The playground's driver (see playground.h). The page calls these functions through the
 * WebAssembly module's exports; results that JavaScript needs after a step are also kept in
 * globals (pg_state, pg_steps), because an export that switched stacks may not hand its
 * return value back to JavaScript.
 */
#include "playground.h"

#include "trace_json.h"
#include "frames.h"
#include "base/json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define PG_EXPORT EMSCRIPTEN_KEEPALIVE
#else
#define PG_EXPORT
#endif

static struct {
    aw_loop *loop;
    aw_task *main_task;
    int state;
    int steps;
    bool shutting_down;
    pg_trace_json trace;
    char *chrome;        /* the Chrome trace of the last run, once stopped */
    size_t chrome_size;
    char *catalog;
    size_t catalog_size;
} run = {.state = PG_IDLE};

/* Appends to the catalog, a heap buffer being built; out of memory, the bytes are dropped. */
static void catalog_append(void *context, const char *bytes, size_t size)
{
    (void)context;
    char *grown = realloc(run.catalog, run.catalog_size + size + 1);
    if (grown == NULL)
        return;
    run.catalog = grown;
    memcpy(run.catalog + run.catalog_size, bytes, size);
    run.catalog_size += size;
    run.catalog[run.catalog_size] = '\0';
}

/* Text into the catalog: as a JSON string, or as it is (the JSON around the strings). */
static void catalog_put(const char *text, bool quote)
{
    if (quote)
        aw__json_write_string(text, strlen(text), catalog_append, NULL);
    else
        catalog_append(NULL, text, strlen(text));
}

PG_EXPORT const char *pg_catalog_json(void)
{
    if (run.catalog != NULL)
        return run.catalog;
    catalog_put("[", false);
    for (int i = 0; i < pg_example_count; i++) {
        const pg_example *example = pg_examples[i];
        catalog_put(i > 0 ? ",\n{\"name\":" : "\n{\"name\":", false);
        catalog_put(example->name, true);
        catalog_put(",\"title\":", false);
        catalog_put(example->title, true);
        catalog_put(",\"explanation\":", false);
        catalog_put(example->explanation, true);
        catalog_put(",\"sources\":[", false);
        char file[64];
        const char *next = example->source;
        for (int n = 0; *next != '\0'; n++) {
            size_t length = strcspn(next, " ");
            snprintf(file, sizeof file, "%.*s", (int)length, next);
            catalog_put(n > 0 ? "," : "", false);
            catalog_put(file, true);
            next += length + strspn(next + length, " ");
        }
        catalog_put(example->unlisted ? "],\"listed\":false}" : "],\"listed\":true}", false);
    }
    catalog_put("\n]\n", false);
    return run.catalog;
}

PG_EXPORT int pg_catalog_json_size(void)
{
    pg_catalog_json();
    return (int)run.catalog_size;
}

static void finish(int state, const char *reason)
{
    char line[160];
    int status = run.main_task != NULL && aw_task_is_done(run.main_task)
                     ? aw_task_status(run.main_task)
                     : AW_ESTATE;
    snprintf(line, sizeof line,
             "{\"kind\":\"end\",\"reason\":\"%s\",\"steps\":%d,\"step_budget\":%d,"
             "\"main_status\":%d,\"main_error\":\"%s\",\"live_tasks\":%d}",
             reason, run.steps, PG_STEP_BUDGET, status, aw_err_name(status),
             run.loop != NULL ? (int)aw_loop_live_tasks(run.loop) : 0);
    pg_trace_json_append_line(&run.trace, line);
    run.state = state;
}

PG_EXPORT void pg_stop(void)
{
    if (run.loop != NULL) {
        if (aw_trace_chrome_stop(run.loop) != AW_OK) /* out of memory: no trace to offer */
            run.chrome_size = 0;
        pg_trace_json_stop(&run.trace, run.loop);
        if (run.main_task != NULL)
            aw_task_unref(run.main_task);
        aw_loop_free(run.loop);
    }
    run.loop = NULL;
    run.main_task = NULL;
    run.shutting_down = false;
    if (run.state == PG_RUNNING)
        run.state = PG_IDLE;
}

static void stop_loop(aw_task *task, void *loop)
{
    (void)task;
    aw_loop_stop(loop);
}

PG_EXPORT int pg_start(int index)
{
    pg_stop();
    pg_trace_json_reset(&run.trace);
    pg_frames_reset();
    free(run.chrome);
    run.chrome = NULL;
    run.chrome_size = 0;
    run.steps = 0;
    run.state = PG_FAILED;
    if (index < 0 || index >= pg_example_count)
        return run.state;
    const pg_example *example = pg_examples[index];
    char line[256];
    snprintf(line, sizeof line,
             "{\"kind\":\"meta\",\"example\":\"%s\",\"clock\":\"virtual\",\"step_budget\":%d,"
             "\"version\":\"%s\"}",
             example->name, PG_STEP_BUDGET, AW_VERSION_STRING);
    pg_trace_json_append_line(&run.trace, line);
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL, .io_backend = NULL,
                               .simulated_network = true};
    if (aw_loop_new(&run.loop, &options) != AW_OK) {
        run.loop = NULL;
        finish(PG_FAILED, "error");
        return run.state;
    }
    pg_trace_json_start(&run.trace, run.loop);
    /* Without memory for it the run goes on; the page then offers no Chrome trace. */
    aw_trace_chrome_start_memory(run.loop, &run.chrome, &run.chrome_size);
    if (aw_spawn_with(&run.main_task, example->main, NULL,
                      &(aw_spawn_options){.name = "main"}) != AW_OK) {
        run.main_task = NULL;
        finish(PG_FAILED, "error");
        return run.state;
    }
    /* As aw_run (asyncio's run_until_complete): main's done callback stops the loop. */
    if (aw_task_on_done(run.main_task, stop_loop, run.loop) != AW_OK) {
        finish(PG_FAILED, "error");
        return run.state;
    }
    pg_trace_json_mark_step(&run.trace, 0, 0); /* step 0: the setup */
    run.state = PG_RUNNING;
    return run.state;
}

PG_EXPORT int pg_step(void)
{
    if (run.state != PG_RUNNING)
        return run.state;
    int ran = run.shutting_down ? aw_loop_shutdown_step(run.loop) : aw_loop_step(run.loop);
    if (ran > 0)
        pg_trace_json_mark_step(&run.trace, (unsigned long)++run.steps, ran);
    if (ran < 0 && ran != AW_EDEADLOCK) {
        finish(PG_FAILED, "error");
        return run.state;
    }
    if (ran == 0 && !run.shutting_down && aw_task_is_done(run.main_task) &&
        aw_loop_live_tasks(run.loop) > 0) {
        /* As aw_run once main's done callback has stopped the loop: the library's shutdown
         * cancels what is left, in spawn order, and the next steps let it finish. The cancel
         * events belong to the next step. */
        run.shutting_down = aw_loop_shutdown_begin(run.loop) == AW_OK;
        if (run.shutting_down)
            return run.state;
    }
    if (ran == 0 && aw_task_is_done(run.main_task) && aw_loop_live_tasks(run.loop) == 0)
        finish(PG_FINISHED, "done");
    else if (ran == 0 || ran == AW_EDEADLOCK)
        finish(PG_DEADLOCK, "deadlock");
    else if (run.steps >= PG_STEP_BUDGET)
        finish(PG_STOPPED, "budget");
    return run.state;
}

PG_EXPORT int pg_state(void)
{
    return run.state;
}

PG_EXPORT int pg_steps(void)
{
    return run.steps;
}

PG_EXPORT const char *pg_trace_data(void)
{
    return run.trace.data != NULL ? run.trace.data : "";
}

PG_EXPORT int pg_trace_size(void)
{
    return (int)run.trace.size;
}

PG_EXPORT int pg_trace_failed(void)
{
    return run.trace.failed;
}

PG_EXPORT void pg_trace_clear(void)
{
    pg_trace_json_reset(&run.trace);
}

PG_EXPORT const char *pg_chrome_trace_data(void)
{
    return run.chrome;
}

PG_EXPORT int pg_chrome_trace_size(void)
{
    return (int)run.chrome_size;
}

void pg_release(void)
{
    pg_stop();
    pg_trace_json_free(&run.trace);
    free(run.chrome);
    free(run.catalog);
    run.chrome = run.catalog = NULL;
    run.chrome_size = run.catalog_size = 0;
}
