/*
 * The backend-independent half of context switching: AddressSanitizer must be told about every
 * stack switch, or it reports false errors on task stacks and loses track of fake stacks.
 */
#include "context/context.h"

/* The Asyncify backend has no register swap: context_asyncify.c implements all of this. */
#if !defined(AW_CONTEXT_ASYNCIFY)

#if defined(AW_ASAN)
#include <sanitizer/common_interface_defs.h>
#endif

/* Implemented by the backend: the register swap itself. */
void aw__context_backend_swap(aw_context *from, aw_context *to);

#if !defined(AW_CONTEXT_INLINE_SWAP) /* else context.h inlines resume and suspend */
static void context_switch(aw_context *from, aw_context *to)
{
#if defined(AW_ASAN)
    __sanitizer_start_switch_fiber(&from->fake_stack, to->stack_bottom, to->stack_size);
#endif
    aw__context_backend_swap(from, to);
#if defined(AW_ASAN)
    __sanitizer_finish_switch_fiber(from->fake_stack, NULL, NULL);
#endif
}

void aw__context_resume(aw_context *scheduler, aw_context *task)
{
    context_switch(scheduler, task);
}

void aw__context_suspend(aw_context *task, aw_context *scheduler)
{
    context_switch(task, scheduler);
}

void aw__context_transfer(aw_context *from, aw_context *to)
{
    context_switch(from, to);
}
#endif

void aw__context_exit(aw_context *from, aw_context *to)
{
#if defined(AW_ASAN)
    /* NULL: this stack is finished, its fake frames can go. */
    __sanitizer_start_switch_fiber(NULL, to->stack_bottom, to->stack_size);
#endif
    aw__context_backend_swap(from, to);
}

void aw__context_entered(aw_context *scheduler)
{
#if defined(AW_ASAN)
    /* A task's first step may come from another task (aw__context_transfer), not only from
     * the scheduler: learn the scheduler's stack from the very first entry, which always comes
     * from the scheduler. */
    const void *from_bottom;
    size_t from_size;
    __sanitizer_finish_switch_fiber(NULL, &from_bottom, &from_size);
    if (scheduler->stack_bottom == NULL) {
        scheduler->stack_bottom = from_bottom;
        scheduler->stack_size = from_size;
    }
#else
    (void)scheduler;
#endif
}

#endif
