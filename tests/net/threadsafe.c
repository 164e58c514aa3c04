/*
 * aw_loop_call_threadsafe and aw_loop_hold (asyncio's call_soon_threadsafe), under the backend
 * named by AW_IO_BACKEND. A pthread completes a future the main task awaits while the loop is
 * blocked in its I/O wait with nothing ready, no timer and no fd to wait for: only the hold
 * keeps it from reporting a deadlock, only the wake-up ends the wait. The output is exact:
 *
 * The asyncio twin of the first part (what a thread does is the same):
 *
 *     import asyncio, threading, time
 *     async def main():
 *         loop = asyncio.get_running_loop()
 *         future = loop.create_future()
 *         def complete():
 *             print("call: completing the future on the loop's thread: yes")
 *             future.set_result(42)
 *         def work():
 *             time.sleep(0.05)
 *             print("thread: posting 3 calls, then the result", flush=True)
 *             for n in (1, 2, 3):
 *                 loop.call_soon_threadsafe(print, f"call {n}")
 *             loop.call_soon_threadsafe(complete)
 *         print("main: waiting for the thread")
 *         thread = threading.Thread(target=work); thread.start()
 *         print(f"main: woke with {await future} (AW_OK)")
 *         thread.join()
 *         loop.call_soon_threadsafe(print, "call from the loop's own thread")
 *         print("main: posted, yielding")
 *         await asyncio.sleep(0)
 *         print("main: after the yield")
 *     asyncio.run(main())
 */
#include "check.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct exchange {
    aw_loop *loop;
    aw_future *future;
    pthread_t loop_thread;
} exchange;

static void say(void *arg)
{
    printf("%s\n", (const char *)arg);
}

static void say_number(void *arg)
{
    printf("call %d\n", (int)(intptr_t)arg);
}

static void complete(void *arg)
{
    exchange *ex = arg;
    printf("call: completing the future on the loop's thread: %s\n",
           pthread_equal(pthread_self(), ex->loop_thread) ? "yes" : "no");
    CHECK_STATUS(aw_future_set_result(ex->future, AW_INT(42)), AW_OK);
    CHECK_STATUS(aw_loop_unhold(ex->loop), AW_OK);
}

static void *work(void *arg)
{
    exchange *ex = arg;
    usleep(50 * 1000); /* long enough for the loop to be blocked in its wait */
    printf("thread: posting 3 calls, then the result\n");
    fflush(stdout);
    for (int n = 1; n <= 3; n++)
        CHECK_STATUS(aw_loop_call_threadsafe(ex->loop, say_number, (void *)(intptr_t)n), AW_OK);
    CHECK_STATUS(aw_loop_call_threadsafe(ex->loop, complete, ex), AW_OK);
    return NULL;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    exchange ex = {.loop = aw_loop_current(), .loop_thread = pthread_self()};
    CHECK_STATUS(aw_future_new(&ex.future), AW_OK);
    printf("main: waiting for the thread\n");
    fflush(stdout);
    CHECK_STATUS(aw_loop_hold(ex.loop), AW_OK);
    pthread_t thread;
    if (pthread_create(&thread, NULL, work, &ex) != 0)
        abort();
    aw_value value = {0};
    int status = aw_future_await(ex.future, &value);
    printf("main: woke with %lld (%s)\n", (long long)value.i, aw_err_name(status));
    pthread_join(thread, NULL);
    aw_future_unref(ex.future);

    /* From the loop's own thread it is call_soon: queued before this task's next step. */
    CHECK_STATUS(aw_loop_call_threadsafe(ex.loop, say, "call from the loop's own thread"), AW_OK);
    printf("main: posted, yielding\n");
    aw_yield();
    printf("main: after the yield\n");
    CHECK_STATUS(aw_loop_unhold(ex.loop), AW_ESTATE); /* every hold was given back */
    CHECK_STATUS(aw_loop_call_threadsafe(ex.loop, NULL, NULL), AW_EINVAL);
    CHECK_STATUS(aw_loop_call_threadsafe(NULL, say, ""), AW_EINVAL);
    return AW_OK;
}

/* Without a hold, a main task waiting on a future that only a thread could complete is a
 * deadlock: the loop knows of nothing that can wake it. */
static int unheld_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_future *future;
    aw_future_new(&future);
    return aw_future_await(future, NULL);
}

static void unhold(void *loop)
{
    printf("call: the thread's work is done\n");
    CHECK_STATUS(aw_loop_unhold(loop), AW_OK);
}

static void *unhold_later(void *loop)
{
    usleep(30 * 1000);
    CHECK_STATUS(aw_loop_call_threadsafe(loop, unhold, loop), AW_OK);
    return NULL;
}

static void *post_once(void *arg)
{
    CHECK_STATUS(aw_loop_call_threadsafe(arg, say, "never printed: posted from a thread"), AW_OK);
    return NULL;
}

static int sleep_backend_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK_STATUS(aw_loop_call_threadsafe(aw_loop_current(), say, ""), AW_ENOTSUP);
    CHECK_STATUS(aw_loop_hold(aw_loop_current()), AW_ENOTSUP);
    return AW_OK;
}

int main(void)
{
    printf("run: %s\n", aw_err_name(aw_run(main_task, NULL, NULL)));
    printf("unheld: %s\n", aw_err_name(aw_run(unheld_task, NULL, NULL)));

    /* A held loop with no task at all waits for the thread: aw_loop_run returns once the
     * thread's call has given the hold back. */
    aw_loop *loop;
    CHECK_STATUS(aw_loop_new(&loop, NULL), AW_OK);
    CHECK_STATUS(aw_loop_hold(loop), AW_OK);
    pthread_t thread;
    if (pthread_create(&thread, NULL, unhold_later, loop) != 0)
        abort();
    printf("held loop with no task: %s\n", aw_err_name(aw_loop_run(loop)));
    pthread_join(thread, NULL);
    /* Calls that never ran are dropped when the loop is freed: one already queued on the
     * loop's own thread, and one posted from a thread and not yet seen. */
    CHECK_STATUS(aw_loop_call_threadsafe(loop, say, "never printed: the loop's own"), AW_OK);
    if (pthread_create(&thread, NULL, post_once, loop) != 0)
        abort();
    pthread_join(thread, NULL);
    aw_loop_free(loop);

    CHECK_STATUS(aw_run_with(sleep_backend_task, NULL, NULL,
                             &(aw_loop_options){.io_backend = "sleep"}),
                 AW_OK);
    printf("done\n");
    return check_failures == 0 ? 0 : 1;
}
