/* Lock (rule 18): acquiring a free lock does not yield; waiters get it in FIFO order, one hop
 * after each release; a cancelled waiter drops out; a waiter woken and then cancelled passes
 * the lock on; a timeout ends a wait; releasing an unlocked lock is an error.
 *
 * asyncio twin:
 *     async def other(): print("other runs")
 *     async def worker(name):
 *         print(f"{name} waits")
 *         try:
 *             await lock.acquire()
 *         except asyncio.CancelledError:
 *             print(f"{name}: AW_ECANCELED"); raise
 *         print(f"{name} acquired")
 *         await asyncio.sleep(0)
 *         print(f"{name} releases")
 *         lock.release()
 *     async def timed(name):
 *         try:
 *             async with asyncio.timeout(0.01): await lock.acquire()
 *         except TimeoutError: print(f"{name}: AW_ETIMEDOUT at {now()} ms")
 *     async def main():
 *         global lock
 *         lock = asyncio.Lock()
 *         o = asyncio.create_task(other())
 *         await lock.acquire()
 *         print(f"main acquired, locked={int(lock.locked())}")
 *         ts = [asyncio.create_task(worker(n)) for n in "abc"]
 *         await asyncio.sleep(0)
 *         ts[1].cancel()
 *         lock.release()
 *         print("main released")
 *         await asyncio.gather(*ts, return_exceptions=True)
 *         await o
 *         await lock.acquire()
 *         ts = [asyncio.create_task(worker(n)) for n in "de"]
 *         await asyncio.sleep(0)
 *         lock.release()
 *         ts[0].cancel()
 *         print("main released and cancelled d")
 *         await asyncio.gather(*ts, return_exceptions=True)
 *         print(f"locked={int(lock.locked())}")
 *         await lock.acquire()
 *         f = asyncio.create_task(timed("f"))
 *         await asyncio.sleep(0.02)
 *         lock.release()
 *         await f
 *         print(f"after the timeout: locked={int(lock.locked())}")
 *         try: lock.release()
 *         except RuntimeError: print("release unlocked: AW_ESTATE")
 *     run(main())
 */
#include "common/children.h"

static aw_lock *lock;

static int other(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("other runs\n");
    return AW_OK;
}

static int worker(void *arg, aw_value *result)
{
    (void)result;
    const char *name = arg;
    aw_printf("%s waits\n", name);
    int status = aw_lock_acquire(lock);
    if (status != AW_OK) {
        show(name, status);
        return status;
    }
    aw_printf("%s acquired\n", name);
    aw_yield();
    aw_printf("%s releases\n", name);
    CHECK(aw_lock_release(lock) == AW_OK);
    return AW_OK;
}

static int timed(void *arg, aw_value *result)
{
    (void)result;
    aw_timeout scope;
    aw_timeout_enter(&scope, 10);
    int status = aw_timeout_leave(&scope, aw_lock_acquire(lock));
    aw_printf("%s: %s at %lld ms\n", (const char *)arg, aw_err_name(status),
              (long long)aw_now_ms());
    return AW_OK;
}

static void spawn_all(aw_task **tasks, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        aw_spawn(&tasks[i], worker, (void *)names[i]);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_lock_new(&lock) == AW_OK);
    aw_task *o, *tasks[3];
    aw_spawn(&o, other, NULL);
    CHECK(aw_lock_acquire(lock) == AW_OK);
    aw_printf("main acquired, locked=%d\n", aw_lock_is_locked(lock));
    spawn_all(tasks, (const char *const[]){"a", "b", "c"}, 3);
    aw_yield();
    aw_cancel(tasks[1]);
    aw_lock_release(lock);
    aw_printf("main released\n");
    join_all(tasks, 3);
    aw_join(o, NULL);

    aw_lock_acquire(lock);
    spawn_all(tasks, (const char *const[]){"d", "e"}, 2);
    aw_yield();
    aw_lock_release(lock);
    aw_cancel(tasks[0]);
    aw_printf("main released and cancelled d\n");
    join_all(tasks, 2);
    aw_printf("locked=%d\n", aw_lock_is_locked(lock));

    aw_lock_acquire(lock);
    aw_task *f;
    aw_spawn(&f, timed, "f");
    aw_sleep(20);
    aw_lock_release(lock);
    aw_join(f, NULL);
    aw_printf("after the timeout: locked=%d\n", aw_lock_is_locked(lock));
    show("release unlocked", aw_lock_release(lock));
    aw_lock_free(lock);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
