/*
 * Native signal handling, for every loop of the process (one per thread). SIGSEGV: a fault in
 * the guard page of the task running on the faulting thread is a stack overflow; say which task
 * overflowed and abort, instead of dying with a bare "Segmentation fault". The handler runs on
 * an alternate signal stack, one per thread with a guarded loop, because the faulting stack is
 * full. Any other fault goes to the handler that was there before. SIGQUIT: print the task dump
 * of the loop of the thread that takes the signal.
 *
 * The handlers find the thread's loop through aw__current_loop: an initial-exec thread-local
 * is one load from the thread pointer, with nothing to allocate or look up, so a signal
 * handler may read it. They are installed with the first loop and put back with the last.
 * A signal watcher of SIGQUIT (io/signal_wait.c) installs its handler over on_quit and puts
 * it back when freed; watchers go with their loop, before this layer's hook runs.
 */
#include "observe/signals.h"

#include "context/stack.h"
#include "core/loop.h"
#include "core/task.h"

#if defined(__wasm__)

int aw__signals_attach(aw_loop *loop)
{
    (void)loop;
    return AW_OK;
}

#else

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { ALTERNATE_STACK_SIZE = 64 * 1024 };

/* Installing and putting back the handlers: guarded by a lock, as loops come and go on several
 * threads. The handlers only read live_loops, which is lock-free. */
static pthread_mutex_t install_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_size_t live_loops;
static struct sigaction previous_segv, previous_bus, previous_quit;

/* This thread's alternate signal stack, and the one it replaced. */
static AW_THREAD_LOCAL void *alternate_stack;
static AW_THREAD_LOCAL stack_t previous_alternate_stack;

static void write_text(const char *text) { (void)!write(STDERR_FILENO, text, strlen(text)); }

static void write_number(uint64_t number)
{
    char digits[24];
    size_t count = sizeof digits;
    do {
        digits[--count] = (char)('0' + number % 10);
        number /= 10;
    } while (number != 0);
    (void)!write(STDERR_FILENO, digits + count, sizeof digits - count);
}

/* Not ours: the previous handler gets the signal as if it had been called for it. With none,
 * the default action is put back and the signal raised again, to be delivered when this handler
 * returns: the process dies of it as it would have without aw. */
static void pass_on(int signal_number, siginfo_t *info, void *context)
{
    const struct sigaction *previous = signal_number == SIGSEGV ? &previous_segv : &previous_bus;
    bool sent = info->si_code <= 0; /* by kill or raise, not by a fault */
    if (previous->sa_handler == SIG_IGN && sent)
        return;
    if (previous->sa_handler == SIG_DFL || previous->sa_handler == SIG_IGN) {
        signal(signal_number, SIG_DFL); /* a fault cannot be ignored: it would repeat forever */
        raise(signal_number);
    } else if (previous->sa_flags & SA_SIGINFO) {
        previous->sa_sigaction(signal_number, info, context);
    } else {
        previous->sa_handler(signal_number);
    }
}

static void on_fault(int signal_number, siginfo_t *info, void *context)
{
    aw_task *task = aw__loop_running_task(); /* the faulting thread's loop */
    if (task != NULL && info->si_code > 0 && aw__stack_guard_hit(&task->stack, info->si_addr)) {
        write_text("aw: stack overflow in task ");
        write_number(task->id);
        write_text(" \"");
        write_text(aw__task_name(task));
        write_text("\" (stack ");
        write_number((task->context.stack_size + 1023) / 1024); /* 1 to 1024 bytes: 1 KiB */
        write_text(" KiB)\n");
        signal(SIGABRT, SIG_DFL);
        abort();
    }
    pass_on(signal_number, info, context);
}

/* Another thread's loop is not dumped: its tasks come and go while the handler would walk
 * them. A note tells how many were left out. */
static void on_quit(int signal_number)
{
    (void)signal_number;
    int saved_errno = errno;
    aw_loop *loop = aw__current_loop;
    size_t loops = atomic_load(&live_loops);
    size_t others = loop != NULL && loops > 0 ? loops - 1 : loops;
    if (loop != NULL)
        aw_loop_dump(loop, STDERR_FILENO);
    if (others > 0) {
        write_text(loop != NULL ? "aw: " : "aw: no loop on this thread; ");
        write_number(others);
        write_text(" other loop(s) not dumped: SIGQUIT dumps the loop of the thread it reaches\n");
    }
    errno = saved_errno;
}

static void install_handlers(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_sigaction = on_fault;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &action, &previous_segv);
    sigaction(SIGBUS, &action, &previous_bus);
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_quit;
    action.sa_flags = SA_RESTART;
    sigaction(SIGQUIT, &action, &previous_quit);
}

static void uninstall(aw_loop *loop);

int aw__signals_attach(aw_loop *loop)
{
    int status = aw__loop_on_free(loop, uninstall);
    if (status != AW_OK)
        return status;
    /* Only a guarded loop needs one: without a guard page an overflow does not fault. A thread
     * whose loop was freed by another thread still has its own. */
    if (loop->stacks.guard_pages && alternate_stack == NULL &&
        (alternate_stack = malloc(ALTERNATE_STACK_SIZE)) != NULL) {
        stack_t stack = {.ss_sp = alternate_stack, .ss_size = ALTERNATE_STACK_SIZE};
        sigaltstack(&stack, &previous_alternate_stack);
    }
    pthread_mutex_lock(&install_lock);
    if (atomic_fetch_add(&live_loops, 1) == 0)
        install_handlers();
    pthread_mutex_unlock(&install_lock);
    return AW_OK;
}

static void uninstall(aw_loop *loop)
{
    pthread_mutex_lock(&install_lock);
    if (atomic_fetch_sub(&live_loops, 1) == 1) {
        sigaction(SIGSEGV, &previous_segv, NULL);
        sigaction(SIGBUS, &previous_bus, NULL);
        sigaction(SIGQUIT, &previous_quit, NULL);
    }
    pthread_mutex_unlock(&install_lock);
    /* A thread can only change its own alternate stack: freed from another thread, the loop
     * leaves its thread's in place, where its next loop finds it. */
    if (aw__current_loop == loop && alternate_stack != NULL) {
        sigaltstack(&previous_alternate_stack, NULL);
        free(alternate_stack);
        alternate_stack = NULL;
    }
}

#endif
