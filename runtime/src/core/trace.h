/* The one trace hook: every scheduling event goes through aw__trace_emit to the loop's
 * observers (aw_loop_observe). Nothing here is public. */
#ifndef AW_CORE_TRACE_H
#define AW_CORE_TRACE_H

#include "core/loop.h"

static inline bool aw__trace_on(const aw_loop *loop) { return loop->observer_count > 0; }
/* Fills in the iteration and the time and calls every observer. */
void aw__trace_emit(aw_loop *loop, aw_trace_event *event);
void aw__trace_task_event(aw_loop *loop, aw_trace_kind kind, const aw_task *task);
/* The task or timer whose entry is running, for "woken by". */
void aw__trace_set_cause(const aw_loop *loop, aw_trace_event *event);

#endif
