/* Readiness of stdin on WASI: the default I/O backend there is poll, which wasi-libc runs on
 * poll_oneoff, so a task waits for fd 0 like any fd natively. The Node harness feeds
 * wasi_stdin.stdin through a pipe and closes it. */
#include <aw.h>

#include <unistd.h>

static int reader(void *arg, aw_value *result)
{
    (void)arg;
    char buffer[64];
    size_t total = 0;
    for (;;) {
        int status = aw_wait_readable(0, 5000);
        if (status != AW_OK) {
            aw_printf("waiting for stdin: %s\n", aw_err_name(status));
            return status;
        }
        ssize_t n = read(0, buffer, sizeof buffer);
        if (n <= 0)
            break;
        aw_write_output(buffer, (size_t)n);
        total += (size_t)n;
    }
    result->i = (int64_t)total;
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("io backend: %s\n", aw_loop_io_backend(aw_loop_current()));
    aw_task *task;
    aw_spawn(&task, reader, NULL);
    aw_value total;
    int status = aw_join(task, &total);
    aw_printf("stdin: %s, %lld bytes, then end of file\n", aw_err_name(status),
              (long long)total.i);
    return status;
}

int main(void) { return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1; }
