/* Context switch for x86_64, System V ABI: rbx, rbp, r12-r15, the MXCSR control bits and the
 * x87 control word are callee-saved; everything else the caller already assumes clobbered. */
#if defined(__APPLE__)
#define SYMBOL(name) _##name
#else
#define SYMBOL(name) name
#endif

    .text

/* void aw__context_swap_stacks(void **save_stack_pointer [rdi], void *load_stack_pointer [rsi])
 * Clobbers rax, rcx, rdx: caller-saved, and the swap is a call. */
    .globl SYMBOL(aw__context_swap_stacks)
#if !defined(__APPLE__)
    .type SYMBOL(aw__context_swap_stacks), @function
    .hidden SYMBOL(aw__context_swap_stacks)
#endif
    .p2align 4
SYMBOL(aw__context_swap_stacks):
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movl (%rsp), %eax
    movzwl 4(%rsp), %ecx
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    /* ldmxcsr and fldcw stall the pipeline; tasks almost never change the control bits, so
     * load them only when they differ (MXCSR's low six bits are status flags, not control). */
    movl (%rsp), %edx
    xorl %eax, %edx
    testl $0xFFC0, %edx
    jz 1f
    ldmxcsr (%rsp)
1:
    cmpw 4(%rsp), %cx
    je 2f
    fldcw 4(%rsp)
2:
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
#if !defined(__APPLE__)
    .size SYMBOL(aw__context_swap_stacks), .-SYMBOL(aw__context_swap_stacks)
#endif

/* First code a new context runs: entry (r13) called with arg (r12). entry never returns. */
    .globl SYMBOL(aw__context_trampoline)
#if !defined(__APPLE__)
    .type SYMBOL(aw__context_trampoline), @function
    .hidden SYMBOL(aw__context_trampoline)
#endif
    .p2align 4
SYMBOL(aw__context_trampoline):
    .cfi_startproc
    .cfi_undefined rip
    movq %r12, %rdi
    callq *%r13
    ud2
    .cfi_endproc
#if !defined(__APPLE__)
    .size SYMBOL(aw__context_trampoline), .-SYMBOL(aw__context_trampoline)
#endif

#if defined(__linux__)
    .section .note.GNU-stack,"",%progbits
#endif
