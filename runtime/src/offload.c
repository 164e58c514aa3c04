/*
 * Blocking work on threads (asyncio.to_thread): a small pool of worker threads, started on
 * first use, runs functions the loop must not wait for (getaddrinfo, file reads). A finished
 * job goes on a list and the worker wakes the loop through an eventfd (a pipe elsewhere), the
 * only thread-safe way into it; the loop's watcher of that fd completes the jobs' futures, so
 * their tasks run in the iteration whose poll saw the wake-up.
 *
 * A job cannot be stopped once a worker has it. Its task's cancellation is therefore held (as
 * in a shielded section) until the job returns, and aw_offload then reports AW_ECANCELED; the
 * job's memory (on the waiting task's stack) stays valid for the whole run.
 */
#include "internal.h"

#if defined(__wasm__)

int(aw_offload)(aw_offload_fn fn, void *arg, aw_value *result)
{
    (void)fn, (void)arg, (void)result;
    return AW_ENOTSUP;
}

void aw__offload_free(aw_loop *loop) { (void)loop; }

int(aw_file_pread)(int fd, void *buffer, size_t size, int64_t offset, size_t *done)
{
    (void)fd, (void)buffer, (void)size, (void)offset, (void)done;
    return AW_ENOTSUP;
}

int(aw_file_pwrite)(int fd, const void *buffer, size_t size, int64_t offset, size_t *done)
{
    (void)fd, (void)buffer, (void)size, (void)offset, (void)done;
    return AW_ENOTSUP;
}

#else

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/eventfd.h>
#endif

enum { MAX_WORKERS = 4 };

typedef struct offload_job {
    struct offload_job *next;
    aw_offload_fn fn;
    void *arg;
    aw_value result;
    aw_future future;
} offload_job;

struct offload_pool {
    pthread_mutex_t lock;
    pthread_cond_t work;
    offload_job *queue_head, *queue_tail; /* waiting for a worker */
    offload_job *done_head, *done_tail;   /* finished, not yet seen by the loop */
    pthread_t workers[MAX_WORKERS];
    int worker_count;
    int idle;
    bool stopping;
    bool wake_pending;    /* a wake-up is written and not yet read */
    int wake_read, wake_write; /* the same eventfd twice on Linux */
    io_waiter watcher;
};

static void wake_loop(struct offload_pool *pool)
{
    if (pool->wake_pending)
        return;
    pool->wake_pending = true;
#if defined(__linux__)
    uint64_t one = 1;
    (void)!write(pool->wake_write, &one, sizeof one);
#else
    (void)!write(pool->wake_write, "", 1);
#endif
}

static void *worker_main(void *arg)
{
    struct offload_pool *pool = arg;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        while (pool->queue_head == NULL && !pool->stopping) {
            pool->idle++;
            pthread_cond_wait(&pool->work, &pool->lock);
            pool->idle--;
        }
        if (pool->stopping) /* queued jobs are dropped: their tasks are being freed */
            break;
        offload_job *job = pool->queue_head;
        pool->queue_head = job->next;
        if (pool->queue_head == NULL)
            pool->queue_tail = NULL;
        pthread_mutex_unlock(&pool->lock);
        job->result = job->fn(job->arg);
        pthread_mutex_lock(&pool->lock);
        job->next = NULL;
        if (pool->done_tail != NULL)
            pool->done_tail->next = job;
        else
            pool->done_head = job;
        pool->done_tail = job;
        wake_loop(pool);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

/* The loop's side: the wake-up fd is readable; complete the finished jobs in finishing order. */
static void on_wake(aw_loop *loop, io_waiter *watcher)
{
    struct offload_pool *pool = AW_CONTAINER_OF(watcher, struct offload_pool, watcher);
    char drain[64];
    while (read(pool->wake_read, drain, sizeof drain) > 0) {
    }
    pthread_mutex_lock(&pool->lock);
    offload_job *job = pool->done_head;
    pool->done_head = pool->done_tail = NULL;
    pool->wake_pending = false;
    pthread_mutex_unlock(&pool->lock);
    (void)loop;
    while (job != NULL) {
        offload_job *next = job->next;
        aw__future_complete(&job->future, AW_OK, job->result);
        job = next;
    }
}

static int set_nonblocking_cloexec(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -1;
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static int start_pool(aw_loop *loop)
{
    struct offload_pool *pool = calloc(1, sizeof *pool);
    if (pool == NULL)
        return AW_ENOMEM;
    pool->watcher.ready = on_wake;
#if defined(__linux__)
    pool->wake_read = pool->wake_write = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (pool->wake_read < 0) {
        int status = aw__status_from_errno(errno);
        free(pool);
        return status;
    }
#else
    int fds[2];
    if (pipe(fds) != 0) {
        int status = aw__status_from_errno(errno);
        free(pool);
        return status;
    }
    set_nonblocking_cloexec(fds[0]);
    set_nonblocking_cloexec(fds[1]);
    pool->wake_read = fds[0];
    pool->wake_write = fds[1];
#endif
    (void)set_nonblocking_cloexec;
    int status = aw__io_add_watcher(loop, pool->wake_read, &pool->watcher);
    if (status != AW_OK) {
        close(pool->wake_read);
        if (pool->wake_write != pool->wake_read)
            close(pool->wake_write);
        free(pool);
        return status;
    }
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->work, NULL);
    loop->offload = pool;
    return AW_OK;
}

void aw__offload_free(aw_loop *loop)
{
    struct offload_pool *pool = loop->offload;
    if (pool == NULL)
        return;
    pthread_mutex_lock(&pool->lock);
    pool->stopping = true;
    pthread_cond_broadcast(&pool->work);
    pthread_mutex_unlock(&pool->lock);
    for (int i = 0; i < pool->worker_count; i++)
        pthread_join(pool->workers[i], NULL);
    aw__io_forget(loop, pool->wake_read);
    close(pool->wake_read);
    if (pool->wake_write != pool->wake_read)
        close(pool->wake_write);
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->work);
    free(pool);
    loop->offload = NULL;
}

static int submit(aw_loop *loop, offload_job *job)
{
    if (loop->offload == NULL) {
        int status = start_pool(loop);
        if (status != AW_OK)
            return status;
    }
    struct offload_pool *pool = loop->offload;
    int status = AW_OK;
    pthread_mutex_lock(&pool->lock);
    if (pool->idle == 0 && pool->worker_count < MAX_WORKERS) {
        if (pthread_create(&pool->workers[pool->worker_count], NULL, worker_main, pool) == 0)
            pool->worker_count++;
        else if (pool->worker_count == 0)
            status = AW_ENOMEM;
    }
    if (status == AW_OK) {
        job->next = NULL;
        if (pool->queue_tail != NULL)
            pool->queue_tail->next = job;
        else
            pool->queue_head = job;
        pool->queue_tail = job;
        pthread_cond_signal(&pool->work);
    }
    pthread_mutex_unlock(&pool->lock);
    return status;
}

int(aw_offload)(aw_offload_fn fn, void *arg, aw_value *result)
{
    aw_task *task = aw__loop_running_task();
    if (task == NULL)
        return AW_ESTATE;
    if (fn == NULL)
        return AW_EINVAL;
    if (task->must_cancel && task->shield_depth == 0) { /* lands here, before any work */
        task->must_cancel = false;
        return AW_ECANCELED;
    }
    aw_loop *loop = task->loop;
    offload_job job = {.fn = fn, .arg = arg};
    aw__future_init(&job.future, loop, FUTURE_PLAIN);
    int status = submit(loop, &job);
    if (status != AW_OK)
        return status;
    loop->waiting_io++;
    task->shield_depth++; /* the work cannot be stopped: hold cancellation until it ends */
    status = aw__future_wait(&job.future, AW_WAIT_FUTURE, job.future.id, 0, NULL);
    task->shield_depth--;
    loop->waiting_io--;
    if (result != NULL)
        *result = job.result;
    if (task->must_cancel && task->shield_depth == 0) {
        task->must_cancel = false;
        status = AW_ECANCELED;
    }
    return status;
}

typedef struct file_request {
    int fd;
    void *buffer;
    size_t size;
    int64_t offset;
    int error;
} file_request;

static aw_value run_pread(void *arg)
{
    file_request *request = arg;
    ssize_t n;
    do
        n = pread(request->fd, request->buffer, request->size, (off_t)request->offset);
    while (n < 0 && errno == EINTR);
    request->error = n < 0 ? errno : 0;
    return AW_INT(n < 0 ? 0 : n);
}

static aw_value run_pwrite(void *arg)
{
    file_request *request = arg;
    ssize_t n;
    do
        n = pwrite(request->fd, request->buffer, request->size, (off_t)request->offset);
    while (n < 0 && errno == EINTR);
    request->error = n < 0 ? errno : 0;
    return AW_INT(n < 0 ? 0 : n);
}

static int file_call(aw_offload_fn fn, file_request *request, size_t *done)
{
    aw_value transferred = {0};
    int status = (aw_offload)(fn, request, &transferred);
    if (done != NULL)
        *done = status == AW_OK || status == AW_ECANCELED ? (size_t)transferred.i : 0;
    if (status == AW_OK && request->error != 0)
        status = aw__status_from_errno(request->error);
    return status;
}

int(aw_file_pread)(int fd, void *buffer, size_t size, int64_t offset, size_t *done)
{
    file_request request = {.fd = fd, .buffer = buffer, .size = size, .offset = offset};
    return file_call(run_pread, &request, done);
}

int(aw_file_pwrite)(int fd, const void *buffer, size_t size, int64_t offset, size_t *done)
{
    file_request request = {.fd = fd, .buffer = (void *)buffer, .size = size, .offset = offset};
    return file_call(run_pwrite, &request, done);
}

#endif
