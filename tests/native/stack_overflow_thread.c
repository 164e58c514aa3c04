/* The stack overflow report for a loop that is not the process's first: the main thread runs
 * a loop whose main task blocks in pthread_join, while a second thread runs a loop of its own
 * in which task 3 "deep" (32 KiB of stack) recurses without bound. The fault happens on the
 * second thread, so the report must come from that thread's alternate signal stack and name
 * that thread's running task, not the main loop's: SIGABRT and the line
 *     aw: stack overflow in task 3 "deep" (stack 32 KiB)
 * on stderr. Run by run_death_test.cmake. */
#include "overflow.h"

#include <aw.h>

#include <pthread.h>
#include <stdio.h>

static int idle(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return aw_sleep(1000);
}

/* Task 2 sleeps, so that the overflowing task is not the first one spawned. */
static int thread_main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *sleeping, *overflowing;
    if (aw_spawn_with(&sleeping, idle, NULL, &(aw_spawn_options){.name = "idle"}) != AW_OK ||
        aw_spawn_with(&overflowing, overflow_stack, NULL,
                      &(aw_spawn_options){.name = "deep", .stack_size = 32 * 1024}) != AW_OK)
        return AW_ENOMEM;
    aw_join(overflowing, NULL);
    printf("unreachable: the deep task returned\n");
    return AW_OK;
}

static void *second_thread(void *arg)
{
    (void)arg;
    aw_run_with(thread_main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    return NULL;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    pthread_t thread;
    if (pthread_create(&thread, NULL, second_thread, NULL) != 0)
        return AW_ENOMEM;
    pthread_join(thread, NULL);
    printf("unreachable: the second thread's loop returned\n");
    return AW_OK;
}

int main(void)
{
    aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    return 0; /* the test fails on a normal exit */
}
