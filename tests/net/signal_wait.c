/* aw_signal_new / aw_signal_wait / aw_signal_free under the backend named by AW_IO_BACKEND:
 * signals sent before the wait, counted, sets of signals, a signal from another thread during
 * a timed wait, timeouts, cancellation, several waiters and watchers, the handler put back,
 * and two loops on two threads. The "sleep" backend prints its own lines
 * (expected/signal_wait_sleep.out). */
#include <aw.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *name_of(int signal_number)
{
    switch (signal_number) {
    case SIGUSR1: return "SIGUSR1";
    case SIGUSR2: return "SIGUSR2";
    case SIGQUIT: return "SIGQUIT";
    case 0: return "none";
    default: return "other";
    }
}

static aw_signal *watch(int signal_number)
{
    aw_signal *watcher = NULL;
    if (aw_signal_new(&watcher, &signal_number, 1) != AW_OK)
        abort();
    return watcher;
}

/* Prints one wait's status and signal. */
static void wait_and_say(const char *what, aw_signal *watcher, int64_t ms)
{
    int number = 0;
    int status = aw_signal_wait(watcher, &number, ms);
    aw_printf("%s: %s %s\n", what, aw_err_name(status), name_of(number));
}

static void before_the_wait(void)
{
    aw_signal *watcher = watch(SIGUSR1);
    raise(SIGUSR1);
    wait_and_say("raised before the wait, 0 ms", watcher, 0);
    raise(SIGUSR1);
    raise(SIGUSR1);
    wait_and_say("raised twice: first", watcher, 0);
    wait_and_say("raised twice: second", watcher, 0);
    wait_and_say("nothing left, 0 ms", watcher, 0);
    wait_and_say("nothing left, 20 ms", watcher, 20);
    aw_signal_free(watcher);
}

static void sets(void)
{
    aw_signal *watcher;
    int both[] = {SIGUSR2, SIGUSR1, SIGUSR2};
    aw_printf("watcher of SIGUSR2, SIGUSR1, SIGUSR2: %s\n", aw_err_name(aw_signal_new(&watcher, both, 3)));
    raise(SIGUSR2);
    wait_and_say("SIGUSR2 raised", watcher, 0);
    raise(SIGUSR2);
    raise(SIGUSR1);
    wait_and_say("both raised: first", watcher, 0);
    wait_and_say("both raised: second", watcher, 0);
    aw_signal_free(watcher);
}

static void *send_later(void *arg)
{
    int signal_number = *(int *)arg;
    nanosleep(&(struct timespec){.tv_nsec = 50 * 1000000}, NULL);
    kill(getpid(), signal_number);
    return NULL;
}

static void from_another_thread(void)
{
    aw_signal *watcher = watch(SIGUSR2);
    static int number = SIGUSR2;
    pthread_t thread;
    pthread_create(&thread, NULL, send_later, &number);
    wait_and_say("kill from a thread during a 10 s wait", watcher, 10000);
    pthread_join(thread, NULL);
    aw_signal_free(watcher);
}

typedef struct waiter_state {
    const char *name;
    aw_signal *watcher;
    int64_t ms;
} waiter_state;

static int waiter(void *arg, aw_value *result)
{
    (void)result;
    waiter_state *state = arg;
    wait_and_say(state->name, state->watcher, state->ms);
    return AW_OK;
}

static aw_task *spawn_waiter(waiter_state *state)
{
    aw_task *task;
    aw_spawn(&task, waiter, state);
    return task;
}

static void several_waiters(void)
{
    aw_signal *watcher = watch(SIGUSR1);
    waiter_state a = {"waiter A", watcher, 5000}, b = {"waiter B", watcher, 5000};
    aw_task *tasks[2] = {spawn_waiter(&a), spawn_waiter(&b)};
    aw_yield();
    aw_printf("two waiters on one watcher, two signals:\n");
    raise(SIGUSR1);
    raise(SIGUSR1);
    aw_gather(tasks, 2, NULL);
    aw_task_unref(tasks[0]);
    aw_task_unref(tasks[1]);

    tasks[0] = spawn_waiter(&a);
    tasks[1] = spawn_waiter(&b);
    aw_yield();
    aw_printf("two waiters, one signal, A cancelled after it was woken:\n");
    raise(SIGUSR1);
    aw_yield(); /* the loop polls: A is woken and queued behind this task */
    aw_cancel(tasks[0]);
    aw_gather_all(tasks, 2, NULL, NULL);
    aw_task_unref(tasks[0]);
    aw_task_unref(tasks[1]);

    aw_signal *other = watch(SIGUSR1);
    waiter_state c = {"watcher 1", watcher, 5000}, d = {"watcher 2", other, 5000};
    tasks[0] = spawn_waiter(&c);
    tasks[1] = spawn_waiter(&d);
    aw_yield();
    aw_printf("two watchers of SIGUSR1, one signal:\n");
    raise(SIGUSR1);
    aw_gather(tasks, 2, NULL);
    aw_task_unref(tasks[0]);
    aw_task_unref(tasks[1]);
    aw_signal_free(other);

    waiter_state e = {"cancelled while waiting", watcher, -1};
    tasks[0] = spawn_waiter(&e);
    aw_yield();
    aw_cancel(tasks[0]);
    aw_join(tasks[0], NULL);
    waiter_state f = {"watcher freed while waiting", watcher, -1};
    tasks[0] = spawn_waiter(&f);
    aw_yield();
    aw_signal_free(watcher);
    aw_join(tasks[0], NULL);
}

static volatile sig_atomic_t own_handler_calls;
static void own_handler(int signal_number)
{
    (void)signal_number;
    own_handler_calls++;
}

static void handler_put_back(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = own_handler;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR2, &action, NULL);
    aw_signal *first = watch(SIGUSR2), *second = watch(SIGUSR2);
    raise(SIGUSR2);
    wait_and_say("program's handler replaced: first watcher", first, 0);
    aw_signal_free(first);
    raise(SIGUSR2);
    wait_and_say("first freed, second watcher", second, 0);
    aw_printf("program's handler calls: %d\n", (int)own_handler_calls);
    aw_signal_free(second);
    raise(SIGUSR2);
    aw_printf("both freed, program's handler calls: %d\n", (int)own_handler_calls);
    signal(SIGUSR2, SIG_DFL);

    aw_signal *quit = watch(SIGQUIT);
    raise(SIGQUIT);
    wait_and_say("SIGQUIT watched instead of dumped", quit, 0);
    aw_signal_free(quit);
}

static void bad_arguments(void)
{
    aw_signal *watcher = NULL;
    int kill_signal = SIGKILL, segv = SIGSEGV, zero = 0, too_big = NSIG, usr1 = SIGUSR1;
    aw_printf("SIGKILL: %s, SIGSEGV: %s, 0: %s, NSIG: %s\n", aw_err_name(aw_signal_new(&watcher, &kill_signal, 1)),
              aw_err_name(aw_signal_new(&watcher, &segv, 1)), aw_err_name(aw_signal_new(&watcher, &zero, 1)),
              aw_err_name(aw_signal_new(&watcher, &too_big, 1)));
    aw_printf("count 0: %s, NULL signals: %s, NULL watcher: %s\n", aw_err_name(aw_signal_new(&watcher, &usr1, 0)),
              aw_err_name(aw_signal_new(&watcher, NULL, 1)), aw_err_name(aw_signal_new(NULL, &usr1, 1)));
    aw_printf("wait on NULL: %s\n", aw_err_name(aw_signal_wait(NULL, NULL, 0)));
    aw_printf("no watcher was made: %s\n", watcher == NULL ? "yes" : "no");
}

/* A second loop on its own thread watches SIGUSR1 too. */
typedef struct thread_loop {
    int ready[2]; /* the thread writes one byte once it watches */
    int status, number;
} thread_loop;

static int thread_main(void *arg, aw_value *result)
{
    (void)result;
    thread_loop *state = arg;
    aw_signal *watcher = watch(SIGUSR1);
    aw_fd_write_all(state->ready[1], "r", 1, NULL, 1000);
    state->status = aw_signal_wait(watcher, &state->number, 10000);
    aw_signal_free(watcher);
    return AW_OK;
}

static void *run_thread_loop(void *arg)
{
    aw_run(thread_main, arg, NULL);
    return NULL;
}

static void two_loops(void)
{
    thread_loop state = {0};
    if (pipe(state.ready) != 0)
        abort();
    aw_signal *watcher = watch(SIGUSR1);
    pthread_t thread;
    pthread_create(&thread, NULL, run_thread_loop, &state);
    char byte;
    size_t got;
    aw_fd_read(state.ready[0], &byte, 1, &got, 10000);
    kill(getpid(), SIGUSR1);
    wait_and_say("two loops, one kill: this loop", watcher, 10000);
    pthread_join(thread, NULL);
    aw_printf("two loops, one kill: the other thread's loop: %s %s\n", aw_err_name(state.status),
              name_of(state.number));
    aw_signal_free(watcher);
    close(state.ready[0]);
    close(state.ready[1]);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    before_the_wait();
    sets();
    from_another_thread();
    several_waiters();
    handler_put_back();
    bad_arguments();
    two_loops();
    return AW_OK;
}

static int sleep_backend_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_signal *watcher = NULL;
    int usr1 = SIGUSR1;
    aw_printf("aw_signal_new: %s\n", aw_err_name(aw_signal_new(&watcher, &usr1, 1)));
    return AW_OK;
}

int main(void)
{
    aw_signal *watcher = NULL;
    int usr1 = SIGUSR1;
    printf("no loop: %s\n", aw_err_name(aw_signal_new(&watcher, &usr1, 1)));
    const char *backend = getenv("AW_IO_BACKEND");
    bool sleep_backend = backend != NULL && strcmp(backend, "sleep") == 0;
    return aw_run(sleep_backend ? sleep_backend_task : main_task, NULL, NULL) == AW_OK ? 0 : 1;
}
