/* Reading and writing a non-blocking fd from a task (fd.c): the loops that every fd-based
 * stream shares (aw_fd_*, and TCP's real sockets in net/net.c). Nothing here is public. */
#ifndef AW_IO_FD_H
#define AW_IO_FD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One read system call: read(2), recv(2), ... (-1 and errno on error). */
typedef ssize_t (*fd_read_fn)(int fd, void *buffer, size_t size);

/* Reads what the fd has with read_fn, up to `size` (> 0) bytes (*got 0: end of stream),
 * waiting for readability while it says EAGAIN, until deadline_ns on the loop clock (-1:
 * none). wait_first waits before the first try (the caller knows the fd is drained).
 * keep_interest as aw__io_wait. Called from a task. Returns AW_OK, AW_ETIMEDOUT,
 * AW_ECANCELED, AW_ECLOSED, AW_ENOTSUP (the backend cannot wait) or the read's error. */
int aw__fd_read_some(int fd, fd_read_fn read_fn, void *buffer, size_t size, size_t *got,
                     int64_t deadline_ns, bool wait_first, bool keep_interest);

/* One write system call: write(2), send(2) with MSG_NOSIGNAL, ... (-1 and errno on error). */
typedef ssize_t (*fd_write_fn)(int fd, const void *data, size_t size);

/* Writes all `size` bytes with write_fn, waiting for writability while it says EAGAIN; the
 * deadline, `ms` from the first wait (most writes never wait), as aw_tcp_write_all. *written
 * (may be NULL) receives the bytes taken, whatever the status. Called from a task. */
int aw__fd_write_all(int fd, fd_write_fn write_fn, const void *buffer, size_t size,
                     size_t *written, int64_t ms);

#endif
