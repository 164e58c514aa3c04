/*
 * Producer/consumer over a bounded queue (rule 20): a put on a full queue waits, a get on an
 * empty one waits, and a put that finds room or a get that finds an item does not yield.
 *
 * asyncio twin:
 * import asyncio
 *
 * def ms():
 *     return round(asyncio.get_running_loop().time() * 1000)
 *
 * async def producer(queue):
 *     for item in range(1, 6):
 *         await queue.put(item)
 *         print(f"producer: put {item} at {ms()} ms (size {queue.qsize()})")
 *     await queue.put(0)
 *     print("producer: put the end marker")
 *
 * async def consumer(queue):
 *     while True:
 *         item = await queue.get()
 *         if item == 0:
 *             print(f"consumer: end marker at {ms()} ms")
 *             return
 *         print(f"consumer: got {item} at {ms()} ms, working 100 ms")
 *         await asyncio.sleep(0.1)
 *
 * async def main():
 *     queue = asyncio.Queue(maxsize=2)
 *     tasks = [asyncio.create_task(producer(queue)), asyncio.create_task(consumer(queue))]
 *     await asyncio.gather(*tasks)
 *     print("main: done")
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/producer_consumer.out (checked by run_twin.py)
 * twin lines (C line=Python line, where a task waits): 46=8 50=10 68=20 80=25
 */
#include "example.h"

static aw_queue *queue;

static int producer(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    for (int item = 1; item <= 5; item++) {
        aw_queue_put(queue, AW_INT(item)); /* waits while the queue is full */
        aw_printf("producer: put %d at %lld ms (size %zu)\n", item, (long long)aw_now_ms(),
                  aw_queue_size(queue));
    }
    aw_queue_put(queue, AW_INT(0));
    aw_printf("producer: put the end marker\n");
    return AW_OK;
}

static int consumer(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    for (;;) {
        aw_value item;
        aw_queue_get(queue, &item); /* waits while the queue is empty */
        if (item.i == 0) {
            aw_printf("consumer: end marker at %lld ms\n", (long long)aw_now_ms());
            return AW_OK;
        }
        aw_printf("consumer: got %lld at %lld ms, working 100 ms\n", (long long)item.i,
                  (long long)aw_now_ms());
        aw_sleep(100);
    }
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_queue_new(&queue, 2);
    aw_task *tasks[2];
    aw_spawn_with(&tasks[0], producer, NULL, &(aw_spawn_options){.name = "producer"});
    aw_spawn_with(&tasks[1], consumer, NULL, &(aw_spawn_options){.name = "consumer"});
    aw_gather(tasks, 2, NULL);
    aw_printf("main: done\n");
    aw_task_unref(tasks[0]);
    aw_task_unref(tasks[1]);
    aw_queue_free(queue);
    return AW_OK;
}

PG_EXAMPLE(producer_consumer, "Producer/consumer over a bounded queue",
           "The queue holds at most 2 items. The producer fills it without yielding, then waits "
           "in put until the consumer takes one; the consumer waits in get whenever the queue "
           "is empty. Waiters are served in FIFO order, one hop after the queue changes.",
           "producer_consumer.c", main_task)
