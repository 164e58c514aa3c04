/* LIFO and priority queues (rule 20 with another order of the items): a LIFO get takes the
 * newest item, also for a getter woken by an older put that runs after a newer one; a
 * priority get takes the first in priority, equal priorities in the order they were put;
 * putters on a full priority queue wait as on a FIFO queue.
 *
 * asyncio twin:
 *     seq = 0
 *     def item(priority, name):
 *         global seq
 *         seq += 1
 *         return (priority, seq, name)
 *     async def producer(q):
 *         for priority, name in [(2, "b1"), (1, "a1"), (2, "b2"), (0, "z"), (1, "a2"), (2, "b3")]:
 *             await q.put(item(priority, name))
 *             print(f"put {name}")
 *     async def lifo_getter(q):
 *         print(f"lifo getter got {await q.get()}")
 *     async def main():
 *         lifo = asyncio.LifoQueue()
 *         for i in range(4):
 *             lifo.put_nowait(i)
 *         print("lifo:", *[lifo.get_nowait() for _ in range(4)])
 *         g = asyncio.create_task(lifo_getter(lifo))
 *         await asyncio.sleep(0)
 *         lifo.put_nowait(7)
 *         lifo.put_nowait(8)
 *         await g
 *         print("lifo left:", *[lifo.get_nowait() for _ in range(lifo.qsize())])
 *         q = asyncio.PriorityQueue(maxsize=3)
 *         p = asyncio.create_task(producer(q))
 *         await asyncio.sleep(0)
 *         print(f"size {q.qsize()}, full {int(q.full())}")
 *         for _ in range(6):
 *             priority, _, name = await q.get()
 *             print(f"got {name} ({priority})")
 *         await p
 *     run(main())
 */
#include "common/check.h"

typedef struct item {
    int priority;
    const char *name;
} item;

static int by_priority(aw_value a, aw_value b)
{
    const item *x = a.ptr, *y = b.ptr;
    return (x->priority > y->priority) - (x->priority < y->priority);
}

static int producer(void *arg, aw_value *result)
{
    (void)result;
    static const item items[] = {{2, "b1"}, {1, "a1"}, {2, "b2"}, {0, "z"}, {1, "a2"}, {2, "b3"}};
    for (size_t i = 0; i < 6; i++) {
        CHECK(aw_queue_put(arg, AW_PTR(&items[i])) == AW_OK);
        aw_printf("put %s\n", items[i].name);
    }
    return AW_OK;
}

static int lifo_getter(void *arg, aw_value *result)
{
    (void)result;
    aw_value value;
    CHECK(aw_queue_get(arg, &value) == AW_OK);
    aw_printf("lifo getter got %lld\n", (long long)value.i);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_queue *lifo;
    CHECK(aw_queue_new_lifo(&lifo, 0) == AW_OK);
    for (int i = 0; i < 4; i++)
        CHECK(aw_queue_try_put(lifo, AW_INT(i)) == AW_OK);
    aw_printf("lifo:");
    aw_value value;
    while (aw_queue_try_get(lifo, &value) == AW_OK)
        aw_printf(" %lld", (long long)value.i);
    aw_printf("\n");
    aw_task *g;
    CHECK(aw_spawn(&g, lifo_getter, lifo) == AW_OK);
    aw_yield();
    CHECK(aw_queue_try_put(lifo, AW_INT(7)) == AW_OK);
    CHECK(aw_queue_try_put(lifo, AW_INT(8)) == AW_OK);
    CHECK(aw_join(g, NULL) == AW_OK);
    aw_printf("lifo left:");
    while (aw_queue_try_get(lifo, &value) == AW_OK)
        aw_printf(" %lld", (long long)value.i);
    aw_printf("\n");
    aw_queue_free(lifo);

    aw_queue *q;
    CHECK(aw_queue_new_priority(&q, 3, by_priority) == AW_OK);
    aw_task *p;
    CHECK(aw_spawn(&p, producer, q) == AW_OK);
    aw_yield();
    aw_printf("size %zu, full %d\n", aw_queue_size(q), aw_queue_is_full(q));
    for (int i = 0; i < 6; i++) {
        CHECK(aw_queue_get(q, &value) == AW_OK);
        const item *got = value.ptr;
        aw_printf("got %s (%d)\n", got->name, got->priority);
    }
    CHECK(aw_join(p, NULL) == AW_OK);
    aw_queue_free(q);

    /* Without a comparison the values' .i is the priority. */
    CHECK(aw_queue_new_priority(&q, 0, NULL) == AW_OK);
    static const int64_t numbers[] = {5, -3, 9, 0};
    for (int i = 0; i < 4; i++)
        CHECK(aw_queue_try_put(q, AW_INT(numbers[i])) == AW_OK);
    int64_t previous = INT64_MIN;
    while (aw_queue_try_get(q, &value) == AW_OK) {
        CHECK(value.i >= previous);
        previous = value.i;
    }
    CHECK(previous == 9);
    aw_queue_free(q);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
