/*
 * Native signal handling. SIGSEGV: a fault in the running task's guard page is a stack
 * overflow; say which task overflowed and abort, instead of dying with a bare "Segmentation
 * fault". The handler runs on an alternate signal stack because the faulting stack is full.
 * Any other fault goes to the handler that was there before. SIGQUIT: print the task dump.
 */
#include "internal.h"

#if defined(__wasm__)

void aw__signals_install(aw_loop *loop) { (void)loop; }
void aw__signals_uninstall(aw_loop *loop) { (void)loop; }

#else

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { ALTERNATE_STACK_SIZE = 64 * 1024 };

/* The loop the handlers report on: one per process at a time (the first installed). */
static aw_loop *volatile signal_loop;
static struct sigaction previous_segv, previous_bus, previous_quit;
static stack_t previous_alternate_stack;
static void *alternate_stack;

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

static void on_fault(int signal_number, siginfo_t *info, void *context)
{
    aw_loop *loop = signal_loop;
    aw_task *task = loop != NULL ? loop->current : NULL;
    if (task != NULL && aw__stack_guard_hit(&task->stack, info->si_addr)) {
        write_text("aw: stack overflow in task ");
        write_number(task->id);
        write_text(" \"");
        write_text(aw__task_name(task));
        write_text("\" (stack ");
        write_number(task->context.stack_size / 1024);
        write_text(" KiB)\n");
        signal(SIGABRT, SIG_DFL);
        abort();
    }
    /* Not ours: put the previous handler back; returning re-runs the faulting instruction. */
    const struct sigaction *previous = signal_number == SIGSEGV ? &previous_segv : &previous_bus;
    sigaction(signal_number, previous, NULL);
    (void)context;
}

static void on_quit(int signal_number)
{
    (void)signal_number;
    aw_loop *loop = signal_loop;
    if (loop != NULL)
        aw_loop_dump(loop, STDERR_FILENO);
}

void aw__signals_install(aw_loop *loop)
{
    if (signal_loop != NULL)
        return;
    signal_loop = loop;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    if (loop->stacks.guard_pages && (alternate_stack = malloc(ALTERNATE_STACK_SIZE)) != NULL) {
        stack_t stack = {.ss_sp = alternate_stack, .ss_size = ALTERNATE_STACK_SIZE};
        sigaltstack(&stack, &previous_alternate_stack);
        action.sa_sigaction = on_fault;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigaction(SIGSEGV, &action, &previous_segv);
        sigaction(SIGBUS, &action, &previous_bus);
    }
    action.sa_handler = on_quit;
    action.sa_flags = SA_RESTART;
    sigaction(SIGQUIT, &action, &previous_quit);
}

void aw__signals_uninstall(aw_loop *loop)
{
    if (signal_loop != loop)
        return;
    if (alternate_stack != NULL) {
        sigaction(SIGSEGV, &previous_segv, NULL);
        sigaction(SIGBUS, &previous_bus, NULL);
        sigaltstack(&previous_alternate_stack, NULL);
        free(alternate_stack);
        alternate_stack = NULL;
    }
    sigaction(SIGQUIT, &previous_quit, NULL);
    signal_loop = NULL;
}

#endif
