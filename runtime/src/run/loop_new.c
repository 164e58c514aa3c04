/* aw_loop_new: the loop of the core, given the layers above it in order (each registers what
 * undoes it with the loop, so that aw_loop_free is the one unwind path): the signal handlers,
 * the I/O backend, the TCP implementation, and the Chrome trace that AW_TRACE asks for. */
#include "core/loop.h"
#include "io/io.h"
#include "net/net.h"
#include "observe/signals.h"

#include <stdio.h>
#include <stdlib.h>

/* An environment variable's value, or NULL when it is unset or empty. */
static const char *environment(const char *name)
{
    const char *value = getenv(name);
    return value != NULL && *value != '\0' ? value : NULL;
}

int aw_loop_new(aw_loop **out, const aw_loop_options *options)
{
    if (out == NULL)
        return AW_EINVAL;
    aw_loop_options defaults = {0};
    if (options == NULL)
        options = &defaults;
    aw_loop *loop;
    int status = aw__loop_create(&loop, options);
    if (status != AW_OK)
        return status;
    const char *backend = options->io_backend;
    if (backend == NULL)
        backend = environment("AW_IO_BACKEND");
    if ((status = aw__signals_attach(loop)) != AW_OK ||
        (status = aw__io_attach(loop, backend)) != AW_OK ||
        (status = aw__net_attach(loop, options->simulated_network)) != AW_OK) {
        aw_loop_free(loop);
        return status;
    }
    const char *trace_path = environment("AW_TRACE");
    if (trace_path != NULL && aw_trace_chrome_start(loop, trace_path) != AW_OK)
        fprintf(stderr, "aw: cannot write the trace to %s\n", trace_path);
    *out = loop;
    return AW_OK;
}
