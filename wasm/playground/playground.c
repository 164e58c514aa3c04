/*
 * The playground's driver (see playground.h). The page calls these functions through the
 * WebAssembly module's exports; results that JavaScript needs after a step are also kept in
 * globals (pg_state, pg_steps), because an export that switched stacks may not hand its
 * return value back to JavaScript.
 */
#include "playground.h"

#include "trace_json.h"

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

enum { MAX_LIVE = 1024 };

static struct {
    aw_loop *loop;
    aw_task *main_task;
    int state;
    int steps;
    bool shutting_down;
    /* Tasks not yet done, in spawn order (from SPAWN / DONE events): cancelled at the end. */
    const aw_task *live[MAX_LIVE];
    int live_count;
    pg_trace_json trace;
    char *chrome;        /* the Chrome trace of the last run, once stopped */
    size_t chrome_size;
    char *catalog;
    size_t catalog_size;
} run = {.state = PG_IDLE};

static void track_tasks(const aw_trace_event *event, void *userdata)
{
    (void)userdata;
    if (event->kind == AW_TRACE_SPAWN && run.live_count < MAX_LIVE) {
        run.live[run.live_count++] = event->task;
    } else if (event->kind == AW_TRACE_DONE) {
        for (int i = 0; i < run.live_count; i++) {
            if (run.live[i] == event->task) {
                memmove(&run.live[i], &run.live[i + 1],
                        (size_t)(run.live_count - i - 1) * sizeof run.live[0]);
                run.live_count--;
                break;
            }
        }
    }
}

/* A JSON string into a heap buffer being built (the catalog). */
static void catalog_put(const char *text, bool quote)
{
    size_t needed = run.catalog_size + strlen(text) * 6 + 3;
    char *grown = realloc(run.catalog, needed + 1);
    if (grown == NULL)
        return;
    run.catalog = grown;
    char *out = run.catalog + run.catalog_size;
    if (quote)
        *out++ = '"';
    for (const unsigned char *c = (const unsigned char *)text; *c != '\0'; c++) {
        if (quote && (*c == '"' || *c == '\\')) {
            *out++ = '\\';
            *out++ = (char)*c;
        } else if (quote && *c < 0x20) {
            out += sprintf(out, "\\u%04x", *c);
        } else {
            *out++ = (char)*c;
        }
    }
    if (quote)
        *out++ = '"';
    *out = '\0';
    run.catalog_size = (size_t)(out - run.catalog);
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
    int status = run.main_task != NULL && aw_task_done(run.main_task)
                     ? aw_task_status(run.main_task)
                     : AW_ESTATE;
    snprintf(line, sizeof line,
             "{\"kind\":\"end\",\"reason\":\"%s\",\"steps\":%d,\"step_budget\":%d,"
             "\"main_status\":%d,\"main_error\":\"%s\",\"live_tasks\":%d}",
             reason, run.steps, PG_STEP_BUDGET, status, aw_err_name(status), run.live_count);
    pg_trace_json_append_line(&run.trace, line);
    run.state = state;
}

PG_EXPORT void pg_stop(void)
{
    if (run.loop != NULL) {
        if (aw_trace_chrome_stop(run.loop) != AW_OK) /* out of memory: no trace to offer */
            run.chrome_size = 0;
        pg_trace_json_stop(&run.trace, run.loop);
        aw_loop_unobserve(run.loop, track_tasks, NULL);
        if (run.main_task != NULL)
            aw_task_release(run.main_task);
        aw_loop_free(run.loop);
    }
    run.loop = NULL;
    run.main_task = NULL;
    run.live_count = 0;
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
    aw_loop_observe(run.loop, track_tasks, NULL);
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
    int ran = aw_loop_step(run.loop);
    if (ran > 0)
        pg_trace_json_mark_step(&run.trace, (unsigned long)++run.steps, ran);
    if (ran < 0) {
        finish(PG_FAILED, "error");
        return run.state;
    }
    bool stopped = ran == 0 && aw_task_done(run.main_task);
    if (stopped && !run.shutting_down && run.live_count > 0) {
        /* As aw_run once main's done callback has stopped the loop: cancel what is left, in
         * spawn order, and let it finish. The cancel events belong to the next step. */
        run.shutting_down = true;
        const aw_task *left[MAX_LIVE];
        int count = run.live_count;
        memcpy(left, run.live, (size_t)count * sizeof left[0]);
        for (int i = 0; i < count; i++)
            aw_cancel((aw_task *)left[i]);
        return run.state;
    }
    if ((stopped || run.shutting_down) && run.live_count == 0)
        finish(PG_FINISHED, "done");
    else if (ran == 0)
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
