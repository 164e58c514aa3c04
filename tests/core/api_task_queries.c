/* Task queries: aw_current, aw_task_get_state through a task's life (ready, running, waiting,
 * ready again after a yield, done), aw_task_is_done, aw_task_status (AW_ESTATE until done) and
 * aw_task_result, for a task that succeeds and one that fails. A NULL task is answered without
 * a crash, and so is a NULL loop given to aw_loop_get_stats and aw_loop_dump. */
#include "common/check.h"

#include <string.h>

static const char *state_name(aw_task_state state)
{
    switch (state) {
    case AW_TASK_READY: return "ready";
    case AW_TASK_RUNNING: return "running";
    case AW_TASK_WAITING: return "waiting";
    case AW_TASK_DONE: return "done";
    }
    return "?";
}

static void describe(const char *when, const aw_task *task)
{
    aw_printf("%s: %s, done %d, status %s, result %lld\n", when,
              state_name(aw_task_get_state(task)), aw_task_is_done(task),
              aw_err_name(aw_task_status(task)), (long long)aw_task_result(task).i);
}

static int child(void *arg, aw_value *result)
{
    describe("child inside", aw_current());
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_yield() == AW_OK);
    *result = AW_INT(17);
    return arg != NULL ? AW_ERROR_USER - 5 : AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_current() != NULL);
    aw_task *t, *failing;
    CHECK(aw_spawn(&t, child, NULL) == AW_OK);
    describe("after spawn", t);
    aw_yield();
    describe("while it sleeps", t);
    CHECK(aw_sleep(5) == AW_OK); /* its timer fired first: it ran and yielded before us */
    describe("yielded", t);
    aw_yield();
    describe("finished", t);
    aw_task_unref(t);
    CHECK(aw_spawn(&failing, child, "fail") == AW_OK);
    aw_value value;
    show("await failing task", aw_await(failing, &value));
    aw_printf("its result is kept: %lld\n", (long long)value.i);
    describe("failed", failing);
    aw_task_unref(failing);
    return AW_OK;
}

static void null_arguments(void)
{
    aw_printf("NULL task: id %llu, name \"%s\", done %d, status %s, result %lld\n",
              (unsigned long long)aw_task_id(NULL), aw_task_name(NULL), aw_task_is_done(NULL),
              aw_err_name(aw_task_status(NULL)), (long long)aw_task_result(NULL).i);
    aw_loop_stats stats;
    memset(&stats, 0xff, sizeof stats);
    aw_loop_get_stats(NULL, &stats);
    aw_printf("NULL loop: %zu live tasks, %zu ready\n", stats.live_tasks, stats.ready);
    aw_loop_get_stats(NULL, NULL);
    aw_loop_dump(NULL, 1);
}

int main(void)
{
    aw_printf("aw_current outside: %s\n", aw_current() == NULL ? "NULL" : "set");
    null_arguments();
    return run_test(main_task, NULL);
}
