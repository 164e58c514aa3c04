/* Deadlock detection: when the main task waits on a future that nothing can complete, aw_run
 * returns AW_EDEADLOCK (and writes the live tasks to stderr, not checked here) instead of
 * hanging; a task waiting on main is part of the deadlock. The future main holds is freed with
 * the loop (checked under LeakSanitizer). */
#include "common/check.h"

static int helper(void *arg, aw_value *result)
{
    (void)result;
    aw_printf("helper awaits main\n");
    return aw_await(arg, NULL);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_future *future; /* dies with the loop: the run must not leak it */
    CHECK(aw_spawn(NULL, helper, aw_current()) == AW_OK);
    CHECK(aw_future_new(&future) == AW_OK);
    aw_printf("main awaits a future nobody completes\n");
    aw_future_await(future, NULL);
    aw_printf("not reached\n");
    return AW_OK;
}

int main(void)
{
    int status = aw_run_with(main_task, NULL, NULL, virtual_clock());
    aw_printf("aw_run: %s\n", aw_err_name(status));
    aw_printf("loop gone: %s\n", aw_loop_current() == NULL ? "yes" : "no");
    return status == AW_EDEADLOCK && *check_failures() == 0 ? 0 : 1;
}
