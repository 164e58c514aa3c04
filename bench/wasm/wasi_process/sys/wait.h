/* WASI has no processes and no pipes: wasi-libc declares neither fork() nor pipe() and has no
 * <sys/wait.h>. bench/bench_core.c measures the memory of idle tasks in a child process per
 * run, which reports back through a pipe; here pipe() fails, as where no pipe can be made, and
 * bench_core skips that measurement. Its other measurements run as natively. */
#ifndef AW_BENCH_WASI_SYS_WAIT_H
#define AW_BENCH_WASI_SYS_WAIT_H

#include <errno.h>
#include <sys/types.h>

static inline int pipe(int fds[2])
{
    (void)fds;
    errno = ENOSYS;
    return -1;
}

static inline pid_t fork(void)
{
    errno = ENOSYS;
    return -1;
}

static inline pid_t waitpid(pid_t pid, int *status, int options)
{
    (void)pid, (void)status, (void)options;
    errno = ECHILD;
    return -1;
}

#endif
