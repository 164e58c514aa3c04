/*
 * A program that never ends, for the step budget (docs/playground.md): main yields forever.
 * The loop has no pre-emption and no limit of its own, so it would run this forever (asyncio's
 * would too); the page stops every run after PG_STEP_BUDGET steps and says so instead of
 * freezing the tab. It is not in the page's menu (#example=runaway opens it) and not an output
 * test: built on its own it would never return.
 */
#include "example.h"

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    aw_printf("main yields forever\n");
    for (long turn = 1;; turn++) {
        if (turn % 5000 == 0)
            aw_printf("turn %ld: still going\n", turn);
        int status = aw_yield(); /* fails only if cancelled, which nothing here does */
        if (status != AW_OK)
            return status;
    }
}

const pg_example pg_example_runaway = {
    .name = "runaway",
    .title = "A task that never ends (the step budget)",
    .explanation = "main yields forever: there is always something ready, so the loop never "
                   "runs out of work and the program never ends. The page stops every run "
                   "after its step budget and says so.",
    .source = "runaway.c",
    .main = main_task,
    .unlisted = true,
};
