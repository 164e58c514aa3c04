/*
 * The WebAssembly backend: Binaryen's Asyncify (see docs/wasm.md).
 *
 * WebAssembly cannot switch stacks: the call stack of the engine is out of reach. Asyncify
 * (wasm-opt --asyncify, run on the linked module) rewrites every function that may suspend so
 * that it can save its locals and return ("unwind") and later be called again to restore them
 * and continue where it was ("rewind"). A task is therefore run by a driver in the scheduler:
 *
 *   resume:   the driver points __stack_pointer (the shadow stack in linear memory, where C keeps
 *             address-taken locals) at the task's stack, starts a rewind if the task was
 *             suspended, and calls the task's entry function. The rewind replays the saved
 *             frames down to the call that suspended, which then returns normally.
 *   suspend:  the task (inside the instrumented code) starts an unwind and returns; every frame
 *             up to the entry function saves itself into the task's Asyncify buffer and
 *             returns, so the driver's call returns. The driver stops the unwind, keeps the
 *             task's __stack_pointer and puts the scheduler's back.
 *
 * Every switch is scheduler <-> task, so the unwound chain always ends at the driver and
 * aw_loop_step still runs exactly one entry per call.
 *
 * The functions that call asyncify.start_unwind/stop_rewind (suspend_here) and
 * asyncify.stop_unwind/start_rewind (drive) are left uninstrumented by the pass; they must stay
 * separate functions. Binaryen's inliner does not honour C's noinline, so the post-link step runs
 * --asyncify before any optimisation.
 *
 * Memory: one block per task from stack.c. Its lowest quarter is the Asyncify buffer, the rest
 * the shadow stack, which grows down towards it:
 *
 *   bottom                 bottom + size/4                               bottom + size
 *   | Asyncify buffer  ->  | <- shadow stack ........................... top |
 *
 * A buffer overflow during an unwind therefore first spills into the unused end of the shadow
 * stack; it is detected once the unwind reaches the driver and reported with the task's name.
 */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#if !defined(__wasm__)
#error "context_asyncify.c is the WebAssembly backend"
#endif

#define ASYNCIFY_IMPORT(name) __attribute__((import_module("asyncify"), import_name(#name)))

ASYNCIFY_IMPORT(start_unwind) void aw__asyncify_start_unwind(void *data);
ASYNCIFY_IMPORT(stop_unwind) void aw__asyncify_stop_unwind(void);
ASYNCIFY_IMPORT(start_rewind) void aw__asyncify_start_rewind(void *data);
ASYNCIFY_IMPORT(stop_rewind) void aw__asyncify_stop_rewind(void);

/* context_wasm.S: global.get / global.set of the linker's __stack_pointer. */
void *aw__wasm_stack_pointer(void);
void aw__wasm_set_stack_pointer(void *stack_pointer);

enum context_state {
    CONTEXT_SCHEDULER, /* never made: the loop's own context */
    CONTEXT_NEW,       /* made, not run yet */
    CONTEXT_RUNNING,
    CONTEXT_SUSPENDED, /* unwound into its buffer */
    CONTEXT_EXITED
};

/* The part of a task's block given to the Asyncify buffer. */
enum { BUFFER_SHARE = 4, BUFFER_MIN = 1024 };

static void report(const char *what, aw_context *context, size_t size)
{
    aw_task *task = AW_CONTAINER_OF(context, aw_task, context);
    fprintf(stderr, "aw: %s in task %llu \"%s\" (%zu KiB)\n", what,
            (unsigned long long)task->id, task->name, size / 1024);
    fflush(stderr);
    abort();
}

void aw__context_make(aw_context *context, void *stack_bottom, size_t stack_size,
                      void (*entry)(void *), void *arg)
{
    size_t buffer_size = stack_size / BUFFER_SHARE;
    if (buffer_size < BUFFER_MIN)
        buffer_size = BUFFER_MIN;
    buffer_size &= ~(size_t)15;
    uintptr_t top = ((uintptr_t)stack_bottom + stack_size) & ~(uintptr_t)15;
    context->buffer = stack_bottom;
    context->buffer_size = buffer_size;
    context->asyncify.current = context->buffer;
    context->asyncify.end = (char *)context->buffer + buffer_size;
    context->stack_pointer = (void *)top;
    context->entry = entry;
    context->arg = arg;
    context->state = CONTEXT_NEW;
    context->rewinding = false;
    context->stack_bottom = stack_bottom;
    context->stack_size = stack_size;
    context->fake_stack = NULL;
}

/* The task side. Called once to suspend (starts the unwind and returns into the instrumented
 * caller, which unwinds) and once more by the rewind (ends it: the caller continues). */
__attribute__((noinline)) static void suspend_here(aw_context *task, bool exiting)
{
    if (task->rewinding) {
        task->rewinding = false;
        aw__asyncify_stop_rewind();
        return;
    }
    task->state = exiting ? CONTEXT_EXITED : CONTEXT_SUSPENDED;
    task->asyncify.current = task->buffer;
    task->asyncify.end = (char *)task->buffer + task->buffer_size;
    aw__asyncify_start_unwind(&task->asyncify);
}

/* The scheduler side: runs the task until it has unwound. */
__attribute__((noinline)) static void drive(aw_context *task)
{
    void *scheduler_stack = aw__wasm_stack_pointer();
    aw__wasm_set_stack_pointer(task->stack_pointer);
    if (task->state == CONTEXT_SUSPENDED) {
        task->rewinding = true;
        aw__asyncify_start_rewind(&task->asyncify);
    }
    task->state = CONTEXT_RUNNING;
    task->entry(task->arg);
    /* Back here only through an unwind: the entry function never returns by itself. Nothing
     * instrumented may run before stop_unwind, and stop_unwind traps if the buffer overflowed:
     * note the overflow and report it afterwards. */
    task->stack_pointer = aw__wasm_stack_pointer();
    aw__wasm_set_stack_pointer(scheduler_stack);
    bool overflow = (uintptr_t)task->asyncify.current > (uintptr_t)task->asyncify.end;
    bool returned = task->state == CONTEXT_RUNNING;
    if (overflow)
        task->asyncify.end = task->asyncify.current;
    if (!returned)
        aw__asyncify_stop_unwind();
    if (overflow)
        report("asyncify buffer overflow", task, task->buffer_size);
    if (returned) {
        fputs("aw: a task's entry function returned without suspending\n", stderr);
        abort();
    }
    if ((uintptr_t)task->stack_pointer < (uintptr_t)task->buffer + task->buffer_size)
        report("stack overflow", task, task->stack_size - task->buffer_size);
}

void aw__context_resume(aw_context *scheduler, aw_context *task)
{
    (void)scheduler;
    drive(task);
}

void aw__context_suspend(aw_context *task, aw_context *scheduler)
{
    (void)scheduler;
    suspend_here(task, false);
}

void aw__context_exit(aw_context *from, aw_context *to)
{
    (void)to;
    suspend_here(from, true); /* never rewound */
}

void aw__context_entered(aw_context *scheduler) { (void)scheduler; }

const char *aw__context_backend(void) { return "asyncify"; }
