/* Program output that the trace attributes to the task that wrote it. */
#include "core/loop.h"
#include "core/task.h"
#include "core/trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int aw_write_output(const char *data, size_t size)
{
    if (data == NULL && size > 0)
        return AW_EINVAL;
    size_t written = fwrite(data, 1, size, stdout);
    aw_loop *loop = aw__loop_current();
    if (loop != NULL && aw__trace_on(loop)) {
        aw_trace_event event = {.kind = AW_TRACE_OUTPUT, .data = data, .size = size};
        if (loop->current != NULL) {
            event.task = loop->current;
            event.task_id = loop->current->id;
            event.task_name = aw__task_name(loop->current);
        }
        aw__trace_emit(loop, &event);
    }
    return (int)written;
}

int aw_printf(const char *format, ...)
{
    char small[512];
    va_list args;
    va_start(args, format);
    int length = vsnprintf(small, sizeof small, format, args);
    va_end(args);
    if (length < 0)
        return AW_EINVAL;
    if ((size_t)length < sizeof small)
        return aw_write_output(small, (size_t)length);
    char *large = malloc((size_t)length + 1);
    if (large == NULL)
        return AW_ENOMEM;
    va_start(args, format);
    vsnprintf(large, (size_t)length + 1, format, args);
    va_end(args);
    int written = aw_write_output(large, (size_t)length);
    free(large);
    return written;
}
