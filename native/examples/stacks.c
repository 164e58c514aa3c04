/* Stack sizes: give a task the stack it needs, measure what it uses, and see what an overflow
 * does. Measured numbers depend on the compiler and its flags, so they go to stderr; stdout
 * shows what does not.
 * Run: ./stacks */
#define _POSIX_C_SOURCE 200809L /* fork, pipe */

#include <aw.h>

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static uintptr_t deepest; /* the lowest stack address the measured code reached */

static void note_depth(const volatile char *frame)
{
    if ((uintptr_t)frame < deepest)
        deepest = (uintptr_t)frame;
}

/* The work to size the stack for: a recursive walk with a 256-byte buffer per level. */
static int walk(int depth)
{
    volatile char buffer[256];
    buffer[0] = (char)depth;
    note_depth(buffer);
    if (depth == 0)
        return buffer[0];
    return walk(depth - 1) + buffer[0];
}

static int measured(void *arg, aw_value *result)
{
    volatile char top; /* the task's stack starts just above its first frame */
    deepest = (uintptr_t)&top;
    result->i = walk((int)(intptr_t)arg);
    result->i = (int64_t)((uintptr_t)&top - deepest); /* bytes below the first frame */
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    size_t stack = 32 * 1024;
    aw_task *task;
    aw_spawn_with(&task, measured, (void *)20, &(aw_spawn_options){.name = "walk", .stack_size = stack});
    aw_value used;
    aw_join(task, &used);
    fprintf(stderr, "walk(20) used %lld bytes of its %zu-byte stack\n", (long long)used.i, stack);
    aw_printf("walk(20) fits in a 32 KiB stack with half of it to spare: %s\n",
              (size_t)used.i < stack / 2 ? "yes" : "no");
    return AW_OK;
}

/* Recurses until the stack runs into its guard page. */
static int overflow(void *arg, aw_value *result)
{
    (void)arg;
    result->i = walk(1 << 20);
    return AW_OK;
}

static int overflow_main(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task;
    aw_spawn_with(&task, overflow, NULL, &(aw_spawn_options){.name = "deep", .stack_size = 16 * 1024});
    return aw_join(task, NULL);
}

int main(void)
{
    if (aw_run(main_task, NULL, NULL) != AW_OK)
        return 1;
    fflush(stdout);

    /* An overflow stops the process with a report on stderr: here, in a child process whose
     * stderr this one reads. */
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0)
        return 1;
    pid_t child = fork();
    if (child == 0) {
        dup2(pipe_fds[1], STDERR_FILENO);
        aw_run(overflow_main, NULL, NULL);
        _exit(0);
    }
    close(pipe_fds[1]);
    char report[256];
    size_t size = 0;
    ssize_t got;
    while (size < sizeof report - 1 &&
           (got = read(pipe_fds[0], report + size, sizeof report - 1 - size)) > 0)
        size += (size_t)got;
    report[size] = '\0';
    char *end = strchr(report, '\n'); /* the report's line (an emulator may add its own) */
    if (end != NULL)
        end[1] = '\0';
    int status;
    waitpid(child, &status, 0);
    printf("child: %s", report);
    printf("child killed by SIGABRT: %s\n",
           WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT ? "yes" : "no");
    return 0;
}
