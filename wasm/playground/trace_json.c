/*
 * The playground's recorder: every aw_trace_event becomes one line of JSON in a growable buffer (see
 * trace_json.h for the keys). Only public API is used; the page reads the buffer through the
 * accessors in playground.c.
 */
#include "trace_json.h"
#include "base/json.h"
#include "frames.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(pg_trace_json *trace, size_t more)
{
    if (trace->failed)
        return false;
    if (trace->size + more + 1 <= trace->capacity)
        return true;
    size_t capacity = trace->capacity != 0 ? trace->capacity : 4096;
    while (capacity < trace->size + more + 1)
        capacity *= 2;
    char *data = realloc(trace->data, capacity);
    if (data == NULL) {
        trace->failed = true;
        return false;
    }
    trace->data = data;
    trace->capacity = capacity;
    return true;
}

static void put(pg_trace_json *trace, const char *text, size_t size)
{
    if (!reserve(trace, size))
        return;
    memcpy(trace->data + trace->size, text, size);
    trace->size += size;
    trace->data[trace->size] = '\0';
}

static void put_format(pg_trace_json *trace, const char *format, ...) AW_PRINTF_LIKE(2, 3);

static void put_format(pg_trace_json *trace, const char *format, ...)
{
    char small[256];
    va_list args;
    va_start(args, format);
    int length = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (length > 0)
        put(trace, small, (size_t)length < sizeof small ? (size_t)length : sizeof small - 1);
}

static void put_bytes(void *trace, const char *bytes, size_t size) { put(trace, bytes, size); }

/* A JSON string (base/json.h: invalid UTF-8 becomes U+FFFD, so the page always decodes it). */
static void put_string(pg_trace_json *trace, const char *text, size_t size)
{
    aw__json_write_string(text, size, put_bytes, trace);
}

static void put_key_string(pg_trace_json *trace, const char *key, const char *text)
{
    put_format(trace, ",\"%s\":", key);
    put_string(trace, text != NULL ? text : "", text != NULL ? strlen(text) : 0);
}

/* Nanoseconds on the loop clock as milliseconds: an integer when exact. */
static void put_ms(pg_trace_json *trace, const char *key, int64_t ns)
{
    if (ns % 1000000 == 0)
        put_format(trace, ",\"%s\":%" PRId64, key, ns / 1000000);
    else
        put_format(trace, ",\"%s\":%.6f", key, (double)ns / 1e6);
}

static const char *base_name(const char *path)
{
    const char *base = path;
    for (const char *c = path; *c != '\0'; c++)
        if (*c == '/' || *c == '\\')
            base = c + 1;
    return base;
}

static void put_site(pg_trace_json *trace, aw_site site)
{
    put_key_string(trace, "file", site.file != NULL ? base_name(site.file) : "");
    put_format(trace, ",\"line\":%d", site.line);
    put_key_string(trace, "function", site.function);
}

/* The frames above a task's await site (frames.h), outermost first; "frames_cut" when some
 * were not kept. */
static void put_frames(pg_trace_json *trace, uint64_t task_id)
{
    const pg_frame *frames;
    bool complete;
    size_t count = pg_frames_of(task_id, &frames, &complete);
    if (count == 0 && complete)
        return;
    put(trace, ",\"frames\":[", 11);
    for (size_t i = 0; i < count; i++) {
        put_format(trace, "%s{\"line\":%d", i > 0 ? "," : "", frames[i].line);
        put_key_string(trace, "file", base_name(frames[i].file));
        put_key_string(trace, "function", frames[i].function);
        put_key_string(trace, "callee", frames[i].callee);
        put(trace, "}", 1);
    }
    put(trace, "]", 1);
    if (!complete)
        put(trace, ",\"frames_cut\":true", 18);
}

static void on_event(const aw_trace_event *event, void *userdata)
{
    pg_trace_json *trace = userdata;
    put_format(trace, "{\"kind\":\"%s\",\"iteration\":%" PRIu64, aw_trace_kind_name(event->kind),
               event->iteration);
    put_ms(trace, "time_ms", event->time);
    if (event->task_id != 0) {
        put_format(trace, ",\"task\":%" PRIu64, event->task_id);
        put_key_string(trace, "name", event->task_name);
    }
    switch (event->kind) {
    case AW_TRACE_ITERATION:
        put_format(trace, ",\"ready\":%zu", event->ready);
        break;
    case AW_TRACE_SPAWN:
        put_format(trace, ",\"by_task\":%" PRIu64 ",\"future\":%" PRIu64, event->by_task_id,
                   event->object_id);
        break;
    case AW_TRACE_CANCEL:
        put_format(trace, ",\"by_task\":%" PRIu64, event->by_task_id);
        break;
    case AW_TRACE_STEP_BEGIN:
        put_site(trace, event->site);
        break;
    case AW_TRACE_STEP_END: {
        put_site(trace, event->site);
        put_frames(trace, event->task_id);
        put_key_string(trace, "wait", aw_wait_kind_name(event->wait));
        put_format(trace, ",\"object\":%" PRIu64, event->object_id);
        if (event->wait == AW_WAIT_IO)
            put_key_string(trace, "direction", aw_io_direction_name(event->direction));
        /* A timer always has one; for an I/O wait, 0 means none. */
        if (event->wait == AW_WAIT_TIMER || (event->wait == AW_WAIT_IO && event->deadline != 0))
            put_ms(trace, "deadline_ms", event->deadline);
        break;
    }
    case AW_TRACE_WAKE:
        put_format(trace, ",\"by_task\":%" PRIu64 ",\"by_timer\":%" PRIu64, event->by_task_id,
                   event->by_timer_id);
        break;
    case AW_TRACE_TIMER_ARM:
        put_format(trace, ",\"object\":%" PRIu64 ",\"by_task\":%" PRIu64, event->object_id,
                   event->by_task_id);
        put_ms(trace, "deadline_ms", event->deadline);
        break;
    case AW_TRACE_GATHER_CHILD:
        put_format(trace, ",\"object\":%" PRIu64 ",\"by_task\":%" PRIu64, event->object_id,
                   event->by_task_id);
        break;
    case AW_TRACE_SOCKET:
        put_format(trace, ",\"object\":%" PRIu64, event->object_id);
        put_key_string(trace, "op", aw_socket_op_name(event->socket_op));
        put_format(trace, ",\"peer\":%" PRIu64 ",\"port\":%d,\"bytes\":%zu", event->peer_id,
                   event->port, event->size);
        break;
    case AW_TRACE_TIMER_FIRE:
    case AW_TRACE_TIMER_CANCEL:
    case AW_TRACE_TIMER_QUEUED:
    case AW_TRACE_CALLBACK:
    case AW_TRACE_CALLBACK_QUEUED:
        put_format(trace, ",\"object\":%" PRIu64, event->object_id);
        break;
    case AW_TRACE_DONE:
        put_format(trace, ",\"status\":%d", event->status);
        put_key_string(trace, "error", aw_err_name(event->status));
        put_format(trace, ",\"result\":%" PRId64, event->result.i);
        break;
    case AW_TRACE_OUTPUT:
        put(trace, ",\"text\":", 8);
        put_string(trace, event->data != NULL ? event->data : "", event->size);
        break;
    }
    put(trace, "}\n", 2);
}

int pg_trace_json_start(pg_trace_json *trace, aw_loop *loop)
{
    return aw_loop_observe(loop, on_event, trace);
}

void pg_trace_json_stop(pg_trace_json *trace, aw_loop *loop)
{
    aw_loop_unobserve(loop, on_event, trace);
}

void pg_trace_json_mark_step(pg_trace_json *trace, unsigned long n, int ran)
{
    put_format(trace, "{\"kind\":\"step\",\"n\":%lu,\"ran\":%d}\n", n, ran);
}

void pg_trace_json_append_line(pg_trace_json *trace, const char *json)
{
    put(trace, json, strlen(json));
    put(trace, "\n", 1);
}

void pg_trace_json_reset(pg_trace_json *trace)
{
    trace->size = 0;
    trace->failed = false;
    if (trace->data != NULL)
        trace->data[0] = '\0';
}

void pg_trace_json_free(pg_trace_json *trace)
{
    free(trace->data);
    *trace = (pg_trace_json){0};
}
