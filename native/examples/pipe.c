/* Reading and writing pipes from tasks: a producer task writes lines into a pipe with pauses
 * between them, and a consumer task reads them with a timeout, so it notices the pauses and
 * then the end of the stream. Then a child process's output is read the same way.
 * Run: ./pipe  (virtual clock: instant, and the same on every run) */
#define _POSIX_C_SOURCE 200809L /* pipe, posix_spawn, waitpid */
#include <aw.h>

#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

typedef struct pipe_ends {
    int read_fd, write_fd;
} pipe_ends;

static int producer(void *arg, aw_value *result)
{
    (void)result;
    pipe_ends *ends = arg;
    static const int pauses_ms[] = {0, 100, 400};
    char line[32];
    for (int i = 0; i < 3; i++) {
        aw_sleep(pauses_ms[i]);
        int length = snprintf(line, sizeof line, "line %d\n", i + 1);
        int status = aw_fd_write_all(ends->write_fd, line, (size_t)length, NULL, 1000);
        if (status != AW_OK)
            return status;
        aw_printf("[%3lld ms] producer wrote line %d\n", (long long)aw_now_ms(), i + 1);
    }
    return aw_fd_close(ends->write_fd); /* the consumer reads end of file */
}

static int consumer(void *arg, aw_value *result)
{
    (void)result;
    pipe_ends *ends = arg;
    char buffer[64];
    for (;;) {
        size_t got;
        int status = aw_fd_read(ends->read_fd, buffer, sizeof buffer, &got, 250);
        if (status == AW_ETIMEDOUT) {
            aw_printf("[%3lld ms] consumer: nothing for 250 ms\n", (long long)aw_now_ms());
            continue;
        }
        if (status != AW_OK)
            return status;
        if (got == 0) {
            aw_printf("[%3lld ms] consumer: end of file\n", (long long)aw_now_ms());
            return aw_fd_close(ends->read_fd);
        }
        aw_printf("[%3lld ms] consumer read %zu bytes: %.*s", (long long)aw_now_ms(), got, (int)got,
                  buffer);
    }
}

/* Runs `command` with its stdout on a pipe and prints what it writes, line by line as it comes. */
static int read_child(const char *command)
{
    int fds[2];
    if (pipe(fds) != 0)
        return AW_EIO;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    char *argv[] = {"sh", "-c", (char *)command, NULL};
    pid_t child;
    int error = posix_spawn(&child, "/bin/sh", &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]); /* the child's copy is the only writer left: its exit ends the stream */
    if (error != 0) {
        close(fds[0]);
        return AW_EIO;
    }
    char buffer[256];
    size_t got;
    int status;
    /* No timeout: on the virtual clock a deadline would pass before a real process answers. */
    while ((status = aw_fd_read(fds[0], buffer, sizeof buffer, &got, -1)) == AW_OK && got > 0)
        aw_printf("child wrote: %.*s", (int)got, buffer);
    aw_fd_close(fds[0]);
    int child_status;
    waitpid(child, &child_status, 0);
    aw_printf("child exited with %d\n", WIFEXITED(child_status) ? WEXITSTATUS(child_status) : -1);
    return status;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    int fds[2];
    if (pipe(fds) != 0)
        return AW_EIO;
    pipe_ends ends = {fds[0], fds[1]};
    aw_task *tasks[2];
    aw_spawn(&tasks[0], producer, &ends);
    aw_spawn(&tasks[1], consumer, &ends);
    int status = aw_gather(tasks, 2, NULL);
    aw_task_unref(tasks[0]);
    aw_task_unref(tasks[1]);
    aw_printf("producer and consumer: %s\n", aw_err_name(status));
    if (status != AW_OK)
        return status;
    return read_child("echo one line from the child; exit 3");
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return aw_run_with(main_task, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
