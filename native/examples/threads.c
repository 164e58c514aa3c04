/* Threads: one loop per thread, each running its own tasks; another thread hands work back to
 * a loop with aw_loop_call_threadsafe, the one call any thread may make.
 * Run: ./threads */
#include <aw.h>

#include <pthread.h>
#include <stdio.h>

/* 1. A loop per thread. Each thread runs aw_run; its tasks never leave it. */
typedef struct shard {
    int first, count;
    int64_t sum;
    int status;
} shard;

static int add_one(void *arg, aw_value *result)
{
    int status = aw_yield(); /* interleaves with the shard's other tasks, on this thread only */
    result->i = (int64_t)(intptr_t)arg;
    return status;
}

static int shard_main(void *arg, aw_value *result)
{
    shard *s = arg;
    aw_task *tasks[100];
    aw_value values[100];
    for (int i = 0; i < s->count; i++)
        aw_spawn(&tasks[i], add_one, (void *)(intptr_t)(s->first + i));
    int status = aw_gather(tasks, (size_t)s->count, values);
    for (int i = 0; i < s->count; i++) {
        result->i += values[i].i;
        aw_task_unref(tasks[i]);
    }
    return status;
}

static void *shard_thread(void *arg)
{
    shard *s = arg;
    aw_value sum = {0};
    s->status = aw_run(shard_main, s, &sum); /* this thread's own loop */
    s->sum = sum.i;
    return NULL;
}

/* 2. Handing a result from a plain thread back to a loop. */
typedef struct job {
    aw_loop *loop;
    aw_future *future;
    int64_t n, answer;
} job;

static void deliver(void *arg) /* runs on the loop's thread, as one ready entry */
{
    job *j = arg;
    aw_future_set_result(j->future, AW_INT(j->answer));
    aw_loop_unhold(j->loop);
}

static void *worker(void *arg) /* another thread: no aw_* call but this one */
{
    job *j = arg;
    for (int64_t i = 1; i <= j->n; i++)
        j->answer += i * i;
    aw_loop_call_threadsafe(j->loop, deliver, j);
    return NULL;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    job j = {.loop = aw_loop_current(), .n = 1000};
    aw_future_new(&j.future);
    aw_loop_hold(j.loop); /* the loop waits for the worker instead of reporting a deadlock */
    pthread_t thread;
    pthread_create(&thread, NULL, worker, &j);
    aw_value value;
    int status = aw_future_await(j.future, &value);
    pthread_join(thread, NULL);
    aw_future_unref(j.future);
    aw_printf("worker thread: sum of squares to 1000 = %lld (%s)\n", (long long)value.i,
              aw_err_name(status));

    /* A second loop on a thread that runs one is refused. */
    aw_printf("aw_run inside a task: %s\n", aw_err_name(aw_run(main_task, NULL, NULL)));
    return status;
}

static void *no_loop_thread(void *arg)
{
    int *status = arg;
    *status = aw_spawn(NULL, add_one, NULL); /* this thread has no loop */
    return NULL;
}

int main(void)
{
    shard shards[2] = {{.first = 1, .count = 50}, {.first = 51, .count = 50}};
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&threads[i], NULL, shard_thread, &shards[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < 2; i++)
        printf("shard %d: %d..%d adds up to %lld (%s)\n", i, shards[i].first,
               shards[i].first + shards[i].count - 1, (long long)shards[i].sum,
               aw_err_name(shards[i].status));

    int spawn_status;
    pthread_t thread;
    pthread_create(&thread, NULL, no_loop_thread, &spawn_status);
    pthread_join(thread, NULL);
    printf("aw_spawn on a thread without a loop: %s\n", aw_err_name(spawn_status));
    fflush(stdout); /* aw_printf below writes to the same stdout */

    return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1;
}
