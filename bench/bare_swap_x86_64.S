/* The reference point for the switch benchmark: the least a correct x86_64 switch does (save
 * the System V callee-saved registers rbx, rbp, r12-r15 on the stack, swap stack pointers,
 * restore, return). No MXCSR / x87 control word, no sanitizer hooks, no call layers. */
    .text
    .globl bench_bare_swap
    .type bench_bare_swap, @function
    .p2align 4
/* void bench_bare_swap(void **save_stack_pointer [rdi], void *load_stack_pointer [rsi]) */
bench_bare_swap:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size bench_bare_swap, .-bench_bare_swap

/* The same plus what the System V ABI also makes callee-saved: the MXCSR control bits and the
 * x87 control word (aw's x86_64 switch saves them too), in an 8-byte slot below the registers. */
    .globl bench_bare_swap_fpu
    .type bench_bare_swap_fpu, @function
    .p2align 4
bench_bare_swap_fpu:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size bench_bare_swap_fpu, .-bench_bare_swap_fpu

/* First code of a new bare context: entry (r13) called with arg (r12); entry never returns. */
    .globl bench_bare_trampoline
    .type bench_bare_trampoline, @function
    .p2align 4
bench_bare_trampoline:
    movq %r12, %rdi
    callq *%r13
    ud2
    .size bench_bare_trampoline, .-bench_bare_trampoline

    .section .note.GNU-stack,"",%progbits
