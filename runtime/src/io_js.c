/*
 * Emscripten: the loop waits by returning to JavaScript, never by blocking the thread.
 *
 * The "js" I/O backend's wait() suspends the whole C call stack with Emscripten's Asyncify
 * (EM_ASYNC_JS, the same instrumentation the task switches use) until the next timer is due or
 * JavaScript completes a future made by aw_js_future_new, whichever comes first; meanwhile the
 * browser runs its event loop. A pending JS future counts as an I/O wait (loop->waiting_io), so
 * the loop keeps waiting for it instead of reporting a deadlock. See docs/wasm.md.
 */
#include "internal.h"

#include "aw_js.h"

#if defined(__EMSCRIPTEN__)

#include <emscripten.h>

/* Resolves after timeout_ms (none if negative) or when aw__js_wake is called. */
EM_ASYNC_JS(void, aw__js_wait, (double timeout_ms), {
    await new Promise(function(resolve) {
        var timer = null;
        function wake() {
            if (timer !== null)
                clearTimeout(timer);
            if (Module.awWake === wake)
                Module.awWake = null;
            resolve();
        }
        if (timeout_ms >= 0)
            timer = setTimeout(wake, timeout_ms);
        Module.awWake = wake;
    });
});

/* Called inside a JS -> C call: wakes the waiting loop once that call has returned. */
EM_JS(void, aw__js_wake, (void), {
    var wake = Module.awWake;
    if (wake)
        Promise.resolve().then(wake);
});

/* A loop that stays busy still lets JavaScript run this often while JS futures are pending. */
enum { BUSY_YIELD_NS = 10 * 1000 * 1000 };

static int64_t last_yield;

static int js_init(aw_loop *loop)
{
    (void)loop;
    return AW_OK;
}

static void js_free(aw_loop *loop) { (void)loop; }

static void js_wait(aw_loop *loop, int64_t timeout_ns)
{
    (void)loop;
    int64_t now = aw__clock_monotonic_ns();
    if (timeout_ns == 0 && (loop->waiting_io == 0 || now - last_yield < BUSY_YIELD_NS))
        return;
    aw__js_wait(timeout_ns < 0 ? -1.0 : (double)timeout_ns / 1e6);
    last_yield = aw__clock_monotonic_ns();
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
        aw_future_release(future);
        return status;
    }
    aw_future_retain(future); /* JavaScript's reference */
    future->loop->waiting_io++;
    *out = future;
    return AW_OK;
}

EMSCRIPTEN_KEEPALIVE int aw_js_future_resolve(aw_future *future, double value)
{
    int status = aw_future_set_result(future, AW_DOUBLE(value));
    aw_future_release(future);
    aw__js_wake();
    return status;
}

EMSCRIPTEN_KEEPALIVE int aw_js_future_reject(aw_future *future, int status)
{
    int result = aw_future_set_error(future, status < 0 ? status : AW_EINVAL);
    aw_future_release(future);
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
