/*
 * record: runs a playground example natively through the same driver as the page and writes
 * its event stream (one JSON object per line, see trace_json.h) to stdout.
 *
 *     record --list                 the catalog of examples (JSON)
 *     record NAME [--budget N]      the events of example NAME (stops after N steps)
 *     record --all DIR [--budget N] DIR/catalog.json and DIR/NAME.jsonl for every example
 *
 * The Node tests reduce these streams, and the page can load them instead of the WebAssembly
 * module (?recorded) to be developed and tested without an Emscripten build.
 */
#define _POSIX_C_SOURCE 200809L

#include "playground.h"

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

/* Runs example `index` and writes its events to `out`; returns the driver's final state. */
static int record(int index, long budget, FILE *out)
{
    pg_start(index);
    while (pg_state() == PG_RUNNING) {
        if (pg_steps() >= budget) {
            pg_abort();
            break;
        }
        pg_step();
        fwrite(pg_trace_data(), 1, (size_t)pg_trace_size(), out);
        pg_trace_clear();
    }
    fwrite(pg_trace_data(), 1, (size_t)pg_trace_size(), out);
    pg_trace_clear();
    int state = pg_state();
    pg_stop();
    return state;
}

int main(int argc, char **argv)
{
    long budget = 20000;
    const char *all_dir = NULL, *name = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--budget") == 0 && i + 1 < argc)
            budget = strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--list") == 0)
            return fputs(pg_catalog_json(), stdout) == EOF;
        else if (strcmp(argv[i], "--all") == 0 && i + 1 < argc)
            all_dir = argv[++i];
        else
            name = argv[i];
    }
    /* The examples' own stdout (aw_printf) would mix with the events: the console lines are
     * in the events' "output" records anyway. */
    FILE *out = fdopen(dup(fileno(stdout)), "w");
    if (out == NULL || freopen("/dev/null", "w", stdout) == NULL) {
        perror("record");
        return 1;
    }
    if (all_dir != NULL) {
        char path[4096];
        snprintf(path, sizeof path, "%s/catalog.json", all_dir);
        FILE *catalog = fopen(path, "w");
        if (catalog == NULL) {
            perror(path);
            return 1;
        }
        fputs(pg_catalog_json(), catalog);
        fclose(catalog);
        for (int i = 0; i < pg_example_count; i++) {
            snprintf(path, sizeof path, "%s/%s.jsonl", all_dir, pg_examples[i]->name);
            FILE *file = fopen(path, "w");
            if (file == NULL) {
                perror(path);
                return 1;
            }
            int state = record(i, budget, file);
            fclose(file);
            if (state != PG_FINISHED) {
                fprintf(stderr, "record: %s ended in state %d\n", pg_examples[i]->name, state);
                return 1;
            }
        }
        return 0;
    }
    int index = name != NULL ? find_example(name) : -1;
    if (index < 0) {
        fprintf(stderr, "usage: record --list | NAME [--budget N] | --all DIR\nexamples:");
        for (int i = 0; i < pg_example_count; i++)
            fprintf(stderr, " %s", pg_examples[i]->name);
        fputc('\n', stderr);
        return 2;
    }
    int state = record(index, budget, out);
    fclose(out);
    return state == PG_FINISHED || state == PG_STOPPED ? 0 : 1;
}
