/*
 * record: runs a playground example natively through the same driver as the page and writes
 * its event stream (one JSON object per line, see trace_json.h) to stdout.
 *
 *     record --list        the catalog of examples (JSON)
 *     record NAME          the events of example NAME
 *     record --all DIR     for every example: DIR/catalog.json and
 *                            DIR/NAME.jsonl        its events
 *                            DIR/NAME.ready.jsonl  the loop's own ready queue after each step,
 *                                                  {"n":N,"queue":[["task",2],["timer",1]]},
 *                                                  read with aw_loop_ready
 *                            DIR/NAME.trace.json   its Chrome trace (aw_trace_chrome_start_memory)
 *
 * The Node tests reduce these streams and check the ready queue they rebuild against the
 * loop's, and the page can load them instead of the WebAssembly module (?recorded) to be
 * developed and tested without an Emscripten build.
 */
#define _POSIX_C_SOURCE 200809L

#include "playground.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int find_example(const char *name)
{
    for (int i = 0; i < pg_example_count; i++)
        if (strcmp(pg_examples[i]->name, name) == 0)
            return i;
    return -1;
}

/* The ready queue as the loop holds it, after step n. */
static void write_ready(FILE *out, int n)
{
    static const char *const kinds[] = {[AW_READY_TASK] = "task", [AW_READY_TIMER] = "timer",
                                        [AW_READY_CALLBACK] = "callback"};
    aw_ready_entry entries[256];
    size_t count = aw_loop_ready(aw_loop_current(), entries, 256);
    fprintf(out, "{\"n\":%d,\"queue\":[", n);
    for (size_t i = 0; i < count && i < 256; i++)
        fprintf(out, "%s[\"%s\",%" PRIu64 "]", i > 0 ? "," : "", kinds[entries[i].kind],
                entries[i].id);
    fprintf(out, "%s]}\n", count > 256 ? ",\"cut\"" : "");
}

static bool flush_trace(FILE *out)
{
    bool complete = !pg_trace_failed();
    fwrite(pg_trace_data(), 1, (size_t)pg_trace_size(), out);
    pg_trace_clear();
    return complete;
}

/* Runs example `index` and writes its events to `out` (and the ready queue after each step to
 * `ready`, the Chrome trace to `chrome`, when not NULL). Returns the driver's final state, or
 * PG_FAILED when the record is incomplete. */
static int record(int index, FILE *out, FILE *ready, FILE *chrome)
{
    pg_start(index);
    bool complete = true;
    if (ready != NULL && pg_state() == PG_RUNNING)
        write_ready(ready, 0);
    while (pg_state() == PG_RUNNING) {
        int before = pg_steps();
        pg_step();
        /* A call that ran no entry (the loop stopped after main) is no step of its own. */
        if (ready != NULL && pg_state() != PG_FAILED && pg_steps() != before)
            write_ready(ready, pg_steps());
        complete &= flush_trace(out);
    }
    complete &= flush_trace(out);
    int state = pg_state();
    pg_stop();
    if (chrome != NULL) {
        complete &= pg_chrome_trace_size() > 0;
        fwrite(pg_chrome_trace_data(), 1, (size_t)pg_chrome_trace_size(), chrome);
    }
    return complete ? state : PG_FAILED;
}

static FILE *open_in(const char *dir, const char *name, const char *suffix)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s%s", dir, name, suffix);
    FILE *file = fopen(path, "w");
    if (file == NULL)
        perror(path);
    return file;
}

/* Every example into `dir`; the unlisted ones are expected to run into the step budget. */
static int record_all(const char *dir)
{
    FILE *catalog = open_in(dir, "catalog", ".json");
    if (catalog == NULL)
        return 1;
    fputs(pg_catalog_json(), catalog);
    fclose(catalog);
    for (int i = 0; i < pg_example_count; i++) {
        const pg_example *example = pg_examples[i];
        FILE *files[3] = {open_in(dir, example->name, ".jsonl"),
                          open_in(dir, example->name, ".ready.jsonl"),
                          open_in(dir, example->name, ".trace.json")};
        int state = files[0] != NULL && files[1] != NULL && files[2] != NULL
                        ? record(i, files[0], files[1], files[2])
                        : PG_FAILED;
        for (int f = 0; f < 3; f++)
            if (files[f] != NULL)
                fclose(files[f]);
        int expected = example->unlisted ? PG_STOPPED : PG_FINISHED;
        if (state != expected) {
            fprintf(stderr, "record: %s ended in state %d, not %d\n", example->name, state,
                    expected);
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--list") == 0)
        return fputs(pg_catalog_json(), stdout) == EOF;
    int index = argc == 2 ? find_example(argv[1]) : -1;
    if (!(argc == 3 && strcmp(argv[1], "--all") == 0) && index < 0) {
        fprintf(stderr, "usage: record --list | NAME | --all DIR\nexamples:");
        for (int i = 0; i < pg_example_count; i++)
            fprintf(stderr, " %s", pg_examples[i]->name);
        fputc('\n', stderr);
        return 2;
    }
    /* The examples' own stdout (aw_printf) would mix with the events: the console lines are
     * in the events' "output" records anyway. */
    FILE *out = fdopen(dup(fileno(stdout)), "w");
    if (out == NULL || freopen("/dev/null", "w", stdout) == NULL) {
        perror("record");
        return 1;
    }
    int status;
    if (index < 0) {
        status = record_all(argv[2]);
    } else {
        int state = record(index, out, NULL, NULL);
        status = state == PG_FINISHED || state == PG_STOPPED ? 0 : 1;
    }
    fclose(out);
    pg_release();
    return status;
}
