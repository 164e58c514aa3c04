/* WebAssembly has no signals: a signal watcher cannot be made, on WASI and on Emscripten. */
#include <aw.h>

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_signal *watcher = NULL;
    int interrupt = 2; /* SIGINT on every system; WASI has no <signal.h> */
    int status = aw_signal_new(&watcher, &interrupt, 1);
    aw_printf("aw_signal_new: %s (%s)\n", aw_err_name(status), aw_strerror(status));
    aw_printf("aw_signal_wait on NULL: %s\n", aw_err_name(aw_signal_wait(NULL, NULL, 0)));
    aw_signal_free(watcher); /* NULL: a no-op */
    return AW_OK;
}

int main(void) { return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1; }
