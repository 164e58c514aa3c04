/* Context switch for aarch64, AAPCS64: x19-x28, the frame pointer x29, the link register x30,
 * the low halves of v8-v15 (d8-d15) and the control bits of FPCR (rounding mode, flush to
 * zero, traps) are callee-saved. FPSR holds status flags only, which the caller must not
 * expect to survive a call. */
#if defined(__APPLE__)
#define SYMBOL(name) _##name
#else
#define SYMBOL(name) name
#endif

    .text

/* void aw__context_swap_stacks(void **save_stack_pointer [x0], void *load_stack_pointer [x1]) */
    .globl SYMBOL(aw__context_swap_stacks)
#if !defined(__APPLE__)
    .type SYMBOL(aw__context_swap_stacks), %function
    .hidden SYMBOL(aw__context_swap_stacks)
#endif
    .p2align 4
SYMBOL(aw__context_swap_stacks):
    sub sp, sp, #176
    stp x19, x20, [sp, #0]
    stp x21, x22, [sp, #16]
    stp x23, x24, [sp, #32]
    stp x25, x26, [sp, #48]
    stp x27, x28, [sp, #64]
    stp x29, x30, [sp, #80]
    stp d8, d9, [sp, #96]
    stp d10, d11, [sp, #112]
    stp d12, d13, [sp, #128]
    stp d14, d15, [sp, #144]
    mrs x3, fpcr
    str x3, [sp, #160]
    mov x2, sp
    str x2, [x0]
    mov sp, x1
    ldp x19, x20, [sp, #0]
    ldp x21, x22, [sp, #16]
    ldp x23, x24, [sp, #32]
    ldp x25, x26, [sp, #48]
    ldp x27, x28, [sp, #64]
    ldp x29, x30, [sp, #80]
    ldp d8, d9, [sp, #96]
    ldp d10, d11, [sp, #112]
    ldp d12, d13, [sp, #128]
    ldp d14, d15, [sp, #144]
    /* Writing FPCR can stall the pipeline, and tasks almost never change it. */
    ldr x4, [sp, #160]
    cmp x3, x4
    b.eq 1f
    msr fpcr, x4
1:
    add sp, sp, #176
    ret
#if !defined(__APPLE__)
    .size SYMBOL(aw__context_swap_stacks), .-SYMBOL(aw__context_swap_stacks)
#endif

/* First code a new context runs: entry (x20) called with arg (x19). entry never returns. */
    .globl SYMBOL(aw__context_trampoline)
#if !defined(__APPLE__)
    .type SYMBOL(aw__context_trampoline), %function
    .hidden SYMBOL(aw__context_trampoline)
#endif
    .p2align 4
SYMBOL(aw__context_trampoline):
    .cfi_startproc
    .cfi_undefined x30
    mov x0, x19
    blr x20
    brk #0
    .cfi_endproc
#if !defined(__APPLE__)
    .size SYMBOL(aw__context_trampoline), .-SYMBOL(aw__context_trampoline)
#endif

#if defined(__linux__)
    .section .note.GNU-stack,"",%progbits
#endif
