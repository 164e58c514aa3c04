/* aw_trace_chrome_start/stop on a hand-driven loop: argument and state errors, a trace
 * finished by aw_trace_chrome_stop (argv[1]), one finished by aw_loop_free (argv[2]) and one
 * written into memory by aw_trace_chrome_start_memory (saved to argv[3]). The files are then
 * checked by check_trace.py like the AW_TRACE one. */
#define _POSIX_C_SOURCE 200809L
#include "trace_workload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect(const char *what, int got, int want)
{
    if (got != want) {
        fprintf(stderr, "%s: got %s, want %s\n", what, aw_err_name(got), aw_err_name(want));
        failures++;
    }
}

static int run_workload(aw_loop *loop)
{
    aw_task *main_task;
    int status = aw_spawn_with(&main_task, workload_main, NULL, &(aw_spawn_options){.name = "main"});
    if (status != AW_OK)
        return status;
    status = aw_loop_run(loop);
    if (status == AW_OK)
        status = aw_task_status(main_task);
    aw_task_unref(main_task);
    return status;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s stopped.json freed.json memory.json\n", argv[0]);
        return 2;
    }
    unsetenv("AW_TRACE");
    aw_loop *loop;
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    expect("aw_loop_new", aw_loop_new(&loop, &options), AW_OK);
    expect("stop before start", aw_trace_chrome_stop(loop), AW_ESTATE);
    expect("start with NULL loop", aw_trace_chrome_start(NULL, argv[1]), AW_EINVAL);
    expect("start with NULL path", aw_trace_chrome_start(loop, NULL), AW_EINVAL);
    expect("start with unwritable path",
           aw_trace_chrome_start(loop, "/nonexistent-aw-dir/trace.json"), AW_EINVAL);
    expect("start", aw_trace_chrome_start(loop, argv[1]), AW_OK);
    expect("start twice", aw_trace_chrome_start(loop, argv[2]), AW_ESTATE);
    expect("workload", run_workload(loop), AW_OK);
    expect("stop", aw_trace_chrome_stop(loop), AW_OK);
    expect("stop twice", aw_trace_chrome_stop(loop), AW_ESTATE);
    expect("stop with NULL loop", aw_trace_chrome_stop(NULL), AW_EINVAL);
    aw_loop_free(loop);

    /* A second loop whose trace is still open when the loop is freed. */
    expect("aw_loop_new again", aw_loop_new(&loop, &options), AW_OK);
    expect("start again", aw_trace_chrome_start(loop, argv[2]), AW_OK);
    expect("workload again", run_workload(loop), AW_OK);
    aw_loop_free(loop);

    /* A third into memory, handed over by aw_trace_chrome_stop and written to argv[3]. */
    char *data = NULL;
    size_t size = 0;
    expect("aw_loop_new for memory", aw_loop_new(&loop, &options), AW_OK);
    expect("memory with NULL loop", aw_trace_chrome_start_memory(NULL, &data, &size), AW_EINVAL);
    expect("memory with NULL data", aw_trace_chrome_start_memory(loop, NULL, &size), AW_EINVAL);
    expect("memory with NULL size", aw_trace_chrome_start_memory(loop, &data, NULL), AW_EINVAL);
    expect("memory", aw_trace_chrome_start_memory(loop, &data, &size), AW_OK);
    expect("file while memory", aw_trace_chrome_start(loop, argv[3]), AW_ESTATE);
    expect("memory twice", aw_trace_chrome_start_memory(loop, &data, &size), AW_ESTATE);
    expect("workload in memory", run_workload(loop), AW_OK);
    expect("nothing handed over before stop", data == NULL && size == 0, 1);
    expect("stop memory", aw_trace_chrome_stop(loop), AW_OK);
    expect("memory handed over", data != NULL && size > 0 && strlen(data) == size, 1);
    aw_loop_free(loop);
    FILE *file = fopen(argv[3], "w");
    expect("memory trace written", file != NULL && data != NULL &&
                                       fwrite(data, 1, size, file) == size && fclose(file) == 0,
           1);
    free(data);
    if (failures == 0)
        printf("trace api ok\n");
    return failures == 0 ? 0 : 1;
}
