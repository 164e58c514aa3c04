/* A JavaScript interval that counts its ticks, for the Emscripten tests that check JavaScript
 * runs while the loop waits or works. */
#ifndef AW_TEST_JS_TICKER_H
#define AW_TEST_JS_TICKER_H

#include <emscripten.h>

/* Starts an interval of 1 ms that counts its ticks. */
EM_JS(void, start_ticking, (void), {
    Module.ticks = 0;
    Module.ticker = setInterval(() => { Module.ticks++; }, 1);
});

/* Stops the interval; returns how often it ticked. */
EM_JS(int, stop_ticking, (void), {
    clearInterval(Module.ticker);
    return Module.ticks;
});

#endif
