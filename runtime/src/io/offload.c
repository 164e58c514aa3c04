/*
 * Blocking work on threads (asyncio.to_thread): a small pool of worker threads, started on
 * first use, runs functions the loop must not wait for (getaddrinfo, file reads). A finished
 * job goes on a list and the worker wakes the loop (io_wakeup.c), whose watcher collects the
 * list and completes the jobs' futures, so their tasks run in the iteration whose poll saw the
 * wake-up.
 *
 * A job cannot be stopped once a worker has it. For aw_offload, its task's cancellation is
 * therefore held (as in a shielded section) until the job returns, and aw_offload then reports
 * AW_ECANCELED; the job's memory (on the waiting task's stack) stays valid for the whole run.
 * aw__offload_abandonable instead lets its task stop waiting (a deadline, a cancellation): its
 * job lives on the heap and whoever is last, the task or the pool, frees it.
 */
#include "base/error.h"
#include "base/list.h"
#include "core/future.h"
#include "core/loop.h"
#include "io/offload.h"
#include "io/wakeup.h"
#include "core/task.h"

#if defined(__wasm__)

int(aw_offload)(aw_offload_fn fn, void *arg, aw_value *result)
{
    (void)fn, (void)arg, (void)result;
    return AW_ENOTSUP;
}

int aw__offload_abandonable(aw_offload_fn fn, void *arg, void (*discard)(void *arg),
                            int64_t deadline_ns)
{
    (void)fn, (void)deadline_ns;
    discard(arg);
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
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

enum { MAX_WORKERS = 4 };

typedef struct offload_job {
    aw_list_node node;          /* in the pool's queue, then in its done list */
    aw_offload_fn fn;
    void *arg;
    aw_value result;
    aw_future future;
    void (*discard)(void *arg); /* set for aw__offload_abandonable: job and arg are heap memory */
    bool in_pool;               /* submitted and not yet collected: a worker may still use it */
    bool abandoned;             /* its task stopped waiting: the pool frees it when collected */
} offload_job;

struct offload_pool {
    aw_loop *loop;
    pthread_mutex_t lock;
    pthread_cond_t work;
    aw_list queue;              /* offload_job: waiting for a worker */
    aw_list done;               /* offload_job: finished, not yet collected by the loop */
    pthread_t workers[MAX_WORKERS];
    int worker_count;
    int idle;
    bool stopping;
};

static offload_job *pop_job(aw_list *list)
{
    return AW_LIST_ENTRY(aw__list_pop_front(list), offload_job, node);
}

static void *worker_main(void *arg)
{
    struct offload_pool *pool = arg;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        while (aw__list_is_empty(&pool->queue) && !pool->stopping) {
            pool->idle++;
            pthread_cond_wait(&pool->work, &pool->lock);
            pool->idle--;
        }
        if (pool->stopping) /* queued jobs are dropped: their tasks are being freed */
            break;
        offload_job *job = pop_job(&pool->queue);
        pthread_mutex_unlock(&pool->lock);
        job->result = job->fn(job->arg);
        pthread_mutex_lock(&pool->lock);
        aw__list_push_back(&pool->done, &job->node); /* the loop may free it once unlocked */
        aw__wakeup_signal(pool->loop);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

static void discard_job(offload_job *job)
{
    job->discard(job->arg);
    free(job);
}

void aw__offload_collect(aw_loop *loop)
{
    struct offload_pool *pool = loop->offload;
    if (pool == NULL)
        return;
    pthread_mutex_lock(&pool->lock);
    aw_list done = pool->done;
    aw__list_init(&pool->done);
    pthread_mutex_unlock(&pool->lock);
    offload_job *job;
    while ((job = pop_job(&done)) != NULL) {
        job->in_pool = false;
        if (job->abandoned)
            discard_job(job);
        else if (job->future.state == FUTURE_PENDING) /* not timed out meanwhile */
            aw__future_complete(&job->future, AW_OK, job->result);
    }
}

static int start_pool(aw_loop *loop)
{
    if (loop->wakeup == NULL) /* the "sleep" backend: nothing would tell the loop */
        return AW_ENOTSUP;
    struct offload_pool *pool = calloc(1, sizeof *pool);
    if (pool == NULL)
        return AW_ENOMEM;
    pool->loop = loop;
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->work, NULL);
    loop->offload = pool;
    return AW_OK;
}

/* Heap jobs still listed when the loop is freed: their tasks die with it and never look. */
static void discard_heap_jobs(aw_list *list)
{
    offload_job *job;
    while ((job = pop_job(list)) != NULL)
        if (job->discard != NULL)
            discard_job(job);
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
    discard_heap_jobs(&pool->queue);
    discard_heap_jobs(&pool->done);
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
        job->in_pool = true;
        aw__list_push_back(&pool->queue, &job->node);
        pthread_cond_signal(&pool->work);
    }
    pthread_mutex_unlock(&pool->lock);
    return status;
}

/* Runs the job on the pool and waits for it until deadline_ns (-1: none). `shielded` holds
 * the task's cancellation until the job returns (aw_offload); otherwise a cancellation ends
 * the wait at once. A cancellation already pending lands before any work is submitted. */
static int offload_wait(aw_task *task, offload_job *job, int64_t deadline_ns, bool shielded)
{
    if (aw__task_take_cancel(task))
        return AW_ECANCELED;
    aw_loop *loop = task->loop;
    aw__future_init(&job->future, loop, FUTURE_PLAIN);
    int status = submit(loop, job);
    if (status != AW_OK)
        return status;
    loop->waiting_io++;
    if (shielded)
        aw__task_shield(task);
    status = aw__future_wait_until(&job->future, deadline_ns, AW_ETIMEDOUT, AW_WAIT_FUTURE,
                                   job->future.id, NULL);
    loop->waiting_io--;
    if (shielded) {
        aw__task_unshield(task);
        if (aw__task_take_cancel(task))
            status = AW_ECANCELED;
    }
    return status;
}

int(aw_offload)(aw_offload_fn fn, void *arg, aw_value *result)
{
    aw_task *task = aw__loop_running_task();
    if (task == NULL)
        return AW_ESTATE;
    if (fn == NULL)
        return AW_EINVAL;
    offload_job job = {.fn = fn, .arg = arg};
    int status = offload_wait(task, &job, -1, true);
    if (result != NULL)
        *result = job.result;
    return status;
}

int aw__offload_abandonable(aw_offload_fn fn, void *arg, void (*discard)(void *arg),
                            int64_t deadline_ns)
{
    aw_task *task = aw__loop_running_task();
    offload_job *job = task != NULL ? malloc(sizeof *job) : NULL;
    if (job == NULL) {
        discard(arg);
        return task != NULL ? AW_ENOMEM : AW_ESTATE;
    }
    *job = (offload_job){.fn = fn, .arg = arg, .discard = discard};
    int status = offload_wait(task, job, deadline_ns, false);
    if (job->in_pool) { /* a worker has it or will: the pool frees it once it is done */
        job->abandoned = true;
        return status;
    }
    if (status == AW_OK)
        free(job);
    else
        discard_job(job);
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
