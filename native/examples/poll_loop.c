/* aw inside a poll() loop that the program owns (docs/embedding.md). The caller's loop watches
 * its own pipe and the fds aw needs watched, waits no longer than aw's next timer, and gives aw
 * one turn (aw_loop_try_run_iteration) each time round. The aw side is a worker task, which
 * takes commands from the caller over a pipe, echoes each through a TCP server task on loopback and
 * waits on a timer before it answers; the caller reads the answer on its own pipe.
 * Run: ./poll_loop  (real clock: about 40 ms; AW_IO_BACKEND=poll picks the poll backend) */
#include <aw.h>

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int to_aw[2];     /* the caller writes commands, the worker reads them */
static int from_aw[2];   /* the worker answers, the caller reads: the caller's own fd */

static int server(void *arg, aw_value *result)
{
    (void)result;
    aw_socket *listener = arg;
    for (;;) {
        aw_socket *connection;
        int status = aw_tcp_accept(listener, &connection, -1);
        if (status != AW_OK)
            return status; /* AW_ECANCELED when the caller is done */
        char text[64];
        size_t got;
        if (aw_tcp_read(connection, text, sizeof text, &got, 1000) == AW_OK) {
            aw_printf("aw: server echoes \"%.*s\"\n", (int)got, text);
            aw_tcp_write_all(connection, text, got, NULL, 1000);
        }
        aw_tcp_close(connection);
    }
}

static int echo(int port, const char *text, char *reply)
{
    aw_socket *connection;
    int status = aw_tcp_connect(&connection, "127.0.0.1", port, 1000);
    if (status != AW_OK)
        return status;
    size_t length = strlen(text);
    status = aw_tcp_write_all(connection, text, length, NULL, 1000);
    if (status == AW_OK)
        status = aw_tcp_read_exact(connection, reply, length, NULL, 1000);
    reply[length] = '\0';
    aw_tcp_close(connection);
    return status;
}

static int worker(void *arg, aw_value *result)
{
    (void)result;
    int port = *(const int *)arg;
    for (;;) {
        int status = aw_wait_readable(to_aw[0], -1);
        char command[64];
        ssize_t got = status == AW_OK ? read(to_aw[0], command, sizeof command - 1) : -1;
        if (got <= 0)
            return status != AW_OK ? status : AW_EIO;
        command[got] = '\0';
        aw_printf("aw: worker got \"%s\"\n", command);
        if (strcmp(command, "quit") == 0)
            break;
        char reply[64];
        if ((status = echo(port, command + strlen("echo "), reply)) != AW_OK)
            return status;
        aw_printf("aw: worker got \"%s\" back over TCP, waits 20 ms\n", reply);
        aw_sleep(20);
        char answer[80];
        int length = snprintf(answer, sizeof answer, "done %s", reply);
        (void)!write(from_aw[1], answer, (size_t)length);
    }
    (void)!write(from_aw[1], "bye", 3);
    return AW_OK;
}

static void send_command(const char *command)
{
    printf("caller: sends \"%s\"\n", command);
    (void)!write(to_aw[1], command, strlen(command));
}

/* Fills fds[1..] with what aw needs watched: its one backend fd where it has one (epoll), else
 * the poll backend's set. Returns the number of entries used in fds. */
static nfds_t watch_aw(aw_loop *loop, struct pollfd *fds, nfds_t capacity)
{
    int fd = aw_loop_backend_fd(loop);
    if (fd >= 0) {
        fds[1] = (struct pollfd){.fd = fd, .events = POLLIN};
        return 2;
    }
    aw_poll_fd wanted[16];
    size_t count = aw_loop_poll_fds(loop, wanted, 16);
    if (count > 16 || count > capacity - 1) {
        fprintf(stderr, "more fds than this example watches\n");
        return 1;
    }
    for (size_t i = 0; i < count; i++) {
        short events = (short)(((wanted[i].events & AW_POLL_READ) ? POLLIN : 0) |
                               ((wanted[i].events & AW_POLL_WRITE) ? POLLOUT : 0));
        fds[1 + i] = (struct pollfd){.fd = wanted[i].fd, .events = events};
    }
    return 1 + (nfds_t)count;
}

static void handle_answer(aw_task *server_task)
{
    char answer[80];
    ssize_t got = read(from_aw[0], answer, sizeof answer - 1);
    if (got <= 0)
        return;
    answer[got] = '\0';
    printf("caller: its pipe says \"%s\"\n", answer);
    if (strcmp(answer, "done hello") == 0)
        send_command("echo world");
    else if (strcmp(answer, "done world") == 0)
        send_command("quit");
    else if (strcmp(answer, "bye") == 0)
        aw_cancel(server_task); /* the loop below ends when both tasks are done */
}

int main(void)
{
    if (pipe(to_aw) != 0 || pipe(from_aw) != 0)
        return 1;
    fcntl(to_aw[0], F_SETFL, O_NONBLOCK);
    fcntl(from_aw[0], F_SETFL, O_NONBLOCK);

    aw_loop *loop;
    aw_socket *listener;
    aw_task *server_task, *worker_task;
    if (aw_loop_new(&loop, NULL) != AW_OK ||
        aw_tcp_listen(&listener, "127.0.0.1", 0, 8, 0) != AW_OK)
        return 1;
    int port = aw_tcp_local_port(listener);
    aw_spawn(&server_task, server, listener);
    aw_spawn(&worker_task, worker, &port);
    send_command("echo hello");

    for (;;) {
        aw_loop_try_run_iteration(loop); /* runs what is due, never waits */
        if (aw_loop_live_tasks(loop) == 0)
            break;
        struct pollfd fds[17] = {{.fd = from_aw[0], .events = POLLIN}};
        nfds_t count = watch_aw(loop, fds, 17);
        int64_t timeout = aw_loop_backend_timeout_ms(loop); /* -1: no aw timer */
        if (poll(fds, count, timeout > INT_MAX ? INT_MAX : (int)timeout) < 0)
            break;
        if (fds[0].revents & POLLIN)
            handle_answer(server_task);
        /* aw's own fds need nothing here: the next aw_loop_try_run_iteration polls them. */
    }
    printf("caller: worker %s, server %s\n", aw_err_name(aw_task_status(worker_task)),
           aw_err_name(aw_task_status(server_task)));
    aw_task_unref(server_task);
    aw_task_unref(worker_task);
    aw_tcp_close(listener);
    aw_loop_free(loop);
    return 0;
}
