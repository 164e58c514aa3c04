/* The I/O backends, one file each; backends.c lists them. Nothing here is public. */
#ifndef AW_IO_BACKENDS_H
#define AW_IO_BACKENDS_H

#include "core/io_backend.h"

/* Waits by sleeping: for loops that wait on nothing but timers (and builds without poll). */
extern const io_backend aw__io_sleep_backend;
#if !defined(__EMSCRIPTEN__) /* native, and WASI (poll_oneoff) */
extern const io_backend aw__io_poll_backend;
#endif
#if defined(__linux__)
extern const io_backend aw__io_epoll_backend;
#endif
#if defined(__EMSCRIPTEN__)
/* Waits by returning to JavaScript (io_js.c). */
extern const io_backend aw__io_js_backend;
#endif

#endif
