/* Emscripten: a C task awaits JavaScript promises through futures that JavaScript completes,
 * and the loop's waits return to JavaScript (a JS interval keeps ticking meanwhile). */
#include <aw.h>
#include <aw_js.h>

#include <emscripten.h>

#include "js_ticker.h"

/* Settles a promise after `ms` milliseconds and completes the future with its outcome. */
EM_JS(void, settle_later, (aw_future *future, int ms, double value, int fail), {
    const promise = new Promise((resolve, reject) => {
        setTimeout(() => fail ? reject(new Error("no")) : resolve(value), ms);
    });
    promise.then((v) => Module._aw_js_future_resolve(future, v),
                 () => Module._aw_js_future_reject(future, -1001));
});

static int other(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("other task runs while main waits\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    start_ticking();
    aw_future *future;
    if (aw_js_future_new(&future) != AW_OK)
        return AW_ENOMEM;
    settle_later(future, 30, 42.5, 0);
    aw_spawn(NULL, other, NULL);
    aw_value value;
    int status = aw_future_await(future, &value);
    aw_printf("resolved: %s %.1f\n", aw_err_name(status), value.f);
    aw_future_unref(future);

    aw_js_future_new(&future);
    settle_later(future, 5, 0, 1);
    status = aw_future_await(future, &value);
    aw_printf("rejected: %d\n", status);
    aw_future_unref(future);

    /* A timer and a JS future at once: the timer (10 ms) comes first. */
    aw_js_future_new(&future);
    settle_later(future, 40, 7, 0);
    aw_sleep(10);
    aw_printf("slept; future done: %s\n", aw_future_is_done(future) ? "yes" : "no");
    aw_future_await(future, &value);
    aw_printf("then resolved: %.0f\n", value.f);
    aw_future_unref(future);

    int ticks = stop_ticking();
    aw_printf("JavaScript ran while the loop waited: %s\n", ticks > 0 ? "yes" : "no");
    return AW_OK;
}

int main(void)
{
    return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1;
}
