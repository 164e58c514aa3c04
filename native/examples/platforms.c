/* Platforms: the same program on every I/O backend of this build. A pipe carries one byte
 * from a writer task to a reader task that waits for it with aw_wait_readable.
 * Run: ./platforms */
#define _POSIX_C_SOURCE 200809L /* pipe */

#include <aw.h>

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];

static int writer(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    int status = aw_sleep(10);
    if (status == AW_OK && write(fds[1], "x", 1) != 1)
        status = AW_EIO;
    return status;
}

static int reader(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task;
    aw_spawn(&task, writer, NULL);
    int status = aw_wait_readable(fds[0], 1000);
    char byte = 0;
    if (status == AW_OK && read(fds[0], &byte, 1) != 1)
        status = AW_EIO;
    aw_printf("  %-6s waited for the pipe: %s%s%s\n", aw_loop_io_backend(aw_loop_current()),
              aw_err_name(status), status == AW_OK ? ", read " : "", status == AW_OK ? "x" : "");
    aw_join(task, NULL);
    return AW_OK;
}

int main(void)
{
    const char *backends[] = {NULL, "epoll", "poll", "sleep", "kqueue"};
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        if (pipe(fds) != 0)
            return 1;
        fcntl(fds[0], F_SETFL, O_NONBLOCK);
        printf("io_backend %s:\n", backends[i] != NULL ? backends[i] : "NULL (the default)");
        fflush(stdout);
        aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL, .io_backend = backends[i]};
        int status = aw_run_with(reader, NULL, NULL, &options);
        if (status != AW_OK)
            printf("  aw_run: %s\n", aw_err_name(status));
        close(fds[0]);
        close(fds[1]);
    }
    return 0;
}
