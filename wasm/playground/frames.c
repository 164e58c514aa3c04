/* Each task's call stack in a playground example (see frames.h): a small table of stacks, one
 * per task that is inside a named call. */
#include "frames.h"

#include <aw.h>

enum { TASKS = 64, DEPTH = 8 };

static struct task_frames {
    uint64_t task;         /* 0: a free slot */
    size_t depth;          /* calls entered, kept or not */
    pg_frame frames[DEPTH];
} stacks[TASKS];
static bool lost; /* a task found no free slot: its frames are unknown */

static struct task_frames *stack_of(uint64_t task, bool claim)
{
    struct task_frames *free_slot = NULL;
    for (size_t i = 0; i < TASKS; i++) {
        if (stacks[i].task == task)
            return &stacks[i];
        if (free_slot == NULL && stacks[i].depth == 0)
            free_slot = &stacks[i];
    }
    if (claim && free_slot != NULL)
        *free_slot = (struct task_frames){.task = task};
    return claim ? free_slot : NULL;
}

void pg_frame_push(const char *file, int line, const char *function, const char *callee)
{
    struct task_frames *stack = stack_of(aw_task_id(aw_current()), true);
    if (stack == NULL) {
        lost = true;
        return;
    }
    if (stack->depth < DEPTH)
        stack->frames[stack->depth] = (pg_frame){file, line, function, callee};
    stack->depth++;
}

void pg_frame_pop(void)
{
    struct task_frames *stack = stack_of(aw_task_id(aw_current()), false);
    if (stack != NULL && stack->depth > 0)
        stack->depth--;
}

size_t pg_frames_of(uint64_t task_id, const pg_frame **frames, bool *complete)
{
    const struct task_frames *stack = stack_of(task_id, false);
    size_t depth = stack != NULL ? stack->depth : 0;
    *frames = stack != NULL ? stack->frames : NULL;
    *complete = !lost && depth <= DEPTH;
    return depth < DEPTH ? depth : DEPTH;
}

void pg_frames_reset(void)
{
    for (size_t i = 0; i < TASKS; i++)
        stacks[i] = (struct task_frames){0};
    lost = false;
}
