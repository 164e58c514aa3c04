/*
 * aw_js.h - Emscripten only: futures that JavaScript completes.
 *
 * A C task awaits a JavaScript promise through a future: C creates it with aw_js_future_new and
 * hands its address to JavaScript, which completes it when the promise settles:
 *
 *     promise.then((v) => Module._aw_js_future_resolve(future, v),
 *                  () => Module._aw_js_future_reject(future, -1000));
 *
 * While such a future is pending the loop does not report a deadlock: it waits, returning
 * control to the browser (or Node) between iterations, and resumes as soon as JavaScript
 * completes the future or the next timer is due. The calls must come from JavaScript running on
 * the loop's thread while the loop waits (not from inside a task step).
 */
#ifndef AW_JS_H
#define AW_JS_H

#include "aw.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(default)
#endif

/* Creates a pending future on this thread's loop. The caller owns one reference (give it back
 * with aw_future_unref); JavaScript holds another until it resolves or rejects the future,
 * which it must do exactly once (even after a cancellation, to free it). Returns AW_OK,
 * AW_ENOMEM, AW_ESTATE (no loop) or AW_ENOTSUP (not an Emscripten build). */
int aw_js_future_new(aw_future **future);
/* Exported to JavaScript as Module._aw_js_future_resolve / _aw_js_future_reject. The value is a
 * JavaScript number, stored as the future's .f; status is a negative aw status. Return AW_OK, or
 * AW_ESTATE if the future was done already (cancelled). Both give back JavaScript's reference. */
int aw_js_future_resolve(aw_future *future, double value);
int aw_js_future_reject(aw_future *future, int status);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif

#endif
