/*
 * The backend-independent half of context switching: AddressSanitizer must be told about every
 * stack switch, or it reports false errors on task stacks and loses track of fake stacks.
 */
#include "context.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AW_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define AW_ASAN 1
#endif

#if defined(AW_ASAN)
#include <sanitizer/common_interface_defs.h>
#endif

/* Implemented by the backend: the register swap itself. */
void aw__context_backend_swap(aw_context *from, aw_context *to);

void aw__context_switch(aw_context *from, aw_context *to)
{
#if defined(AW_ASAN)
    __sanitizer_start_switch_fiber(&from->fake_stack, to->stack_bottom, to->stack_size);
#endif
    aw__context_backend_swap(from, to);
#if defined(AW_ASAN)
    __sanitizer_finish_switch_fiber(from->fake_stack, NULL, NULL);
#endif
}

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
    __sanitizer_finish_switch_fiber(NULL, &scheduler->stack_bottom, &scheduler->stack_size);
#else
    (void)scheduler;
#endif
}
