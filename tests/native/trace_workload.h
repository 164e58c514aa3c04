/* The program both trace tests record: three tasks that print, sleep, await a task and a
 * future. expected/trace_workload.json describes the trace it must give. */
#ifndef TRACE_WORKLOAD_H
#define TRACE_WORKLOAD_H

#include <aw.h>

static aw_future *workload_future;

static int workload_producer(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("producer: working\n");
    aw_sleep(5);
    aw_future_set_result(workload_future, AW_INT(42));
    aw_yield();
    aw_printf("producer: done \"quoted\"\n");
    return AW_OK;
}

static int workload_consumer(void *arg, aw_value *result)
{
    (void)arg;
    int status = aw_future_await(workload_future, result);
    aw_printf("consumer: got %d\n", (int)result->i);
    return status;
}

/* The body of task 1, "main". */
static int workload_main(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_future_new(&workload_future);
    aw_task *producer, *consumer;
    aw_spawn_with(&producer, workload_producer, NULL, &(aw_spawn_options){.name = "producer"});
    aw_spawn_with(&consumer, workload_consumer, NULL, &(aw_spawn_options){.name = "consumer"});
    aw_printf("main: spawned\n");
    aw_value got;
    int status = aw_join(consumer, &got);
    aw_join(producer, NULL);
    aw_future_unref(workload_future);
    aw_printf("main: done, consumer said %d\n", (int)got.i);
    return status;
}

#endif
