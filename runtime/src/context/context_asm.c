/*
 * The assembly backend: context_x86_64.S or context_aarch64.S saves the callee-saved registers
 * on the running stack, stores the stack pointer, loads the other one and restores from it.
 * This file lays out a new stack so that the first switch "returns" into a trampoline that
 * calls entry(arg).
 */
#include "context/context.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(AW_ASAN) /* context.h */
#include <sanitizer/asan_interface.h>
#endif

#if !defined(AW_CONTEXT_INLINE_SWAP)
void aw__context_swap_stacks(void **save_stack_pointer, void *load_stack_pointer);
#endif
void aw__context_trampoline(void);

/* A reused stack (from the pool, or mapped again where a freed one was) still carries the
 * AddressSanitizer redzones of the frames its last task never returned from; clear them. */
static void forget_old_frames(void *stack_bottom, size_t stack_size)
{
#if defined(AW_ASAN)
    __asan_unpoison_memory_region(stack_bottom, stack_size);
#else
    (void)stack_bottom, (void)stack_size;
#endif
}

void aw__context_backend_swap(aw_context *from, aw_context *to)
{
    aw__context_swap_stacks(&from->stack_pointer, to->stack_pointer);
}

#if defined(__x86_64__)

/* What aw__context_swap_stacks pops, lowest address first. */
struct initial_frame {
    uint32_t mxcsr;
    uint16_t x87_control;
    uint16_t padding;
    uint64_t r15, r14, r13, r12, rbx, rbp;
    uint64_t return_address;  /* the trampoline */
    uint64_t end_of_frames;   /* a zero "return address" above it for debuggers */
};

void aw__context_make(aw_context *context, void *stack_bottom, size_t stack_size,
                      void (*entry)(void *), void *arg)
{
    forget_old_frames(stack_bottom, stack_size);
    uintptr_t top = ((uintptr_t)stack_bottom + stack_size) & ~(uintptr_t)15;
    /* The trampoline starts with rsp (just above return_address) 16-byte aligned, as right
     * before a call instruction (System V ABI). */
    struct initial_frame *frame =
        (struct initial_frame *)(top - 16 - offsetof(struct initial_frame, end_of_frames));
    memset(frame, 0, sizeof *frame);
    frame->mxcsr = 0x1F80;       /* all exceptions masked, round to nearest */
    frame->x87_control = 0x037F; /* the same for x87 */
    frame->r12 = (uint64_t)(uintptr_t)arg;
    frame->r13 = (uint64_t)(uintptr_t)entry;
    frame->return_address = (uint64_t)(uintptr_t)aw__context_trampoline;
    context->stack_pointer = frame;
    context->stack_bottom = stack_bottom;
    context->stack_size = stack_size;
    context->fake_stack = NULL;
}

const char *aw__context_backend(void) { return "x86_64"; }

#elif defined(__aarch64__)

/* What aw__context_swap_stacks pops, lowest address first (AAPCS64 callee-saved registers). */
struct initial_frame {
    uint64_t x19, x20, x21, x22, x23, x24, x25, x26, x27, x28;
    uint64_t x29, x30;
    uint64_t d8, d9, d10, d11, d12, d13, d14, d15;
    uint64_t fpcr;            /* 0: round to nearest, no flush to zero, no traps */
    uint64_t padding;         /* sp stays 16-byte aligned */
};

void aw__context_make(aw_context *context, void *stack_bottom, size_t stack_size,
                      void (*entry)(void *), void *arg)
{
    forget_old_frames(stack_bottom, stack_size);
    uintptr_t top = ((uintptr_t)stack_bottom + stack_size) & ~(uintptr_t)15;
    struct initial_frame *frame = (struct initial_frame *)(top - sizeof(struct initial_frame));
    memset(frame, 0, sizeof *frame);
    frame->x19 = (uint64_t)(uintptr_t)arg;
    frame->x20 = (uint64_t)(uintptr_t)entry;
    frame->x30 = (uint64_t)(uintptr_t)aw__context_trampoline;
    context->stack_pointer = frame;
    context->stack_bottom = stack_bottom;
    context->stack_size = stack_size;
    context->fake_stack = NULL;
}

const char *aw__context_backend(void) { return "aarch64"; }

#else
#error "no assembly context switch for this architecture: configure with -DAW_CONTEXT=ucontext"
#endif
