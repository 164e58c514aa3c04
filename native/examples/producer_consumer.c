/* A producer and two consumers over a bounded queue: the producer waits whenever the queue is
 * full, the consumers whenever it is empty, and join waits until every job is processed.
 * Run: ./producer_consumer  (virtual clock: instant, and the same on every run; without the
 * options it runs on the real clock) */
#include <aw.h>

enum { JOBS = 10, CONSUMERS = 2, QUEUE_SIZE = 3 };

static aw_queue *queue;

static int consumer(void *arg, aw_value *result)
{
    (void)result;
    aw_value job;
    int status;
    while ((status = aw_queue_get(queue, &job)) == AW_OK) {
        aw_printf("%s takes job %lld\n", (const char *)arg, (long long)job.i);
        aw_sleep(10 + 5 * (job.i % 3)); /* the work */
        aw_queue_task_done(queue);
    }
    return status; /* AW_ECANCELED: the producer is done with us */
}

static int producer(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    int status = aw_queue_new(&queue, QUEUE_SIZE);
    if (status != AW_OK)
        return status;
    static const char *const names[CONSUMERS] = {"consumer A", "consumer B"};
    aw_task *consumers[CONSUMERS];
    for (int i = 0; i < CONSUMERS; i++)
        aw_spawn(&consumers[i], consumer, (void *)names[i]);
    for (int i = 0; i < JOBS; i++) {
        aw_queue_put(queue, AW_INT(i)); /* waits while the queue is full */
        aw_printf("producer queued job %d (%zu waiting)\n", i, aw_queue_size(queue));
    }
    aw_queue_join(queue);
    aw_printf("all %d jobs done after %lld ms\n", JOBS, (long long)aw_now_ms());
    for (int i = 0; i < CONSUMERS; i++) {
        aw_cancel(consumers[i]);
        aw_join(consumers[i], NULL);
    }
    aw_queue_free(queue);
    return AW_OK;
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return aw_run_with(producer, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
