/*
 * Context switching: the one interface every backend implements.
 *
 * The two directions between the loop's scheduler context (the thread's own stack) and a task
 * are separate calls (resume: scheduler to task; suspend: task to scheduler), so that a backend
 * that can only unwind to a driver (Asyncify) fits the same interface; the register-swap
 * backends can also go from task to task (transfer, and exit to another task). Backends, chosen
 * at configure time:
 *   context_x86_64.S / context_aarch64.S + context_asm.c   register swap in assembly
 *   context_ucontext.c                                     makecontext/swapcontext fallback
 *   context_asyncify.c + context_wasm.S                    WebAssembly (Binaryen's Asyncify)
 */
#ifndef AW_CONTEXT_H
#define AW_CONTEXT_H

#include <stddef.h>

#if defined(AW_CONTEXT_UCONTEXT)
#include <ucontext.h>
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AW_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(AW_ASAN)
#define AW_ASAN 1
#endif

/* Register-swap backends can also switch from one task straight to another (a task that
 * suspends hands over to the next ready task without a trip through the scheduler); Asyncify
 * can only unwind to its driver. */
#if !defined(AW_CONTEXT_ASYNCIFY)
#define AW_CONTEXT_CAN_TRANSFER 1
#endif

/* With the assembly backend and no AddressSanitizer (which must hear of every switch, see
 * context.c), resume and suspend are the register swap itself, inlined where they are called:
 * each switch then costs one call instead of three. */
#if !defined(AW_CONTEXT_UCONTEXT) && !defined(AW_CONTEXT_ASYNCIFY) && !defined(AW_ASAN)
#define AW_CONTEXT_INLINE_SWAP 1
#endif

typedef struct aw_context {
#if defined(AW_CONTEXT_UCONTEXT)
    ucontext_t ucontext;
    void (*entry)(void *);
    void *arg;
#elif defined(AW_CONTEXT_ASYNCIFY)
    void *buffer;        /* the unwound frames of a suspended task */
    size_t buffer_size;
    void *frames_end;    /* where a suspended task's unwound frames end in its buffer */
    void *stack_pointer; /* the shadow stack pointer (__stack_pointer) of a suspended task */
    void (*entry)(void *);
    void *arg;
    unsigned char state; /* see context_asyncify.c */
    _Bool rewinding;
    unsigned long long owner_id; /* named in an overflow report (aw__context_set_owner) */
    const char *owner_name;
#else
    void *stack_pointer; /* saved registers live on the stack below it */
#endif
    /* The stack this context runs on, for sanitizers (0 for the scheduler until learnt). */
    const void *stack_bottom;
    size_t stack_size;
    void *fake_stack; /* AddressSanitizer's per-fiber bookkeeping */
} aw_context;

/* Who runs on the context, for the Asyncify backend's overflow reports (the register-swap
 * backends fault in a guard page, and the signal handler names the running task itself): an
 * id and a name that must outlive the context, or NULL for "task-<id>". Called before
 * aw__context_make. */
static inline void aw__context_set_owner(aw_context *context, unsigned long long id,
                                         const char *name)
{
#if defined(AW_CONTEXT_ASYNCIFY)
    context->owner_id = id;
    context->owner_name = name;
#else
    (void)context, (void)id, (void)name;
#endif
}

/* Prepares `context` so that the first switch to it calls entry(arg) on the given stack.
 * entry must never return: a finished task makes its last switch with aw__context_exit. */
void aw__context_make(aw_context *context, void *stack_bottom, size_t stack_size,
                      void (*entry)(void *), void *arg);
#if defined(AW_CONTEXT_INLINE_SWAP)
/* context_x86_64.S / context_aarch64.S: saves the callee-saved registers on the running stack,
 * stores the stack pointer in *save_stack_pointer, switches to load_stack_pointer and
 * restores the registers saved there. */
void aw__context_swap_stacks(void **save_stack_pointer, void *load_stack_pointer);

/* From the scheduler: runs `task` until it suspends or exits, then returns. */
static inline void aw__context_resume(aw_context *scheduler, aw_context *task)
{
    aw__context_swap_stacks(&scheduler->stack_pointer, task->stack_pointer);
}

/* From a task: saves it in `task` and returns to the scheduler; returns when resumed. */
static inline void aw__context_suspend(aw_context *task, aw_context *scheduler)
{
    aw__context_swap_stacks(&task->stack_pointer, scheduler->stack_pointer);
}

/* From a task: saves it in `from` and runs `to`, another task (suspended, or not started
 * yet); returns when `from` is resumed. */
static inline void aw__context_transfer(aw_context *from, aw_context *to)
{
    aw__context_swap_stacks(&from->stack_pointer, to->stack_pointer);
}
#else
/* From the scheduler: runs `task` until it suspends or exits, then returns. */
void aw__context_resume(aw_context *scheduler, aw_context *task);
/* From a task: saves it in `task` and returns to the scheduler; returns when resumed. */
void aw__context_suspend(aw_context *task, aw_context *scheduler);
#if defined(AW_CONTEXT_CAN_TRANSFER)
/* From a task: saves it in `from` and runs `to`, another task (suspended, or not started
 * yet); returns when `from` is resumed. */
void aw__context_transfer(aw_context *from, aw_context *to);
#endif
#endif
/* The last switch away from a finished task's context, which is never resumed. */
void aw__context_exit(aw_context *from, aw_context *to);
/* Must be the first call of every entry function (tells sanitizers the switch completed). */
void aw__context_entered(aw_context *scheduler);
/* The backend's name: "x86_64", "aarch64", "ucontext", "asyncify". */
const char *aw__context_backend(void);

#endif
