/*
 * Context switching: the one interface every backend implements.
 *
 * Switches always go between the loop's scheduler context (the thread's own stack) and one task,
 * never from task to task, so that a backend that can only unwind to a driver (Asyncify) fits
 * the same interface. Backends, chosen at configure time:
 *   context_x86_64.S / context_aarch64.S + context_asm.c   register swap in assembly
 *   context_ucontext.c                                     makecontext/swapcontext fallback
 */
#ifndef AW_CONTEXT_H
#define AW_CONTEXT_H

#include <stddef.h>

#if defined(AW_CONTEXT_UCONTEXT)
#include <ucontext.h>
#endif

typedef struct aw_context {
#if defined(AW_CONTEXT_UCONTEXT)
    ucontext_t ucontext;
    void (*entry)(void *);
    void *arg;
#else
    void *stack_pointer; /* saved registers live on the stack below it */
#endif
    /* The stack this context runs on, for sanitizers (0 for the scheduler until learnt). */
    const void *stack_bottom;
    size_t stack_size;
    void *fake_stack; /* AddressSanitizer's per-fiber bookkeeping */
} aw_context;

/* Prepares `context` so that the first switch to it calls entry(arg) on the given stack.
 * entry must never return: a finished task makes its last switch with aw__context_exit. */
void aw__context_make(aw_context *context, void *stack_bottom, size_t stack_size,
                      void (*entry)(void *), void *arg);
/* Saves the running context in `from` and resumes `to`; returns when something switches back. */
void aw__context_switch(aw_context *from, aw_context *to);
/* The last switch away from a finished task's context, which is never resumed. */
void aw__context_exit(aw_context *from, aw_context *to);
/* Must be the first call of every entry function (tells sanitizers the switch completed). */
void aw__context_entered(aw_context *scheduler);
/* The backend's name: "x86_64", "aarch64", "ucontext", "asyncify". */
const char *aw__context_backend(void);

#endif
