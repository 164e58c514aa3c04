/* An observer that prints every scheduling event on one line. It writes with stdio, not
 * aw_printf (which would report an OUTPUT event from inside the observer); both share stdout's
 * buffer, so the lines interleave in order with the program's own output. Sites are shown as
 * "function:line" so that the output does not depend on where the source tree is. */
#ifndef AW_TEST_TRACE_PRINT_H
#define AW_TEST_TRACE_PRINT_H

#include <aw.h>
#include <stdio.h>

/* "step_begin" -> "STEP_BEGIN": the event kinds stand out from the program's own lines. */
static inline void trace_print_kind(aw_trace_kind kind)
{
    for (const char *c = aw_trace_kind_name(kind); *c != '\0'; c++)
        putchar(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
}

static inline void trace_print_site(aw_site site)
{
    if (site.line == 0) /* a first step, or a call made without the site macro */
        printf(" (no site)");
    else
        printf(" at %s:%d", site.function, site.line);
}

static inline void trace_print(const aw_trace_event *event, void *userdata)
{
    (void)userdata;
    printf("  [%llu %lldms] ", (unsigned long long)event->iteration,
           (long long)(event->time / 1000000));
    trace_print_kind(event->kind);
    if (event->task_id != 0)
        printf(" task %llu \"%s\"", (unsigned long long)event->task_id, event->task_name);
    switch (event->kind) {
    case AW_TRACE_ITERATION:
        printf(" ready=%zu", event->ready);
        break;
    case AW_TRACE_STEP_BEGIN:
        trace_print_site(event->site);
        break;
    case AW_TRACE_STEP_END:
        trace_print_site(event->site);
        printf(" waits %s", aw_wait_kind_name(event->wait));
        if (event->wait != AW_WAIT_READY && event->wait != AW_WAIT_NONE)
            printf(" %llu", (unsigned long long)event->object_id);
        if (event->wait == AW_WAIT_TIMER)
            printf(" until %lldms", (long long)(event->deadline / 1000000));
        break;
    case AW_TRACE_TIMER_ARM:
    case AW_TRACE_TIMER_FIRE:
    case AW_TRACE_TIMER_CANCEL:
        printf(" timer %llu deadline %lldms", (unsigned long long)event->object_id,
               (long long)(event->deadline / 1000000));
        break;
    case AW_TRACE_CALLBACK:
        printf(" future %llu", (unsigned long long)event->object_id);
        break;
    case AW_TRACE_DONE:
        printf(" status %s result %lld", aw_err_name(event->status), (long long)event->result.i);
        break;
    case AW_TRACE_OUTPUT:
        printf(" %zu bytes", event->size);
        break;
    default:
        break;
    }
    if (event->by_task_id != 0)
        printf(" by task %llu", (unsigned long long)event->by_task_id);
    if (event->by_timer_id != 0)
        printf(" by timer %llu", (unsigned long long)event->by_timer_id);
    printf("\n");
}

#endif
