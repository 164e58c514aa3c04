/*
 * frames.h - each task's call stack in a playground example: the calls between the task's
 * function and the call it is suspended in.
 *
 * The await site (file, line, function of the aw_* call a task suspends in) comes from the
 * runtime's trace; the frames above it do not, since the runtime does not see the example's own
 * calls (and __builtin_return_address means nothing in WebAssembly). So an example names the
 * functions of its own that may suspend, right after each one's definition, as aw.h names its
 * awaiting calls:
 *
 *     #define say_after(...) PG_FRAME_VOID(say_after, __VA_ARGS__)
 *
 * Each call of say_after then pushes a frame (the caller's file, line and function, and the
 * callee's name) on the running task's stack for the time of the call. The recorder writes the
 * frames with every step_end (trace_json.h), outermost first; a function not named this way has
 * no frame, and a reader sees the gap where a frame's callee is not the next frame's function.
 * Outside the playground (the examples' own output tests) the macros are plain calls.
 */
#ifndef AW_PLAYGROUND_FRAMES_H
#define AW_PLAYGROUND_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pg_frame {
    const char *file;     /* where the call is: __FILE__, __LINE__, __func__ of the caller */
    int line;
    const char *function;
    const char *callee;   /* the function it calls */
} pg_frame;

#ifdef AW_PLAYGROUND
void pg_frame_push(const char *file, int line, const char *function, const char *callee);
void pg_frame_pop(void);
static inline int pg_frame_pop_int(int value)
{
    pg_frame_pop();
    return value;
}
/* The recorded frames of task `task_id`, outermost first, in *frames; returns their number.
 * *complete is false when some were not kept (too deep, or too many tasks). */
size_t pg_frames_of(uint64_t task_id, const pg_frame **frames, bool *complete);
/* Forgets every task's frames (a new run: task ids start again). */
void pg_frames_reset(void);

#define PG_FRAME(fn, ...) (pg_frame_push(__FILE__, __LINE__, __func__, #fn), pg_frame_pop_int(fn(__VA_ARGS__)))
#define PG_FRAME_VOID(fn, ...) (pg_frame_push(__FILE__, __LINE__, __func__, #fn), fn(__VA_ARGS__), pg_frame_pop())
#else
#define PG_FRAME(fn, ...) fn(__VA_ARGS__)
#define PG_FRAME_VOID(fn, ...) fn(__VA_ARGS__)
#endif

#endif
