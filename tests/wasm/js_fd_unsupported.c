/* Emscripten's loop waits in JavaScript, not on fds: reading and writing an fd from a task
 * returns AW_ENOTSUP, and *got / *written are 0. */
#include <aw.h>

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    char buffer[8];
    size_t got = 99, written = 99;
    int status = aw_fd_read(0, buffer, sizeof buffer, &got, 100);
    aw_printf("aw_fd_read of stdin: %s, %zu bytes\n", aw_err_name(status), got);
    status = aw_fd_write_all(1, "x", 1, &written, 100);
    aw_printf("aw_fd_write_all to stdout: %s, %zu written\n", aw_err_name(status), written);
    return AW_OK;
}

int main(void) { return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1; }
