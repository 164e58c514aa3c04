/* One entry of the ready queue: a task step, a due timer, or a future's done callback. Each is
 * embedded in what it runs, so queuing it never allocates. Nothing here is public. */
#ifndef AW_CORE_HANDLE_H
#define AW_CORE_HANDLE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum handle_kind { HANDLE_TASK, HANDLE_TIMER, HANDLE_CALLBACK } handle_kind;

typedef struct aw_handle {
    uint8_t kind;
    bool cancelled; /* skipped when popped (a timer cancelled after it became due) */
} aw_handle;

#endif
