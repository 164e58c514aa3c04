/* The reference point for the switch benchmark: the least a correct aarch64 switch does (save
 * the AAPCS64 callee-saved x19-x30 and d8-d15, swap stack pointers, restore, return). */
    .text
    .globl bench_bare_swap
    .type bench_bare_swap, %function
    .p2align 4
/* void bench_bare_swap(void **save_stack_pointer [x0], void *load_stack_pointer [x1]) */
bench_bare_swap:
    sub sp, sp, #160
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
    add sp, sp, #160
    ret
    .size bench_bare_swap, .-bench_bare_swap

/* First code of a new bare context: entry (x20) called with arg (x19); entry never returns. */
    .globl bench_bare_trampoline
    .type bench_bare_trampoline, %function
    .p2align 4
bench_bare_trampoline:
    mov x0, x19
    blr x20
    brk #0
    .size bench_bare_trampoline, .-bench_bare_trampoline

    .section .note.GNU-stack,"",%progbits
