/* SIGQUIT with loops on two threads dumps the loop of the thread it reaches and counts the
 * others: the second thread raises it on itself, then the main thread, then a thread without
 * a loop. Semaphores keep the three in that order. run_dump_test.cmake compares stderr with
 * expected/sigquit_threads.err and stdout with expected/sigquit_threads.out. */
#include <aw.h>

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>

static sem_t second_dumped, main_dumped;

static int sleeper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return aw_sleep(5000);
}

/* Spawns a sleeper named `name`, lets it start waiting, and raises SIGQUIT on this thread. */
static aw_task *dump_with_sleeper(const char *name)
{
    aw_task *sleeping;
    aw_spawn_with(&sleeping, sleeper, NULL, &(aw_spawn_options){.name = name});
    aw_yield();
    fflush(stdout);
    raise(SIGQUIT);
    return sleeping;
}

static void stop(aw_task *sleeping)
{
    aw_cancel(sleeping);
    aw_join(sleeping, NULL);
}

static int second_main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *sleeping = dump_with_sleeper("second-sleeper");
    printf("the second thread carries on after its dump\n");
    sem_post(&second_dumped);
    sem_wait(&main_dumped);
    stop(sleeping);
    return AW_OK;
}

static void *second_thread(void *arg)
{
    (void)arg;
    int status = aw_run_with(second_main_task, NULL, NULL,
                             &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    printf("second loop: %s\n", aw_err_name(status));
    return NULL;
}

static void *thread_without_loop(void *arg)
{
    (void)arg;
    raise(SIGQUIT);
    printf("the thread without a loop carries on\n");
    return NULL;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    pthread_t second, plain;
    pthread_create(&second, NULL, second_thread, NULL);
    sem_wait(&second_dumped);
    aw_task *sleeping = dump_with_sleeper("main-sleeper");
    printf("the main thread carries on after its dump\n");
    fflush(stdout);
    pthread_create(&plain, NULL, thread_without_loop, NULL);
    pthread_join(plain, NULL);
    sem_post(&main_dumped);
    pthread_join(second, NULL);
    stop(sleeping);
    return AW_OK;
}

int main(void)
{
    sem_init(&second_dumped, 0, 0);
    sem_init(&main_dumped, 0, 0);
    int status = aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    printf("main loop: %s\n", aw_err_name(status));
    return status == AW_OK ? 0 : 1;
}
