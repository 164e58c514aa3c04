/* Semaphore and BoundedSemaphore (rule 21, asyncio 3.11.3+): acquiring a free unit does not
 * yield; waiters are served FIFO; a release hands its unit to the first waiter, and a newcomer
 * never jumps ahead of woken waiters that have not run yet (no barging); a waiter woken and
 * then cancelled passes its unit on; a cancelled waiter takes nothing; a timeout ends a wait;
 * releasing a bounded semaphore too often is an error.
 *
 * asyncio twin:
 *     async def other(): print("other runs")
 *     async def worker(name):
 *         print(f"{name} waits")
 *         try:
 *             await sem.acquire()
 *         except asyncio.CancelledError:
 *             print(f"{name}: AW_ECANCELED, value={sem._value}"); raise
 *         print(f"{name} acquired, value={sem._value}")
 *         await asyncio.sleep(0)
 *         print(f"{name} releases")
 *         sem.release()
 *     async def main():
 *         global sem
 *         sem = asyncio.Semaphore(2)
 *         o = asyncio.create_task(other())
 *         await sem.acquire(); await sem.acquire()
 *         print(f"main took 2, value={sem._value}, locked={int(sem.locked())}")
 *         ts = [asyncio.create_task(worker(n)) for n in "abc"]
 *         await asyncio.sleep(0)
 *         sem.release(); sem.release()
 *         print(f"main released 2, value={sem._value}, locked={int(sem.locked())}")
 *         ts.append(asyncio.create_task(worker("d")))
 *         await asyncio.gather(*ts, o)
 *         print(f"value={sem._value}")
 *         sem = asyncio.Semaphore(0)
 *         ts = [asyncio.create_task(worker(n)) for n in "efg"]
 *         await asyncio.sleep(0)
 *         ts[2].cancel()
 *         sem.release()
 *         ts[0].cancel()
 *         print("released one, cancelled e and g")
 *         await asyncio.gather(*ts, return_exceptions=True)
 *         print(f"value={sem._value}")
 *         sem = asyncio.Semaphore(0)
 *         try:
 *             async with asyncio.timeout(0.005): await sem.acquire()
 *         except TimeoutError: print(f"timed: AW_ETIMEDOUT at {now()} ms, value={sem._value}")
 *         sem = asyncio.BoundedSemaphore(1)
 *         try: sem.release()
 *         except ValueError: print("bounded release: AW_ESTATE")
 *         await sem.acquire(); sem.release()
 *         print("bounded acquire and release: AW_OK")
 *     run(main())
 */
#include "common/check.h"

static aw_semaphore *sem;

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
    int status = aw_semaphore_acquire(sem);
    if (status != AW_OK) {
        aw_printf("%s: %s, value=%d\n", name, aw_err_name(status), aw_semaphore_value(sem));
        return status;
    }
    aw_printf("%s acquired, value=%d\n", name, aw_semaphore_value(sem));
    aw_yield();
    aw_printf("%s releases\n", name);
    CHECK(aw_semaphore_release(sem) == AW_OK);
    return AW_OK;
}

static void spawn_all(aw_task **tasks, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        aw_spawn(&tasks[i], worker, (void *)names[i]);
}

static void join_all(aw_task **tasks, size_t count)
{
    aw_gather_all(tasks, count, NULL, NULL);
    for (size_t i = 0; i < count; i++)
        aw_task_unref(tasks[i]);
}

static void fresh(int value, bool bounded)
{
    aw_semaphore_free(sem);
    CHECK((bounded ? aw_semaphore_new_bounded : aw_semaphore_new)(&sem, value) == AW_OK);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_semaphore_new(&sem, 2) == AW_OK);
    aw_task *tasks[5];
    aw_spawn(&tasks[4], other, NULL);
    aw_semaphore_acquire(sem);
    aw_semaphore_acquire(sem);
    aw_printf("main took 2, value=%d, locked=%d\n", aw_semaphore_value(sem),
              aw_semaphore_is_locked(sem));
    spawn_all(tasks, (const char *const[]){"a", "b", "c"}, 3);
    aw_yield();
    aw_semaphore_release(sem);
    aw_semaphore_release(sem);
    aw_printf("main released 2, value=%d, locked=%d\n", aw_semaphore_value(sem),
              aw_semaphore_is_locked(sem));
    spawn_all(&tasks[3], (const char *const[]){"d"}, 1);
    join_all(tasks, 5);
    aw_printf("value=%d\n", aw_semaphore_value(sem));

    fresh(0, false);
    spawn_all(tasks, (const char *const[]){"e", "f", "g"}, 3);
    aw_yield();
    aw_cancel(tasks[2]);
    aw_semaphore_release(sem);
    aw_cancel(tasks[0]);
    aw_printf("released one, cancelled e and g\n");
    join_all(tasks, 3);
    aw_printf("value=%d\n", aw_semaphore_value(sem));

    fresh(0, false);
    aw_timeout scope;
    aw_timeout_enter(&scope, 5);
    int status = aw_timeout_leave(&scope, aw_semaphore_acquire(sem));
    aw_printf("timed: %s at %lld ms, value=%d\n", aw_err_name(status), (long long)aw_now_ms(),
              aw_semaphore_value(sem));

    fresh(1, true);
    show("bounded release", aw_semaphore_release(sem));
    aw_semaphore_acquire(sem);
    show("bounded acquire and release", aw_semaphore_release(sem));
    aw_semaphore_free(sem);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
