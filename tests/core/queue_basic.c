/* Queue (rule 20): a put that finds room and a get that finds an item do not yield; put on a
 * full queue and get on an empty one wait, served FIFO; put_nowait/get_nowait report
 * AW_EAGAIN; task_done/join; task_done too often is an error; an unbounded queue never fills.
 *
 * asyncio twin:
 *     async def other(): print("other runs")
 *     async def putter(name, value):
 *         print(f"{name} puts {value}")
 *         await q.put(value)
 *         print(f"{name} put {value}")
 *     async def getter(name):
 *         print(f"{name} gets")
 *         value = await q.get()
 *         print(f"{name} got {value}")
 *     async def worker():
 *         while True:
 *             value = await q.get()
 *             await asyncio.sleep(0.001)
 *             print(f"worker done with {value} at {now()} ms")
 *             q.task_done()
 *     async def main():
 *         global q
 *         q = asyncio.Queue(2)
 *         o = asyncio.create_task(other())
 *         await q.put(1); await q.put(2)
 *         print(f"put 1 and 2 without yielding, size={q.qsize()}, full={int(q.full())}, "
 *               f"empty={int(q.empty())}, maxsize={q.maxsize}")
 *         try: q.put_nowait(3)
 *         except asyncio.QueueFull: print("put_nowait on a full queue: AW_EAGAIN")
 *         ts = [asyncio.create_task(putter(n, v)) for n, v in (("p", 3), ("r", 4))]
 *         await asyncio.sleep(0)
 *         print(f"main got {await q.get()} without yielding")
 *         print(f"main got {q.get_nowait()}")
 *         await asyncio.gather(*ts, o)
 *         print(f"main got {await q.get()}, then {await q.get()}")
 *         try: q.get_nowait()
 *         except asyncio.QueueEmpty: print("get_nowait on an empty queue: AW_EAGAIN")
 *         ts = [asyncio.create_task(getter(n)) for n in "xyz"]
 *         await asyncio.sleep(0)
 *         q.put_nowait(5); q.put_nowait(6)
 *         print("main put 5 and 6")
 *         await asyncio.sleep(0)
 *         await q.put(7)
 *         await asyncio.gather(*ts)
 *         for _ in range(7): q.task_done()
 *         try: q.task_done()
 *         except ValueError: print("task_done too often: AW_ESTATE")
 *         await q.join()
 *         print("join with nothing unfinished: AW_OK")
 *         q = asyncio.Queue()
 *         for i in range(5): q.put_nowait(i)
 *         print(f"unbounded: size={q.qsize()}, full={int(q.full())}, maxsize={q.maxsize}")
 *         w = asyncio.create_task(worker())
 *         await q.join()
 *         print(f"joined at {now()} ms, size={q.qsize()}, empty={int(q.empty())}")
 *         w.cancel()
 *     run(main())
 */
#include "common/check.h"

static aw_queue *q;

static int other(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("other runs\n");
    return AW_OK;
}

struct put_arg {
    const char *name;
    int value;
};

static int putter(void *arg, aw_value *result)
{
    (void)result;
    struct put_arg *p = arg;
    aw_printf("%s puts %d\n", p->name, p->value);
    CHECK(aw_queue_put(q, AW_INT(p->value)) == AW_OK);
    aw_printf("%s put %d\n", p->name, p->value);
    return AW_OK;
}

static int getter(void *arg, aw_value *result)
{
    (void)result;
    aw_value value;
    aw_printf("%s gets\n", (const char *)arg);
    CHECK(aw_queue_get(q, &value) == AW_OK);
    aw_printf("%s got %lld\n", (const char *)arg, (long long)value.i);
    return AW_OK;
}

static int worker(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    for (;;) {
        aw_value value;
        int status = aw_queue_get(q, &value);
        if (status == AW_OK)
            status = aw_sleep(1);
        if (status != AW_OK)
            return status;
        aw_printf("worker done with %lld at %lld ms\n", (long long)value.i,
                  (long long)aw_now_ms());
        aw_queue_task_done(q);
    }
}

static long long get(void)
{
    aw_value value = {0};
    CHECK(aw_queue_get(q, &value) == AW_OK);
    return (long long)value.i;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_queue_new(&q, 2) == AW_OK);
    aw_task *o, *tasks[3];
    aw_spawn(&o, other, NULL);
    aw_queue_put(q, AW_INT(1));
    aw_queue_put(q, AW_INT(2));
    aw_printf("put 1 and 2 without yielding, size=%zu, full=%d, empty=%d, maxsize=%zu\n",
              aw_queue_size(q), aw_queue_is_full(q), aw_queue_is_empty(q), aw_queue_maxsize(q));
    show("put_nowait on a full queue", aw_queue_try_put(q, AW_INT(3)));
    struct put_arg puts[] = {{"p", 3}, {"r", 4}};
    aw_spawn(&tasks[0], putter, &puts[0]);
    aw_spawn(&tasks[1], putter, &puts[1]);
    aw_yield();
    aw_printf("main got %lld without yielding\n", get());
    aw_value value;
    aw_queue_try_get(q, &value);
    aw_printf("main got %lld\n", (long long)value.i);
    tasks[2] = o;
    aw_gather(tasks, 3, NULL);
    for (int i = 0; i < 3; i++)
        aw_task_unref(tasks[i]);
    long long first = get();
    aw_printf("main got %lld, then %lld\n", first, get());
    show("get_nowait on an empty queue", aw_queue_try_get(q, &value));

    static const char *const names[] = {"x", "y", "z"};
    for (int i = 0; i < 3; i++)
        aw_spawn(&tasks[i], getter, (void *)names[i]);
    aw_yield();
    aw_queue_try_put(q, AW_INT(5));
    aw_queue_try_put(q, AW_INT(6));
    aw_printf("main put 5 and 6\n");
    aw_yield();
    aw_queue_put(q, AW_INT(7));
    aw_gather(tasks, 3, NULL);
    for (int i = 0; i < 3; i++)
        aw_task_unref(tasks[i]);
    for (int i = 0; i < 7; i++)
        aw_queue_task_done(q);
    show("task_done too often", aw_queue_task_done(q));
    show("join with nothing unfinished", aw_queue_join(q));
    aw_queue_free(q);

    CHECK(aw_queue_new(&q, 0) == AW_OK);
    for (int i = 0; i < 5; i++)
        aw_queue_try_put(q, AW_INT(i));
    aw_printf("unbounded: size=%zu, full=%d, maxsize=%zu\n", aw_queue_size(q), aw_queue_is_full(q),
              aw_queue_maxsize(q));
    aw_task *w;
    aw_spawn(&w, worker, NULL);
    aw_queue_join(q);
    aw_printf("joined at %lld ms, size=%zu, empty=%d\n", (long long)aw_now_ms(), aw_queue_size(q),
              aw_queue_is_empty(q));
    aw_cancel(w);
    aw_join(w, NULL);
    aw_queue_free(q);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
