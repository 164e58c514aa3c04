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
 * Memory: one block per task from stack.c, with the task's record above it (task.c). Its
 * lowest quarter holds the Asyncify buffer, the rest is the shadow stack, which grows down
 * towards it:
 *
 *   bottom                    bottom + size/4                            bottom + size
 *   | note | Asyncify buffer -> | <- shadow stack ........................ top | record
 *
 * Nothing bounds Asyncify's writes while it unwinds: every frame stores its locals at the data
 * pointer and moves it up, and only asyncify.stop_unwind compares it with the end. Frames that
 * outgrow the buffer therefore run on into the shadow stack and, past a whole block's worth,
 * into the task's record. So the report of a buffer overflow reads only what such a run cannot
 * reach: the data header (static, shared by all tasks, since one unwinds or rewinds at a time)
 * and the note below the buffer, a copy of the task's id and name made with the context. A
 * shadow stack overflow goes the other way, down through the buffer and the note: its report
 * reads the record. Either is detected once the unwind is back in the driver.
 */
#include "base/compiler.h"
#include "context/context.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The part of a task's block given to the Asyncify buffer (the note included): a quarter, at
 * least BUFFER_MIN bytes, at most half. */
enum { BUFFER_SHARE = 4, BUFFER_MIN = 1024 };

/* Asyncify's data header, read by the instrumented code: where the next frame is saved (or
 * restored from) and where the buffer ends. */
static struct {
    void *current;
    void *end;
} asyncify_data;
static bool unwound; /* the task's last run ended in an unwind */

enum { NOTE_NAME_SIZE = 32 };

/* The owner named in a buffer overflow report, below the buffer. */
typedef struct overflow_note {
    unsigned long long owner_id;
    size_t buffer_size;
    char owner_name[NOTE_NAME_SIZE];
} overflow_note;
enum { NOTE_SIZE = (sizeof(overflow_note) + 15) & ~(size_t)15 };

/* The line a native guard page hit prints (signals.c), naming the part of the block that
 * overflowed; sizes rounded to the nearest KiB. An owner without a name of its own is called
 * "task-<id>", as a task without one is. */
static void report(unsigned long long owner_id, const char *owner_name, const char *part,
                   size_t size)
{
    if (owner_name[0] != '\0')
        fprintf(stderr, "aw: stack overflow in task %llu \"%s\" (%s %zu KiB)\n", owner_id,
                owner_name, part, (size + 512) / 1024);
    else
        fprintf(stderr, "aw: stack overflow in task %llu \"task-%llu\" (%s %zu KiB)\n",
                owner_id, owner_id, part, (size + 512) / 1024);
    fflush(stderr);
    abort();
}

void aw__context_make(aw_context *context, void *stack_bottom, size_t stack_size,
                      void (*entry)(void *), void *arg)
{
    size_t share = stack_size / BUFFER_SHARE;
    if (share < BUFFER_MIN)
        share = BUFFER_MIN;
    if (share > stack_size / 2)
        share = stack_size / 2;
    share &= ~(size_t)15;
    overflow_note *note = stack_bottom;
    note->owner_id = context->owner_id;
    note->buffer_size = share;
    note->owner_name[0] = '\0';
    if (context->owner_name != NULL)
        strncat(note->owner_name, context->owner_name, sizeof note->owner_name - 1);
    context->buffer = (char *)stack_bottom + NOTE_SIZE;
    context->buffer_size = share - NOTE_SIZE;
    context->frames_end = context->buffer;
    context->stack_pointer = (void *)(((uintptr_t)stack_bottom + stack_size) & ~(uintptr_t)15);
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
    asyncify_data.current = task->buffer;
    unwound = true;
    aw__asyncify_start_unwind(&asyncify_data);
}

/* The scheduler side: runs the task until it has unwound. */
__attribute__((noinline)) static void drive(aw_context *task)
{
    const overflow_note *note = task->stack_bottom; /* read before the record can be lost */
    void *buffer_end = (char *)task->buffer + task->buffer_size;
    void *scheduler_stack = aw__wasm_stack_pointer();
    aw__wasm_set_stack_pointer(task->stack_pointer);
    asyncify_data.end = buffer_end;
    if (task->state == CONTEXT_SUSPENDED) {
        task->rewinding = true;
        asyncify_data.current = task->frames_end;
        aw__asyncify_start_rewind(&asyncify_data);
    }
    task->state = CONTEXT_RUNNING;
    unwound = false;
    task->entry(task->arg);
    /* Back here only through an unwind: the entry function never returns by itself. Nothing
     * instrumented may run before stop_unwind, and stop_unwind traps if the buffer overflowed:
     * note the overflow and report it afterwards. */
    void *task_stack = aw__wasm_stack_pointer();
    aw__wasm_set_stack_pointer(scheduler_stack);
    if (!unwound) {
        fputs("aw: a task's entry function returned without suspending\n", stderr);
        abort();
    }
    if ((uintptr_t)asyncify_data.current > (uintptr_t)buffer_end) {
        asyncify_data.end = asyncify_data.current;
        aw__asyncify_stop_unwind();
        report(note->owner_id, note->owner_name, "asyncify buffer", note->buffer_size);
    }
    aw__asyncify_stop_unwind();
    task->frames_end = asyncify_data.current;
    task->stack_pointer = task_stack;
    if ((uintptr_t)task_stack < (uintptr_t)buffer_end) {
        report(task->owner_id, task->owner_name != NULL ? task->owner_name : "", "stack",
               (size_t)((char *)task->stack_bottom + task->stack_size - (char *)buffer_end));
    }
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
