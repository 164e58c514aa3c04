/* The table of I/O backends, best first: adding one is a new file and a line here. */
#include "io/backends.h"
#include "io/io.h"

#include <string.h>

static const io_backend *const backends[] = {
#if defined(__EMSCRIPTEN__)
    &aw__io_js_backend,
#endif
#if defined(__linux__)
    &aw__io_epoll_backend,
#endif
#if !defined(__EMSCRIPTEN__)
    &aw__io_poll_backend, /* on WASI: fds (stdin, pipes the host gives) through poll_oneoff */
#endif
    &aw__io_sleep_backend,
};

enum { BACKEND_COUNT = sizeof backends / sizeof backends[0] };

const io_backend *aw__io_backend_find(const char *name)
{
    if (name == NULL)
        return backends[0];
    for (size_t i = 0; i < BACKEND_COUNT; i++)
        if (strcmp(backends[i]->name, name) == 0)
            return backends[i];
    return NULL;
}

const char *aw_io_backend_name(size_t index)
{
    return index < BACKEND_COUNT ? backends[index]->name : NULL;
}
