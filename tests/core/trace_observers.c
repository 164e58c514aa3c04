/* aw_loop_observe / aw_loop_unobserve: observers see every event in the order they were added,
 * up to 4 (a fifth is AW_ENOMEM), NULL arguments are AW_EINVAL, and an observer is removed by
 * the same function and userdata pair, leaving the others in place. */
#include "common/check.h"

#include <stdio.h>

static void count(const aw_trace_event *event, void *userdata)
{
    (void)event;
    ++*(int *)userdata;
}

static void named(const aw_trace_event *event, void *userdata)
{
    if (event->kind == AW_TRACE_OUTPUT)
        printf("  observer %s sees %zu bytes\n", (const char *)userdata, event->size);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("hello\n");
    aw_yield();
    return AW_OK;
}

int main(void)
{
    aw_loop *loop;
    int counts[2] = {0, 0};
    CHECK(aw_loop_new(&loop, virtual_clock()) == AW_OK);
    show("observe(NULL loop)", aw_loop_observe(NULL, count, NULL));
    show("observe(NULL observer)", aw_loop_observe(loop, NULL, NULL));
    show("observe 1", aw_loop_observe(loop, named, "one"));
    show("observe 2", aw_loop_observe(loop, count, &counts[0]));
    show("observe 3", aw_loop_observe(loop, named, "three"));
    show("observe 4", aw_loop_observe(loop, count, &counts[1]));
    show("observe 5", aw_loop_observe(loop, named, "five"));
    aw_loop_unobserve(loop, named, "five");   /* never added: no effect */
    aw_loop_unobserve(loop, count, &counts[1]);
    aw_loop_unobserve(loop, named, "one");
    CHECK(aw_spawn(NULL, main_task, NULL) == AW_OK);
    show("run", aw_loop_run(loop));
    aw_printf("counted %d and %d events\n", counts[0], counts[1]);
    aw_loop_free(loop);
    fflush(stdout);
    return *check_failures() == 0 ? 0 : 1;
}
