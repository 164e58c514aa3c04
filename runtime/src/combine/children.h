/* What asyncio.wait and as_completed watch: futures, each given as a task (its completion
 * future) or as a future, held by a reference until the watcher is done with them
 * (children.c). Nothing here is public. */
#ifndef AW_COMBINE_CHILDREN_H
#define AW_COMBINE_CHILDREN_H

#include "core/future.h"

/* A new array of the `count` futures of `tasks` (or `futures`, when tasks is NULL), each
 * referenced. AW_EINVAL for a NULL array or entry, or the running task among them (a task
 * cannot wait for itself); AW_ENOMEM. */
int aw__children_take(aw_future ***children, aw_task *const *tasks,
                      aw_future *const *futures, size_t count);
/* Drops the references and frees the array. */
void aw__children_drop(aw_future **children, size_t count);
/* The position of `child` in children[0 .. count - 1]; it must be there. */
size_t aw__children_index(aw_future *const *children, const aw_future *child);
/* GATHER_CHILD events for the pending tasks among the children, which the running task's
 * combinator `gather` waits for. */
void aw__children_trace(aw_loop *loop, uint64_t gather, aw_future *const *children,
                        size_t count);

#endif
