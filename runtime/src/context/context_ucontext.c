/*
 * The portable backend: POSIX makecontext/swapcontext. About twenty times slower than the
 * assembly backends because swapcontext saves and restores the signal mask with a system call.
 */
#include "context/context.h"

#include <stdint.h>
#include <stdlib.h>

void aw__context_backend_swap(aw_context *from, aw_context *to)
{
    if (swapcontext(&from->ucontext, &to->ucontext) != 0)
        abort(); /* only fails for an invalid context: a bug in the runtime */
}

/* makecontext passes int arguments only: the context's address travels as two halves. */
static void ucontext_start(unsigned int high, unsigned int low)
{
    aw_context *context = (aw_context *)(uintptr_t)(((uint64_t)high << 32) | low);
    context->entry(context->arg);
    abort();
}

void aw__context_make(aw_context *context, void *stack_bottom, size_t stack_size,
                      void (*entry)(void *), void *arg)
{
    if (getcontext(&context->ucontext) != 0)
        abort();
    context->ucontext.uc_stack.ss_sp = stack_bottom;
    context->ucontext.uc_stack.ss_size = stack_size;
    context->ucontext.uc_link = NULL;
    context->stack_bottom = stack_bottom;
    context->stack_size = stack_size;
    context->fake_stack = NULL;
    context->entry = entry;
    context->arg = arg;
    uint64_t address = (uint64_t)(uintptr_t)context;
    makecontext(&context->ucontext, (void (*)(void))ucontext_start, 2,
                (unsigned int)(address >> 32), (unsigned int)address);
}

const char *aw__context_backend(void) { return "ucontext"; }
