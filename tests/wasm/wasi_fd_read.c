/* aw_fd_read on WASI: stdin (a pipe the Node harness fills from wasi_fd_read.stdin and closes)
 * is read by a task through the poll backend (poll_oneoff), chunk by chunk, to end of file;
 * a bad fd is AW_EINVAL, as natively. */
#include <aw.h>

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    char text[256], buffer[16];
    size_t got, total = 0;
    bool small_reads = true; /* how the host splits the stream is its business */
    int status;
    while ((status = aw_fd_read(0, buffer, sizeof buffer, &got, 5000)) == AW_OK && got > 0 &&
           total + got < sizeof text) {
        small_reads = small_reads && got <= sizeof buffer;
        for (size_t i = 0; i < got; i++)
            text[total + i] = buffer[i];
        total += got;
    }
    aw_printf("read %zu bytes, each read at most 16: %s\n%.*s", total, small_reads ? "yes" : "no",
              (int)total, text);
    aw_printf("then: %s, %zu bytes (end of file)\n", aw_err_name(status), got);
    status = aw_fd_read(0, buffer, sizeof buffer, &got, 5000);
    aw_printf("again: %s, %zu bytes\n", aw_err_name(status), got);
    status = aw_fd_read(42, buffer, sizeof buffer, &got, 0);
    aw_printf("fd 42 (not open): %s\n", aw_err_name(status));
    return AW_OK;
}

int main(void) { return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1; }
