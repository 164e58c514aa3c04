/* aw_loop_get_stats' io_waits (native: pipes and threads): a task waiting for a pipe to be
 * readable and a task waiting on offloaded work each count as one I/O wait, from the moment
 * they suspend until the wait ends. The deadline of the fd wait is an armed timer meanwhile.
 * The offloaded work blocks its worker thread until the main task writes to a second pipe. */
#include <aw.h>

#include <stdio.h>
#include <unistd.h>

static int fds[2], go[2];

static void show_stats(const char *when)
{
    aw_loop_stats s;
    aw_loop_get_stats(aw_loop_current(), &s);
    printf("%-22s live %zu, timers %zu, io %zu\n", when, s.live_tasks, s.timers_armed,
           s.io_waits);
}

static int reader(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return aw_wait_readable(fds[0], 10000);
}

static aw_value slow_work(void *arg)
{
    (void)arg;
    char byte = 0;
    (void)!read(go[0], &byte, 1); /* blocks this worker thread, not the loop */
    return (aw_value){.i = byte};
}

static int offloader(void *arg, aw_value *result)
{
    (void)arg;
    return aw_offload(slow_work, NULL, result);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    if (pipe(fds) != 0 || pipe(go) != 0)
        return AW_EIO;
    aw_task *read_task, *offload_task;
    aw_spawn(&read_task, reader, NULL);
    aw_spawn(&offload_task, offloader, NULL);
    show_stats("spawned:");
    aw_yield();
    show_stats("both waiting:");
    (void)!write(fds[1], "x", 1);
    printf("reader: %s\n", aw_err_name(aw_join(read_task, NULL)));
    show_stats("reader done:");
    (void)!write(go[1], "\5", 1);
    aw_value value = {0};
    int status = aw_join(offload_task, &value);
    printf("offloader: %s, result %lld\n", aw_err_name(status), (long long)value.i);
    show_stats("offloader done:");
    close(fds[0]);
    close(fds[1]);
    close(go[0]);
    close(go[1]);
    return AW_OK;
}

int main(void) { return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1; }
