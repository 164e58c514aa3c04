/* Limits: how many tasks a process can hold (kernel memory mappings) and what happens when it
 * runs out of file descriptors. The machine's own limits go to stderr; stdout shows what does
 * not depend on them.
 * Run: ./limits */
#define _POSIX_C_SOURCE 200809L /* getrlimit */

#include <aw.h>

#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>

enum { MAX_TASKS = 35000 };

static aw_task *tasks[MAX_TASKS];

static int idle(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return aw_sleep(1000); /* on the virtual clock: no time at all */
}

/* Spawns `arg` tasks that all wait at once, then waits for them. */
static int crowd(void *arg, aw_value *result)
{
    size_t count = (size_t)(uintptr_t)arg;
    for (size_t i = 0; i < count; i++) {
        int status = aw_spawn(&tasks[i], idle, NULL);
        if (status != AW_OK) {
            aw_printf("spawn %zu: %s\n", i, aw_err_name(status));
            return status;
        }
    }
    result->i = (int64_t)aw_loop_live_tasks(aw_loop_current()) - 1; /* not this one */
    int status = aw_gather(tasks, count, NULL);
    for (size_t i = 0; i < count; i++)
        aw_task_unref(tasks[i]);
    return status;
}

static int run_crowd(const char *what, size_t count, aw_loop_options options)
{
    aw_value waiting;
    int status = aw_run_with(crowd, (void *)(uintptr_t)count, &waiting, &options);
    printf("%s: %lld tasks waiting at once, %s\n", what, (long long)waiting.i,
           aw_err_name(status));
    return status;
}

/* Opens listeners until the process runs out of descriptors. */
static int fill_fds(void *arg, aw_value *result)
{
    (void)arg;
    aw_socket *listeners[128];
    int status = AW_OK;
    size_t open = 0;
    while (open < 128 && (status = aw_tcp_listen(&listeners[open], "127.0.0.1", 0, 0, 0)) == AW_OK)
        open++;
    result->i = (int64_t)open;
    aw_printf("listening until the descriptors run out: %s\n", aw_err_name(status));
    for (size_t i = 0; i < open; i++)
        aw_tcp_close(listeners[i]);
    aw_socket *again;
    status = aw_tcp_listen(&again, "127.0.0.1", 0, 0, 0);
    aw_printf("after closing them: %s\n", aw_err_name(status));
    if (status == AW_OK)
        aw_tcp_close(again);
    return status;
}

int main(void)
{
    FILE *file = fopen("/proc/sys/vm/max_map_count", "r");
    long map_count = 0;
    if (file != NULL) {
        if (fscanf(file, "%ld", &map_count) != 1)
            map_count = 0;
        fclose(file);
    }
    fprintf(stderr, "vm.max_map_count = %ld: fewer than %ld tasks with guard pages\n", map_count,
            map_count / 2);

    /* Guarded stacks (the default): two mappings each. */
    if (run_crowd("guard pages", 5000, (aw_loop_options){.clock = AW_CLOCK_VIRTUAL}) != AW_OK)
        return 1;
    /* Without guard pages stacks are carved from shared mappings: more tasks than the map
     * count allows guarded ones. */
    if (run_crowd("no guard pages, 16 KiB stacks", MAX_TASKS,
                  (aw_loop_options){.clock = AW_CLOCK_VIRTUAL, .no_guard_pages = true,
                                    .stack_size = 16 * 1024}) != AW_OK)
        return 1;

    /* File descriptors: lower this process's limit so that it runs out quickly. */
    struct rlimit limit;
    getrlimit(RLIMIT_NOFILE, &limit);
    fprintf(stderr, "RLIMIT_NOFILE = %lld (hard %lld)\n", (long long)limit.rlim_cur,
            (long long)limit.rlim_max);
    limit.rlim_cur = 64;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1;
    aw_value opened;
    int status = aw_run(fill_fds, NULL, &opened);
    fprintf(stderr, "%lld listeners fitted under a limit of 64\n", (long long)opened.i);
    return status == AW_OK ? 0 : 1;
}
