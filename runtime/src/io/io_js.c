/*
 * Emscripten: the loop waits by returning to JavaScript, never by blocking the thread.
 *
 * The "js" I/O backend's wait() suspends the whole C call stack with Emscripten's Asyncify
 * (EM_ASYNC_JS, the same instrumentation the task switches use) until the next timer is due or
 * JavaScript completes a future made by aw_js_future_new, whichever comes first; meanwhile the
 * browser runs its event loop. A pending JS future counts as an I/O wait (loop->waiting_io), so
 * the loop keeps waiting for it instead of reporting a deadlock. A loop that never has to wait
 * (its tasks are always ready) still hands the thread back once every AW_JS_SLICE_MS: the
 * loop calls its before_step hook (between_steps) before each task step, when no task is on the
 * stack, and the same wait resumes it at the next turn of the event loop. See docs/wasm.md.
 */
#include "core/future.h"
#include "core/loop.h"
#include "core/io_backend.h"
#include "io/backends.h"

#include "aw_js.h"

#if defined(__EMSCRIPTEN__)

#include <emscripten.h>

/* Resolves after timeout_ms, or at the next turn of the event loop for 0 (setImmediate in Node,
 * a MessageChannel message in browsers: no 4 ms clamp as with nested setTimeouts), or never
 * for a negative one; or as soon as aw__js_wake is called. */
EM_ASYNC_JS(void, aw__js_wait, (double timeout_ms), {
    await new Promise(function(resolve) {
        var cancel = function() {};
        function wake() {
            cancel();
            if (Module.awWake === wake)
                Module.awWake = null;
            resolve();
        }
        if (timeout_ms > 0) {
            var timer = setTimeout(wake, timeout_ms);
            cancel = function() { clearTimeout(timer); };
        } else if (timeout_ms == 0 && typeof setImmediate == "function") {
            var immediate = setImmediate(wake);
            cancel = function() { clearImmediate(immediate); };
        } else if (timeout_ms == 0) {
            var channel = new MessageChannel();
            channel.port1.onmessage = wake;
            channel.port2.postMessage(null);
            cancel = function() { channel.port1.close(); };
        }
        Module.awWake = wake;
    });
});

/* Called inside a JS -> C call: wakes the waiting loop once that call has returned. */
EM_JS(void, aw__js_wake, (void), {
    var wake = Module.awWake;
    if (wake)
        Promise.resolve().then(wake);
});

/* When the loop last handed the thread back to JavaScript (emscripten_get_now, ms). */
static double slice_start;

/* Waits for the next turn of the event loop if the loop has kept the thread for a whole slice. */
static void end_slice_if_due(void)
{
    if (emscripten_get_now() - slice_start < AW_JS_SLICE_MS)
        return;
    aw__js_wait(0);
    slice_start = emscripten_get_now();
}

/* Reading the clock calls into JavaScript, which costs more than a task switch: it is read at
 * the first step of each loop iteration and every CHECK_EVERY steps of a long one. */
enum { CHECK_EVERY = 16 };

static uint64_t checked_iteration;
static unsigned steps_unchecked;

/* The loop's before_step hook: between two steps no task is on the stack, so Emscripten's own
 * Asyncify can unwind to JavaScript from here without crossing a task's frames. */
static void between_steps(aw_loop *loop)
{
    /* The virtual clock never waits in JavaScript; it is driven step by step (the playground
     * calls aw_loop_step synchronously, which must not return before its step is done). */
    if (loop->clock != AW_CLOCK_MONOTONIC || loop->running_try)
        return;
    if (loop->iteration == checked_iteration && ++steps_unchecked < CHECK_EVERY)
        return;
    checked_iteration = loop->iteration;
    steps_unchecked = 0;
    end_slice_if_due();
}

static int js_init(aw_loop *loop)
{
    loop->before_step = between_steps;
    slice_start = emscripten_get_now();
    return AW_OK;
}

static void js_free(aw_loop *loop) { loop->before_step = NULL; }

/* A zero timeout comes with ready entries and pending JS futures: JavaScript gets the thread
 * once a slice, as between steps, unless the caller's loop is the one that hands it back
 * (aw_loop_try_run_iteration, which must return without waiting). */
static void js_wait(aw_loop *loop, int64_t timeout_ns)
{
    if (timeout_ns == 0) {
        if (!loop->running_try)
            end_slice_if_due();
        return;
    }
    aw__js_wait(timeout_ns < 0 ? -1.0 : (double)timeout_ns / 1e6);
    slice_start = emscripten_get_now();
}

const io_backend aw__io_js_backend = {
    .name = "js", .init = js_init, .free = js_free, .watch = NULL, .wait = js_wait};

static void js_future_done(aw_future *future, void *arg)
{
    (void)arg;
    future->loop->waiting_io--;
}

int aw_js_future_new(aw_future **out)
{
    aw_future *future;
    int status = aw_future_new(&future);
    if (status != AW_OK)
        return status;
    status = aw_future_on_done(future, js_future_done, NULL);
    if (status != AW_OK) {
        aw_future_unref(future);
        return status;
    }
    aw_future_ref(future); /* JavaScript's reference */
    future->loop->waiting_io++;
    *out = future;
    return AW_OK;
}

EMSCRIPTEN_KEEPALIVE int aw_js_future_resolve(aw_future *future, double value)
{
    int status = aw_future_set_result(future, AW_DOUBLE(value));
    aw_future_unref(future);
    aw__js_wake();
    return status;
}

EMSCRIPTEN_KEEPALIVE int aw_js_future_reject(aw_future *future, int status)
{
    int result = aw_future_set_error(future, status < 0 ? status : AW_EINVAL);
    aw_future_unref(future);
    aw__js_wake();
    return result;
}

#else

int aw_js_future_new(aw_future **future)
{
    (void)future;
    return AW_ENOTSUP;
}

int aw_js_future_resolve(aw_future *future, double value)
{
    (void)future, (void)value;
    return AW_ENOTSUP;
}

int aw_js_future_reject(aw_future *future, int status)
{
    (void)future, (void)status;
    return AW_ENOTSUP;
}

#endif
