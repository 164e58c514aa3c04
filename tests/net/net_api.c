/* The socket, fd-wait and offload API under the backend named by AW_IO_BACKEND (the test runs
 * once per backend). Every check prints what failed; the program exits 1 on any failure. */
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void nonblocking_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        abort();
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
}

/* --- a connected pair through a listener --- */

typedef struct pair {
    aw_socket *listener, *client, *server;
} pair;

static int accept_one(void *arg, aw_value *result)
{
    (void)result;
    pair *p = arg;
    return aw_tcp_accept(p->listener, &p->server, 5000);
}

static void open_pair(pair *p)
{
    *p = (pair){0};
    CHECK_STATUS(aw_tcp_listen(&p->listener, "127.0.0.1", 0, 16, 0), AW_OK);
    int port = aw_tcp_local_port(p->listener);
    CHECK(port > 0);
    aw_task *acceptor;
    aw_spawn(&acceptor, accept_one, p);
    CHECK_STATUS(aw_tcp_connect(&p->client, "127.0.0.1", port, 5000), AW_OK);
    CHECK_STATUS(aw_join(acceptor, NULL), AW_OK);
    CHECK(p->server != NULL && p->client != NULL);
}

static void close_pair(pair *p)
{
    aw_tcp_close(p->client);
    aw_tcp_close(p->server);
    aw_tcp_close(p->listener);
}

static int read_task(void *arg, aw_value *result)
{
    (void)result;
    char byte;
    size_t got;
    return aw_tcp_read(arg, &byte, 1, &got, -1);
}

static void test_sockets(void)
{
    pair p;
    open_pair(&p);
    /* Bytes both ways, including read_exact over several writes. */
    CHECK_STATUS(aw_tcp_write_all(p.client, "ping", 4, NULL, 1000), AW_OK);
    char buffer[16] = {0};
    CHECK_STATUS(aw_tcp_read_exact(p.server, buffer, 4, NULL, 1000), AW_OK);
    CHECK(memcmp(buffer, "ping", 4) == 0);
    CHECK_STATUS(aw_tcp_write_all(p.server, "po", 2, NULL, 1000), AW_OK);
    CHECK_STATUS(aw_tcp_write_all(p.server, "ng", 2, NULL, 1000), AW_OK);
    CHECK_STATUS(aw_tcp_read_exact(p.client, buffer, 4, NULL, 1000), AW_OK);
    CHECK(memcmp(buffer, "pong", 4) == 0);

    /* A read of 0 bytes returns at once, whatever the deadline (none here). */
    size_t zero = 99;
    int64_t asked = aw_now_ms();
    CHECK_STATUS(aw_tcp_read(p.server, buffer, 0, &zero, -1), AW_OK);
    CHECK(zero == 0 && aw_now_ms() - asked < 1000);

    /* A read with a deadline and nothing to read times out, no earlier than asked. */
    size_t got = 99;
    int64_t start = aw_now_ms();
    CHECK_STATUS(aw_tcp_read(p.server, buffer, sizeof buffer, &got, 50), AW_ETIMEDOUT);
    CHECK(aw_now_ms() - start >= 50);
    CHECK(got == 0);

    /* Cancelling a task blocked in a read ends the read with AW_ECANCELED. */
    aw_task *reader;
    aw_spawn(&reader, read_task, p.server);
    aw_sleep(10);
    aw_cancel(reader);
    CHECK_STATUS(aw_join(reader, NULL), AW_ECANCELED);

    /* Closing a socket wakes a task waiting on it with AW_ECLOSED. */
    pair q;
    open_pair(&q);
    aw_spawn(&reader, read_task, q.server);
    aw_sleep(10);
    aw_tcp_close(q.server);
    q.server = NULL;
    CHECK_STATUS(aw_join(reader, NULL), AW_ECLOSED);
    close_pair(&q);

    /* Half-close: the peer reads what was sent, then end of stream; read_exact reports the
     * short count with AW_ECLOSED. */
    CHECK_STATUS(aw_tcp_write_all(p.client, "abc", 3, NULL, 1000), AW_OK);
    CHECK_STATUS(aw_tcp_shutdown(p.client), AW_OK);
    got = 0;
    CHECK_STATUS(aw_tcp_read_exact(p.server, buffer, 5, &got, 1000), AW_ECLOSED);
    CHECK(got == 3 && memcmp(buffer, "abc", 3) == 0);
    CHECK_STATUS(aw_tcp_read(p.server, buffer, sizeof buffer, &got, 1000), AW_OK);
    CHECK(got == 0);
    /* The other direction still works after a half-close. */
    CHECK_STATUS(aw_tcp_write_all(p.server, "xyz", 3, NULL, 1000), AW_OK);
    CHECK_STATUS(aw_tcp_read_exact(p.client, buffer, 3, NULL, 1000), AW_OK);
    CHECK(memcmp(buffer, "xyz", 3) == 0);
    CHECK_STATUS(aw_tcp_set_nodelay(p.client, false), AW_OK);

    /* A peer that resets (aw_tcp_reset: SO_LINGER 0), on a fresh connection: the reader sees
     * AW_ECONNRESET, and a later write AW_EPIPE or AW_ECONNRESET. */
    pair r;
    open_pair(&r);
    CHECK_STATUS(aw_tcp_reset(r.client), AW_OK);
    r.client = NULL;
    aw_sleep(20);
    CHECK_STATUS(aw_tcp_read(r.server, buffer, sizeof buffer, &got, 1000), AW_ECONNRESET);
    int status = aw_tcp_write_all(r.server, "after", 5, NULL, 1000);
    CHECK(status == AW_ECONNRESET || status == AW_EPIPE);
    close_pair(&r);

    /* The port is taken while the listener lives; refused once it is closed. */
    int port = aw_tcp_local_port(p.listener);
    aw_socket *second = NULL;
    CHECK_STATUS(aw_tcp_listen(&second, "127.0.0.1", port, 16, 0), AW_EADDRINUSE);
    aw_tcp_close(p.listener);
    p.listener = NULL;
    aw_socket *refused = NULL;
    CHECK_STATUS(aw_tcp_connect(&refused, "127.0.0.1", port, 1000), AW_ECONNREFUSED);
    close_pair(&p);

    /* SO_REUSEPORT; any other flag is refused. */
    aw_socket *listener = NULL, *other;
    CHECK_STATUS(aw_tcp_listen(&listener, "127.0.0.1", 0, 16, 2), AW_EINVAL);
    CHECK_STATUS(aw_tcp_listen(&listener, "127.0.0.1", 0, 16, AW_TCP_REUSEPORT | 4), AW_EINVAL);
    CHECK(listener == NULL);
    CHECK_STATUS(aw_tcp_listen(&listener, "127.0.0.1", 0, 16, AW_TCP_REUSEPORT), AW_OK);
    CHECK_STATUS(aw_tcp_listen(&other, "127.0.0.1", aw_tcp_local_port(listener), 16,
                               AW_TCP_REUSEPORT),
                 AW_OK);
    aw_tcp_close(other);
    aw_tcp_close(listener);
    /* Accept with a deadline; cancelled; the listener closed meanwhile. */
    aw_socket *server;
    CHECK_STATUS(aw_tcp_listen(&listener, NULL, 0, 16, 0), AW_OK);
    CHECK_STATUS(aw_tcp_accept(listener, &server, 20), AW_ETIMEDOUT);
    pair waiting = {.listener = listener};
    aw_task *acceptor;
    aw_spawn(&acceptor, accept_one, &waiting);
    aw_sleep(10);
    aw_cancel(acceptor);
    CHECK_STATUS(aw_join(acceptor, NULL), AW_ECANCELED);
    aw_spawn(&acceptor, accept_one, &waiting);
    aw_sleep(10);
    aw_tcp_close(listener);
    CHECK_STATUS(aw_join(acceptor, NULL), AW_ECLOSED);
    CHECK(waiting.server == NULL);
}

/* --- deadlines and cancellation on real sockets --- */

typedef struct connect_attempt {
    int port;
    const char *host;
    aw_socket *connection;
} connect_attempt;

static int connect_task(void *arg, aw_value *result)
{
    (void)result;
    connect_attempt *attempt = arg;
    return aw_tcp_connect(&attempt->connection, attempt->host, attempt->port, 5000);
}

/* A connect that gets no answer: the listener's accept queue (backlog 1) is full and nobody
 * accepts, so Linux drops the SYNs of further connects (even with tcp_syncookies on: cookies
 * are for a full SYN queue, not a full accept queue) and they hang until their deadline. */
static void test_connect_unanswered(void)
{
    enum { MOST = 8 };
    aw_socket *listener = NULL;
    CHECK_STATUS(aw_tcp_listen(&listener, "127.0.0.1", 0, 1, 0), AW_OK);
    int port = aw_tcp_local_port(listener);
    aw_socket *queued[MOST] = {0};
    int completed = 0, status = AW_OK;
    int64_t start = 0;
    while (completed < MOST) {
        start = aw_now_ms();
        status = aw_tcp_connect(&queued[completed], "127.0.0.1", port, 200);
        if (status != AW_OK)
            break;
        completed++;
    }
    fprintf(stderr, "unanswered connect: %d completed before the accept queue was full\n",
            completed);
    CHECK(completed >= 1 && completed < MOST);
    CHECK_STATUS(status, AW_ETIMEDOUT);
    CHECK(aw_now_ms() - start >= 200);
    /* Cancelled while its SYN waits for an answer: AW_ECANCELED at once. */
    connect_attempt attempt = {.port = port, .host = "127.0.0.1"};
    aw_task *connector;
    aw_spawn(&connector, connect_task, &attempt);
    aw_sleep(50);
    start = aw_now_ms();
    aw_cancel(connector);
    CHECK_STATUS(aw_join(connector, NULL), AW_ECANCELED);
    CHECK(attempt.connection == NULL && aw_now_ms() - start < 1000);
    for (int i = 0; i < completed; i++)
        aw_tcp_close(queued[i]);
    aw_tcp_close(listener);
}

/* A peer that never reads: write_all stops at its deadline and reports how many bytes the
 * kernel took; exactly those reach the peer, in order. */
static void test_write_all_timeout(void)
{
    enum { SIZE = 48 << 20 }; /* more than both kernel buffers can hold, even unshrunk */
    pair p;
    open_pair(&p);
    /* Small buffers make the writer stall after a few KiB instead of many MiB. */
    setsockopt(aw_tcp_fd(p.client), SOL_SOCKET, SO_SNDBUF, &(int){4096}, sizeof(int));
    setsockopt(aw_tcp_fd(p.server), SOL_SOCKET, SO_RCVBUF, &(int){4096}, sizeof(int));
    unsigned char *data = malloc(SIZE), *back = malloc(SIZE);
    for (size_t i = 0; i < SIZE; i++)
        data[i] = (unsigned char)(i * 131 + (i >> 12));
    size_t written = 0;
    int64_t start = aw_now_ms();
    CHECK_STATUS(aw_tcp_write_all(p.client, data, SIZE, &written, 100), AW_ETIMEDOUT);
    CHECK(aw_now_ms() - start >= 100);
    fprintf(stderr, "write_all to a peer that never reads: %zu bytes taken\n", written);
    CHECK(written > 0 && written < SIZE);
    size_t got = 0;
    CHECK_STATUS(aw_tcp_read_exact(p.server, back, written, &got, 5000), AW_OK);
    CHECK(got == written && memcmp(back, data, written) == 0);
    CHECK_STATUS(aw_tcp_read(p.server, back, 1, &got, 50), AW_ETIMEDOUT);
    /* The connection is still good: the rest goes through once the peer reads. */
    CHECK_STATUS(aw_tcp_write_all(p.client, "end", 3, NULL, 1000), AW_OK);
    CHECK_STATUS(aw_tcp_read_exact(p.server, back, 3, NULL, 1000), AW_OK);
    CHECK(memcmp(back, "end", 3) == 0);
    free(data);
    free(back);
    close_pair(&p);
}

/* --- name lookups --- */

typedef struct gate_state {
    pthread_mutex_t lock;
    pthread_cond_t opened;
    bool open;
} gate_state;

static gate_state gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false};

/* Holds a worker of the offload pool until the gate opens (at most 10 s, so that a lookup
 * that wrongly waits for the pool fails the test instead of hanging it). Returns 1 if the
 * gate opened. */
static aw_value wait_at_gate(void *arg)
{
    (void)arg;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&gate.lock);
    while (!gate.open && pthread_cond_timedwait(&gate.opened, &gate.lock, &until) == 0) {
    }
    int opened = gate.open;
    pthread_mutex_unlock(&gate.lock);
    return AW_INT(opened);
}

static int gate_task(void *arg, aw_value *result)
{
    return aw_offload(wait_at_gate, arg, result);
}

static int listen_task(void *arg, aw_value *result)
{
    (void)result;
    aw_socket *listener = NULL;
    int status = aw_tcp_listen(&listener, arg, 0, 16, 0);
    aw_tcp_close(listener);
    return status;
}

/* Host names resolve on the offload pool ("localhost" from /etc/hosts: no DNS query). A slow
 * lookup is one that waits: here every worker of the pool (4) is held at a gate, so the
 * lookups queue behind them, and their deadline or a cancellation must end them at once. */
static void test_lookups(void)
{
    aw_socket *listener, *client, *server;
    CHECK_STATUS(aw_tcp_listen(&listener, "localhost", 0, 16, 0), AW_OK);
    int port = aw_tcp_local_port(listener);
    CHECK_STATUS(aw_tcp_connect(&client, "localhost", port, 5000), AW_OK);
    CHECK_STATUS(aw_tcp_accept(listener, &server, 5000), AW_OK);
    aw_tcp_close(client);
    aw_tcp_close(server);
    /* A name glibc refuses itself (a space is no host name character) fails the lookup
     * without a query: AW_ENOTFOUND. */
    client = NULL;
    CHECK_STATUS(aw_tcp_connect(&client, "no such host", port, 5000), AW_ENOTFOUND);
    CHECK_STATUS(aw_tcp_listen(&server, "no such host", 0, 16, 0), AW_ENOTFOUND);
    CHECK(client == NULL);

    enum { WORKERS = 4 };
    aw_task *holders[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        aw_spawn(&holders[i], gate_task, NULL);
    aw_sleep(20); /* every worker holds a gate job */
    int64_t start = aw_now_ms();
    CHECK_STATUS(aw_tcp_connect(&client, "localhost", port, 50), AW_ETIMEDOUT);
    CHECK(aw_now_ms() - start >= 50);
    connect_attempt attempt = {.port = port, .host = "localhost"};
    aw_task *connector, *lister;
    aw_spawn(&connector, connect_task, &attempt);
    aw_spawn(&lister, listen_task, "localhost");
    aw_sleep(20);
    aw_cancel(connector);
    aw_cancel(lister);
    CHECK_STATUS(aw_join(connector, NULL), AW_ECANCELED);
    CHECK_STATUS(aw_join(lister, NULL), AW_ECANCELED);
    /* The abandoned lookups run once the workers are free; their answers are freed. */
    pthread_mutex_lock(&gate.lock);
    gate.open = true;
    pthread_cond_broadcast(&gate.opened);
    pthread_mutex_unlock(&gate.lock);
    aw_value opened[WORKERS];
    CHECK_STATUS(aw_gather(holders, WORKERS, opened), AW_OK);
    for (int i = 0; i < WORKERS; i++) {
        CHECK(opened[i].i == 1); /* the lookups above returned while the gate was shut */
        aw_task_unref(holders[i]);
    }
    CHECK_STATUS(aw_tcp_connect(&client, "localhost", port, 5000), AW_OK);
    CHECK_STATUS(aw_tcp_accept(listener, &server, 5000), AW_OK);
    aw_tcp_close(client);
    aw_tcp_close(server);
    aw_tcp_close(listener);
}

/* --- fd waits --- */

typedef struct iteration_probe {
    int fd;
    uint64_t resumed_in;
    int status;
} iteration_probe;

static int wait_task(void *arg, aw_value *result)
{
    (void)result;
    iteration_probe *probe = arg;
    probe->status = aw_wait_readable(probe->fd, -1);
    probe->resumed_in = aw_loop_iteration(aw_loop_current());
    return probe->status;
}

static int write_later(void *arg, aw_value *result)
{
    (void)result;
    aw_sleep(20);
    return write(*(int *)arg, "z", 1) == 1 ? AW_OK : AW_EIO;
}

static void test_fd_waits(void)
{
    int fds[2];
    nonblocking_pipe(fds);
    aw_loop *loop = aw_loop_current();
    /* Already readable: the poll at the start of the next iteration sees it and the task runs
     * in that iteration. */
    (void)!write(fds[1], "x", 1);
    uint64_t before = aw_loop_iteration(loop);
    CHECK_STATUS(aw_wait_readable(fds[0], -1), AW_OK);
    CHECK(aw_loop_iteration(loop) == before + 1);
    char byte;
    (void)!read(fds[0], &byte, 1);
    /* Nothing to read: a deadline of 0 times out in the next iteration; 30 ms after 30 ms. */
    CHECK_STATUS(aw_wait_readable(fds[0], 0), AW_ETIMEDOUT);
    int64_t start = aw_now_ms();
    CHECK_STATUS(aw_wait_readable(fds[0], 30), AW_ETIMEDOUT);
    CHECK(aw_now_ms() - start >= 30);
    /* Always writable. */
    CHECK_STATUS(aw_wait_writable(fds[1], 1000), AW_OK);
    /* A second waiter for the same fd and direction is refused. */
    iteration_probe probe = {.fd = fds[0]};
    aw_task *waiter;
    aw_spawn(&waiter, wait_task, &probe);
    aw_yield();
    CHECK_STATUS(aw_wait_readable(fds[0], 10), AW_ESTATE);
    /* The waiter wakes in the iteration whose poll saw the byte written by this task. */
    (void)!write(fds[1], "y", 1);
    uint64_t written_in = aw_loop_iteration(loop);
    CHECK_STATUS(aw_join(waiter, NULL), AW_OK);
    CHECK(probe.resumed_in == written_in + 1);
    /* Cancellation ends a wait with AW_ECANCELED. */
    (void)!read(fds[0], &byte, 1);
    aw_spawn(&waiter, wait_task, &probe);
    aw_yield();
    aw_cancel(waiter);
    CHECK_STATUS(aw_join(waiter, NULL), AW_ECANCELED);
    CHECK_STATUS(aw_wait_readable(-1, 10), AW_EINVAL);
    /* Every negative timeout is no limit: the byte written 20 ms later ends the wait. */
    aw_task *writer;
    aw_spawn(&writer, write_later, &fds[1]);
    CHECK_STATUS(aw_wait_readable(fds[0], INT64_MIN), AW_OK);
    CHECK_STATUS(aw_join(writer, NULL), AW_OK);
    CHECK_STATUS(aw_wait_writable(fds[1], INT64_MIN), AW_OK);
    close(fds[0]);
    close(fds[1]);
}

/* --- offload --- */

typedef struct work {
    pthread_t thread;
    int sleep_ms;
    volatile int finished;
} work;

static aw_value do_work(void *arg)
{
    work *w = arg;
    w->thread = pthread_self();
    usleep((useconds_t)w->sleep_ms * 1000);
    w->finished = 1;
    return AW_INT(42);
}

static int ticks;

static int ticker(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (;;) {
        if (aw_sleep(5) != AW_OK)
            return AW_OK;
        ticks++;
    }
}

static int offload_task(void *arg, aw_value *result)
{
    return aw_offload(do_work, arg, result);
}

static void test_offload(void)
{
    aw_task *tick;
    aw_spawn(&tick, ticker, NULL);
    work w = {.sleep_ms = 100};
    aw_value value = {0};
    CHECK_STATUS(aw_offload(do_work, &w, &value), AW_OK);
    CHECK(value.i == 42);
    CHECK(!pthread_equal(w.thread, pthread_self()));
    CHECK(ticks >= 5); /* the loop kept running while the work slept */
    /* Cancelled while the work runs: AW_ECANCELED, but only once the work has finished. */
    work w2 = {.sleep_ms = 50};
    aw_task *offloader;
    aw_spawn(&offloader, offload_task, &w2);
    aw_sleep(10);
    aw_cancel(offloader);
    CHECK_STATUS(aw_join(offloader, &value), AW_ECANCELED);
    CHECK(w2.finished == 1);
    /* Several at once, more than there are workers. */
    work many[8];
    aw_task *tasks[8];
    for (int i = 0; i < 8; i++) {
        many[i] = (work){.sleep_ms = 10};
        aw_spawn(&tasks[i], offload_task, &many[i]);
    }
    aw_value results[8];
    CHECK_STATUS(aw_gather(tasks, 8, results), AW_OK);
    for (int i = 0; i < 8; i++) {
        CHECK(results[i].i == 42);
        aw_task_unref(tasks[i]);
    }
    aw_cancel(tick);
    aw_join(tick, NULL);
    /* File I/O through the pool. */
    char path[] = "/tmp/aw_net_api_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    size_t done = 0;
    CHECK_STATUS(aw_file_pwrite(fd, "hello file", 10, 0, &done), AW_OK);
    CHECK(done == 10);
    char buffer[32] = {0};
    CHECK_STATUS(aw_file_pread(fd, buffer, sizeof buffer, 6, &done), AW_OK);
    CHECK(done == 4 && memcmp(buffer, "file", 4) == 0);
    CHECK_STATUS(aw_file_pread(-1, buffer, 1, 0, &done), AW_EINVAL);
    close(fd);
    unlink(path);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    check_backend();
    test_fd_waits();
    test_sockets();
    test_connect_unanswered();
    test_write_all_timeout();
    test_lookups();
    test_offload();
    return AW_OK;
}

static int sleep_backend_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK_STATUS(aw_wait_readable(0, 10), AW_ENOTSUP);
    return AW_OK;
}

int main(void)
{
    CHECK_STATUS(aw_wait_readable(0, 0), AW_ESTATE);
    /* A numeric address needs no task; a name is looked up on the pool and does. */
    aw_socket *listener = NULL;
    CHECK_STATUS(aw_tcp_listen(&listener, "127.0.0.1", 0, 16, 0), AW_OK);
    aw_tcp_close(listener);
    CHECK_STATUS(aw_tcp_listen(&listener, "localhost", 0, 16, 0), AW_ESTATE);
    aw_loop *loop = NULL;
    CHECK_STATUS(aw_loop_new(&loop, &(aw_loop_options){.io_backend = "no-such-backend"}),
                 AW_EINVAL);
    CHECK_STATUS(aw_run_with(sleep_backend_task, NULL, NULL,
                             &(aw_loop_options){.io_backend = "sleep"}),
                 AW_OK);
    CHECK_STATUS(aw_run(main_task, NULL, NULL), AW_OK);
    return check_report("net_api");
}
