/*
 * An observer that writes the Chrome Trace Event format (JSON; opens in Perfetto and
 * chrome://tracing). Each task is a thread track; the loop's timers and callbacks share track 0.
 * Steps are complete ("X") events, waits are async spans ("b"/"e", one id per task), and every
 * wake-up is a flow arrow ("s"/"f") from the step or timer that caused it to the woken task's
 * next step. Timestamps are real time, so step durations are real; the loop clock (virtual or
 * not) and the iteration travel in each event's args.
 *
 * A file trace is written in the JSON Array Format ("[" then the events), whose closing "]" the
 * format makes optional, and it reaches the file in chunks of whole events: a run killed at any
 * moment leaves a trace that opens. Memory traces keep the object format
 * ({"traceEvents": [...]}) that the playground reads.
 */
#include "base/clock.h"
#include "base/json.h"
#include "core/loop.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>

/* The memory stream's buffer, handed to the caller's pointers on stop. */
typedef struct chrome_memory {
    char *data;
    size_t size;
    char **out_data;
    size_t *out_size;
} chrome_memory;

typedef struct chrome_trace {
    FILE *file;
    chrome_memory *memory; /* aw_trace_chrome_start_memory; NULL for a file */
    int64_t origin;        /* monotonic ns at start */
    bool first_event;
    uint64_t step_task;    /* the task whose step is open */
    double step_begin;     /* its start, in microseconds */
    double timer_begin;    /* start of the running timer or callback entry */
    uint64_t next_flow_id;
    uint64_t waking_timer; /* the timer whose entry runs, for flows from track 0 */
    uint64_t done_task;    /* the task that just finished: its awaiters' wake-ups come from it */
    int64_t last_flush;    /* monotonic ns of the last chunk written out (file traces) */
} chrome_trace;

/* File traces: stdio holds BUFFER_SIZE bytes and the writer hands them to the file itself,
 * between events, once CHUNK_SIZE are pending or FLUSH_INTERVAL_NS has passed (checked as an
 * iteration starts), so the file never ends inside an event (unless one event is larger than
 * BUFFER_SIZE - CHUNK_SIZE). */
enum { CHUNK_SIZE = 64 * 1024, BUFFER_SIZE = 1024 * 1024 };
static const int64_t FLUSH_INTERVAL_NS = 100 * 1000000;

static void flush_chunk(chrome_trace *trace, bool iteration_starts)
{
    if (trace->memory != NULL)
        return;
    size_t pending = __fpending(trace->file);
    if (pending == 0)
        return;
    if (pending < CHUNK_SIZE) {
        if (!iteration_starts)
            return;
        if (aw__clock_monotonic_ns() - trace->last_flush < FLUSH_INTERVAL_NS)
            return;
    }
    fflush(trace->file);
    trace->last_flush = aw__clock_monotonic_ns();
}

static double now_us(const chrome_trace *trace)
{
    return (double)(aw__clock_monotonic_ns() - trace->origin) / 1000.0;
}

static void begin_event(chrome_trace *trace)
{
    fputs(trace->first_event ? "\n" : ",\n", trace->file);
    trace->first_event = false;
}

static void write_to_file(void *file, const char *bytes, size_t size)
{
    fwrite(bytes, 1, size, file);
}

static void put_string(FILE *file, const char *text, size_t size)
{
    aw__json_write_string(text, size, write_to_file, file);
}

static void put_cstring(FILE *file, const char *text)
{
    size_t size = 0;
    while (text != NULL && text[size] != '\0')
        size++;
    put_string(file, text != NULL ? text : "", size);
}

static void put_site(FILE *file, const char *key, aw_site site)
{
    fprintf(file, ",\"%s\":", key);
    if (site.file == NULL) {
        fputs("null", file);
        return;
    }
    fputc('"', file);
    for (const char *c = site.file; *c != '\0'; c++)
        fputc(*c == '"' || *c == '\\' ? '_' : *c, file);
    fprintf(file, ":%d\"", site.line);
}

static void put_common_args(FILE *file, const aw_trace_event *event)
{
    fprintf(file, "\"iteration\":%" PRIu64 ",\"loop_time_ms\":%.3f", event->iteration,
            (double)event->time / 1e6);
}

static void end_step(chrome_trace *trace, const aw_trace_event *event, const char *outcome)
{
    double now = now_us(trace);
    begin_event(trace);
    fprintf(trace->file,
            "{\"name\":\"step\",\"ph\":\"X\",\"pid\":1,\"tid\":%" PRIu64
            ",\"ts\":%.3f,\"dur\":%.3f,\"args\":{",
            event->task_id, trace->step_begin, now - trace->step_begin);
    put_common_args(trace->file, event);
    fprintf(trace->file, ",\"outcome\":\"%s\"", outcome);
    put_site(trace->file, "suspended_at", event->site);
    fputs("}}", trace->file);
    trace->step_task = 0;
}

static void on_event(const aw_trace_event *event, void *userdata)
{
    chrome_trace *trace = userdata;
    FILE *file = trace->file;
    flush_chunk(trace, event->kind == AW_TRACE_ITERATION); /* between events */
    switch (event->kind) {
    case AW_TRACE_SPAWN:
        begin_event(trace);
        fprintf(file, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%" PRIu64
                      ",\"args\":{\"name\":", event->task_id);
        char label[64];
        snprintf(label, sizeof label, "task %" PRIu64 " %s", event->task_id, event->task_name);
        put_cstring(file, label);
        fputs("}}", file);
        begin_event(trace);
        fprintf(file, "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":%" PRIu64
                      ",\"args\":{\"sort_index\":%" PRIu64 "}}", event->task_id, event->task_id);
        break;
    case AW_TRACE_STEP_BEGIN:
        trace->done_task = 0;
        trace->step_task = event->task_id;
        trace->step_begin = now_us(trace);
        break;
    case AW_TRACE_STEP_END:
        end_step(trace, event, "suspended");
        if (event->wait != AW_WAIT_READY && event->wait != AW_WAIT_NONE) {
            begin_event(trace);
            fprintf(file, "{\"name\":\"wait\",\"cat\":\"wait\",\"ph\":\"b\",\"id\":%" PRIu64
                          ",\"pid\":1,\"tid\":%" PRIu64 ",\"ts\":%.3f,\"args\":{\"on\":\"%s\""
                          ",\"object\":%" PRIu64,
                    event->task_id, event->task_id, now_us(trace), aw_wait_kind_name(event->wait),
                    event->object_id);
            if (event->wait == AW_WAIT_IO)
                fprintf(file, ",\"direction\":\"%s\"", aw_io_direction_name(event->direction));
            fputs("}}", file);
        }
        break;
    case AW_TRACE_DONE:
        if (trace->step_task == event->task_id)
            end_step(trace, event, "returned");
        trace->done_task = event->task_id;
        begin_event(trace);
        fprintf(file, "{\"name\":\"done\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%" PRIu64
                      ",\"ts\":%.3f,\"args\":{\"status\":\"%s\"}}",
                event->task_id, now_us(trace), aw_err_name(event->status));
        break;
    case AW_TRACE_WAKE: {
        double now = now_us(trace);
        uint64_t flow = ++trace->next_flow_id;
        uint64_t from = event->by_task_id; /* 0: a timer or callback on track 0 */
        if (from == 0 && event->by_timer_id == 0)
            from = trace->done_task; /* a finished task wakes its awaiters */
        begin_event(trace); /* the wait ends however the task was woken */
        fprintf(file, "{\"name\":\"wait\",\"cat\":\"wait\",\"ph\":\"e\",\"id\":%" PRIu64
                      ",\"pid\":1,\"tid\":%" PRIu64 ",\"ts\":%.3f}",
                event->task_id, event->task_id, now);
        if (from == 0 && event->by_timer_id == 0 && trace->step_task == 0 &&
            trace->waking_timer == 0)
            break; /* woken from outside the loop: nothing to draw an arrow from */
        begin_event(trace);
        fprintf(file, "{\"name\":\"wake\",\"cat\":\"wake\",\"ph\":\"s\",\"id\":%" PRIu64
                      ",\"pid\":1,\"tid\":%" PRIu64 ",\"ts\":%.3f}", flow, from, now);
        begin_event(trace);
        fprintf(file, "{\"name\":\"wake\",\"cat\":\"wake\",\"ph\":\"f\",\"id\":%" PRIu64
                      ",\"pid\":1,\"tid\":%" PRIu64 ",\"ts\":%.3f}", flow, event->task_id, now);
        break;
    }
    case AW_TRACE_TIMER_FIRE:
    case AW_TRACE_CALLBACK:
        begin_event(trace);
        fprintf(file, "{\"name\":\"%s %" PRIu64 "\",\"ph\":\"X\",\"pid\":1,\"tid\":0,"
                      "\"ts\":%.3f,\"dur\":1,\"args\":{",
                event->kind == AW_TRACE_TIMER_FIRE ? "timer" : "callback of future",
                event->object_id, now_us(trace));
        put_common_args(file, event);
        fputs("}}", file);
        trace->waking_timer = event->object_id;
        trace->done_task = 0;
        break;
    case AW_TRACE_TIMER_ARM:
    case AW_TRACE_TIMER_CANCEL:
    case AW_TRACE_TIMER_QUEUED:
    case AW_TRACE_CALLBACK_QUEUED:
    case AW_TRACE_GATHER_CHILD:
        break; /* visible as the wait spans they end and the entries they queue */
    case AW_TRACE_SOCKET:
        break; /* a socket's changes are the playground's socket table, not a track */
    case AW_TRACE_ITERATION:
        trace->waking_timer = 0;
        trace->done_task = 0;
        begin_event(trace);
        fprintf(file, "{\"name\":\"iteration %" PRIu64 "\",\"ph\":\"i\",\"s\":\"p\",\"pid\":1,"
                      "\"tid\":0,\"ts\":%.3f,\"args\":{", event->iteration, now_us(trace));
        put_common_args(file, event);
        fprintf(file, ",\"ready\":%zu}}", event->ready);
        break;
    case AW_TRACE_CANCEL:
        begin_event(trace);
        fprintf(file, "{\"name\":\"cancel requested\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,"
                      "\"tid\":%" PRIu64 ",\"ts\":%.3f}", event->task_id, now_us(trace));
        break;
    case AW_TRACE_OUTPUT:
        begin_event(trace);
        fprintf(file, "{\"name\":\"output\",\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%" PRIu64
                      ",\"ts\":%.3f,\"args\":{\"text\":", event->task_id, now_us(trace));
        put_string(file, event->data, event->size);
        fputs("}}", file);
        break;
    }
}

/* A trace still being written when its loop is freed ends there. */
static void stop_with_loop(aw_loop *loop)
{
    if (loop->chrome_trace != NULL)
        aw_trace_chrome_stop(loop);
}

/* Starts writing to `file` (which the writer closes on stop): the file or the memory stream
 * (memory != NULL). */
static int start(aw_loop *loop, FILE *file, chrome_memory *memory)
{
    chrome_trace *trace = aw__loop_on_free(loop, stop_with_loop) == AW_OK ? calloc(1, sizeof *trace) : NULL;
    if (trace == NULL) {
        fclose(file);
        return AW_ENOMEM;
    }
    trace->file = file;
    trace->memory = memory;
    if (memory == NULL)
        setvbuf(file, NULL, _IOFBF, BUFFER_SIZE);
    int status = aw_loop_observe(loop, on_event, trace);
    if (status != AW_OK) {
        fclose(trace->file);
        free(trace);
        return status;
    }
    trace->origin = aw__clock_monotonic_ns();
    trace->last_flush = trace->origin;
    trace->first_event = true;
    fputs(memory != NULL ? "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[" : "[", trace->file);
    begin_event(trace);
    fputs("{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":\"aw\"}},\n"
          "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,"
          "\"args\":{\"name\":\"loop (timers, callbacks)\"}}",
          trace->file);
    loop->chrome_trace = trace;
    if (memory == NULL)
        fflush(trace->file); /* a run killed before its first chunk still leaves a trace */
    return AW_OK;
}

int aw_trace_chrome_start(aw_loop *loop, const char *path)
{
    if (loop == NULL || path == NULL)
        return AW_EINVAL;
    if (loop->chrome_trace != NULL)
        return AW_ESTATE;
    FILE *file = fopen(path, "w");
    if (file == NULL)
        return AW_EINVAL;
    return start(loop, file, NULL);
}

int aw_trace_chrome_start_memory(aw_loop *loop, char **data, size_t *size)
{
    if (loop == NULL || data == NULL || size == NULL)
        return AW_EINVAL;
    if (loop->chrome_trace != NULL)
        return AW_ESTATE;
    /* open_memstream writes *data and *size as it goes: the caller's see them only at the end. */
    chrome_memory *memory = calloc(1, sizeof *memory);
    if (memory == NULL)
        return AW_ENOMEM;
    FILE *file = open_memstream(&memory->data, &memory->size);
    if (file == NULL) {
        free(memory);
        return AW_ENOMEM;
    }
    memory->out_data = data;
    memory->out_size = size;
    int status = start(loop, file, memory);
    if (status != AW_OK) {
        free(memory->data);
        free(memory);
    }
    return status;
}

int aw_trace_chrome_stop(aw_loop *loop)
{
    if (loop == NULL)
        return AW_EINVAL;
    chrome_trace *trace = loop->chrome_trace;
    if (trace == NULL)
        return AW_ESTATE;
    aw_loop_unobserve(loop, on_event, trace);
    fputs(trace->memory != NULL ? "\n]}\n" : "\n]\n", trace->file);
    int status = fclose(trace->file) == 0 ? AW_OK : AW_EINVAL;
    chrome_memory *memory = trace->memory;
    if (memory != NULL) {
        if (status != AW_OK) { /* the stream could not grow: the JSON is incomplete */
            free(memory->data);
            memory->data = NULL;
            memory->size = 0;
            status = AW_ENOMEM;
        }
        *memory->out_data = memory->data;
        *memory->out_size = memory->size;
        free(memory);
    }
    free(trace);
    loop->chrome_trace = NULL;
    return status;
}
