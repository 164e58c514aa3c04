/* aw_fd_read / aw_fd_write_all / aw_fd_close on pipes (and an eventfd on Linux) under the
 * backend named by AW_IO_BACKEND: every status a caller can see, in order. The "sleep"
 * backend prints its own lines (expected/fd_io_sleep.out): what needs no wait works, a wait
 * is AW_ENOTSUP. */
#include <aw.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/eventfd.h>
#endif

static void make_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        abort();
}

static const char *yes(bool condition) { return condition ? "yes" : "no"; }

typedef struct reader_state {
    int fd;
    int64_t ms;
    char buffer[64];
    size_t got;
    int status;
} reader_state;

static int reader(void *arg, aw_value *result)
{
    (void)result;
    reader_state *state = arg;
    state->status = aw_fd_read(state->fd, state->buffer, sizeof state->buffer, &state->got,
                               state->ms);
    return state->status;
}

static void spawn_reader(aw_task **task, reader_state *state, int fd, int64_t ms)
{
    *state = (reader_state){.fd = fd, .ms = ms};
    aw_spawn(task, reader, state);
    aw_yield(); /* it is waiting now */
}

/* The wait a read goes into, as the trace shows it. */
typedef struct io_step {
    aw_wait_kind wait;
    uint64_t object_id;
    aw_io_direction direction;
} io_step;

static void observe_io(const aw_trace_event *event, void *userdata)
{
    io_step *step = userdata;
    if (event->kind == AW_TRACE_STEP_END && event->wait == AW_WAIT_IO)
        *step = (io_step){event->wait, event->object_id, event->direction};
}

static void data_and_end_of_file(void)
{
    int fds[2];
    make_pipe(fds);
    char buffer[16];
    size_t got = 99, written = 99;
    aw_printf("blocking pipe made non-blocking by the first call:\n");
    int status = aw_fd_write_all(fds[1], "hello", 5, &written, 1000);
    aw_printf("  write_all: %s, %zu bytes\n", aw_err_name(status), written);
    status = aw_fd_read(fds[0], buffer, sizeof buffer, &got, 1000);
    aw_printf("  read: %s, %zu bytes \"%.*s\"\n", aw_err_name(status), got, (int)got, buffer);
    aw_printf("  O_NONBLOCK on both ends: %s\n",
              yes((fcntl(fds[0], F_GETFL) & O_NONBLOCK) && (fcntl(fds[1], F_GETFL) & O_NONBLOCK)));
    status = aw_fd_read(fds[0], buffer, 0, &got, -1);
    aw_printf("read of size 0: %s, %zu bytes\n", aw_err_name(status), got);
    status = aw_fd_read(fds[0], buffer, sizeof buffer, &got, 0);
    aw_printf("empty pipe, 0 ms: %s, %zu bytes\n", aw_err_name(status), got);
    status = aw_fd_read(fds[0], buffer, sizeof buffer, &got, 20);
    aw_printf("empty pipe, 20 ms: %s, %zu bytes\n", aw_err_name(status), got);
    close(fds[1]);
    status = aw_fd_read(fds[0], buffer, sizeof buffer, &got, 1000);
    aw_printf("writer closed: %s, %zu bytes (end of file)\n", aw_err_name(status), got);
    status = aw_fd_read(fds[0], buffer, sizeof buffer, &got, 1000);
    aw_printf("again: %s, %zu bytes\n", aw_err_name(status), got);
    close(fds[0]);
}

static void waiting_reader_and_trace(void)
{
    int fds[2];
    make_pipe(fds);
    io_step step = {0};
    aw_loop_observe(aw_loop_current(), observe_io, &step);
    reader_state state;
    aw_task *task;
    spawn_reader(&task, &state, fds[0], 5000);
    aw_printf("reader waits: wait %s on the pipe's fd: %s, direction %s\n", aw_wait_kind_name(step.wait),
              yes(step.object_id == (uint64_t)fds[0]), aw_io_direction_name(step.direction));
    aw_loop_unobserve(aw_loop_current(), observe_io, &step);
    char second[4];
    size_t got = 99;
    aw_printf("a second reader: %s\n", aw_err_name(aw_fd_read(fds[0], second, sizeof second, &got, 10)));
    aw_fd_write_all(fds[1], "wake", 4, NULL, 1000);
    int status = aw_join(task, NULL);
    aw_printf("reader woken by a write: %s, %zu bytes \"%.*s\"\n", aw_err_name(status), state.got,
              (int)state.got, state.buffer);

    spawn_reader(&task, &state, fds[0], -1);
    aw_cancel(task);
    status = aw_join(task, NULL);
    aw_printf("reader cancelled: %s, %zu bytes\n", aw_err_name(status), state.got);

    spawn_reader(&task, &state, fds[0], -1);
    aw_printf("aw_fd_close of the read end: %s\n", aw_err_name(aw_fd_close(fds[0])));
    status = aw_join(task, NULL);
    aw_printf("reader of the closed fd: %s, %zu bytes\n", aw_err_name(status), state.got);
    aw_fd_close(fds[1]);
}

typedef struct drain_state {
    int fd;
    size_t total;
    unsigned sum;
} drain_state;

static int drainer(void *arg, aw_value *result)
{
    (void)result;
    drain_state *state = arg;
    unsigned char buffer[4096];
    size_t got;
    int status;
    while ((status = aw_fd_read(state->fd, buffer, sizeof buffer, &got, 5000)) == AW_OK && got > 0) {
        for (size_t i = 0; i < got; i++)
            state->sum = state->sum * 31 + buffer[i];
        state->total += got;
    }
    return status;
}

static void full_pipe(void)
{
    enum { SIZE = 1 << 20 };
    unsigned char *data = malloc(SIZE);
    unsigned sum = 0;
    for (size_t i = 0; i < SIZE; i++) {
        data[i] = (unsigned char)(i * 7 + i / 4096);
        sum = sum * 31 + data[i];
    }
    int fds[2];
    make_pipe(fds);
    size_t written = 0;
    int status = aw_fd_write_all(fds[1], data, SIZE, &written, 50);
    aw_printf("1 MiB into a pipe nobody reads, 50 ms: %s, some written: %s, all: %s\n", aw_err_name(status),
              yes(written > 0), yes(written == SIZE));
    aw_task *task;
    drain_state state = {.fd = fds[0]};
    aw_spawn(&task, drainer, &state);
    size_t rest = 0;
    status = aw_fd_write_all(fds[1], data + written, SIZE - written, &rest, 5000);
    aw_fd_close(fds[1]);
    int reader_status = aw_join(task, NULL);
    aw_printf("the rest while a task reads: %s; reader: %s, all bytes: %s, same bytes: %s\n",
              aw_err_name(status), aw_err_name(reader_status), yes(state.total == SIZE),
              yes(state.sum == sum));
    aw_fd_close(fds[0]);
    free(data);
}

static void errors(void)
{
    int fds[2];
    make_pipe(fds);
    char buffer[8];
    size_t got = 99, written = 99;
    aw_printf("fd -1: read %s, write %s\n", aw_err_name(aw_fd_read(-1, buffer, 1, &got, 0)),
              aw_err_name(aw_fd_write_all(-1, "x", 1, &written, 0)));
    aw_printf("NULL got: %s; NULL buffer: %s\n", aw_err_name(aw_fd_read(fds[0], buffer, 1, NULL, 0)),
              aw_err_name(aw_fd_write_all(fds[1], NULL, 1, &written, 0)));
    int status = aw_fd_write_all(fds[0], "x", 1, &written, 0);
    aw_printf("write to the read end: %s (%s), %zu written\n", aw_err_name(status),
              aw_last_os_error() == EBADF ? "EBADF" : "other", written);
    int closed = fds[0];
    close(fds[0]);
    status = aw_fd_read(closed, buffer, 1, &got, 0);
    aw_printf("read of a closed fd: %s (%s), %zu bytes\n", aw_err_name(status),
              aw_last_os_error() == EBADF ? "EBADF" : "other", got);
    aw_printf("aw_fd_close of a closed fd: %s; of -1: %s\n", aw_err_name(aw_fd_close(closed)), aw_err_name(aw_fd_close(-1)));
    status = aw_fd_write_all(fds[1], "x", 1, &written, 0);
    aw_printf("write, reader gone: %s (SIGPIPE not delivered), %zu written\n", aw_err_name(status),
              written);
    close(fds[1]);
#if defined(__linux__)
    int event = eventfd(0, 0);
    uint64_t value = 3;
    aw_fd_write_all(event, &value, sizeof value, NULL, 0);
    value = 0;
    status = aw_fd_read(event, &value, sizeof value, &got, 0);
    aw_printf("eventfd: read %s, %zu bytes, value %llu\n", aw_err_name(status), got,
              (unsigned long long)value);
    aw_printf("eventfd, 4-byte buffer: %s\n", aw_err_name(aw_fd_read(event, buffer, 4, &got, 0)));
    aw_printf("eventfd at 0, 10 ms: %s\n", aw_err_name(aw_fd_read(event, &value, sizeof value, &got, 10)));
    close(event);
#else
    aw_printf("eventfd: read AW_OK, 8 bytes, value 3\n"
              "eventfd, 4-byte buffer: AW_EINVAL\n"
              "eventfd at 0, 10 ms: AW_ETIMEDOUT\n"); /* no eventfd here: the lines Linux prints */
#endif
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    data_and_end_of_file();
    waiting_reader_and_trace();
    full_pipe();
    errors();
    return AW_OK;
}

/* What works without waiting, and what cannot wait. */
static int sleep_backend_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    int fds[2];
    make_pipe(fds);
    char buffer[8];
    size_t got = 99, written = 99;
    int status = aw_fd_write_all(fds[1], "abc", 3, &written, 100);
    aw_printf("write_all: %s, %zu bytes\n", aw_err_name(status), written);
    status = aw_fd_read(fds[0], buffer, sizeof buffer, &got, 100);
    aw_printf("read: %s, %zu bytes\n", aw_err_name(status), got);
    status = aw_fd_read(fds[0], buffer, sizeof buffer, &got, 100);
    aw_printf("read of an empty pipe: %s, %zu bytes\n", aw_err_name(status), got);
    close(fds[1]);
    status = aw_fd_read(fds[0], buffer, sizeof buffer, &got, 100);
    aw_printf("end of file: %s, %zu bytes\n", aw_err_name(status), got);
    close(fds[0]);
    return AW_OK;
}

int main(void)
{
    char buffer[1];
    size_t got;
    printf("outside a task: %s\n", aw_err_name(aw_fd_read(0, buffer, 1, &got, 0)));
    const char *backend = getenv("AW_IO_BACKEND");
    bool sleep_backend = backend != NULL && strcmp(backend, "sleep") == 0;
    int status = aw_run(sleep_backend ? sleep_backend_task : main_task, NULL, NULL);
    return status == AW_OK ? 0 : 1;
}
