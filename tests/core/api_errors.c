/* Status codes and error paths: aw_strerror/aw_err_name for every code, suspending calls made
 * outside a task (with no loop, then from plain code next to a loop) return AW_ESTATE and do
 * nothing, and the AW_EINVAL/AW_ESTATE cases of the loop and task functions. */
#include "common/check.h"

static void names(void)
{
    static const int codes[] = {AW_OK,        AW_ECANCELED, AW_ETIMEDOUT, AW_ENOMEM,
                                AW_EINVAL,    AW_ESTATE,    AW_EDEADLOCK, AW_ECLOSED,
                                AW_ENOTSUP,   AW_ERROR_USER, AW_ERROR_USER - 42, -999, 5};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        aw_printf("%d %s: %s\n", codes[i], aw_err_name(codes[i]), aw_strerror(codes[i]));
}

static void suspending_calls(aw_task *task, aw_future *future)
{
    aw_task *tasks[] = {task};
    size_t index;
    show("  yield", aw_yield());
    show("  sleep(0)", aw_sleep(0));
    show("  sleep(10)", aw_sleep(10));
    show("  gather", aw_gather(tasks, 1, NULL));
    show("  gather_all", aw_gather_all(tasks, 1, NULL, NULL));
    show("  gather(count 0)", aw_gather(tasks, 0, NULL));
    show("  wait_first", aw_wait_first(tasks, 1, &index));
    if (task != NULL) {
        show("  await", aw_await(task, NULL));
        show("  join", aw_join(task, NULL));
    }
    if (future != NULL)
        show("  future_await", aw_future_await(future, NULL));
}

static int nothing(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return AW_OK;
}

static int nested_run(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    show("aw_run inside a task", aw_run(nothing, NULL, NULL));
    show("loop_step inside a task", aw_loop_step(aw_loop_current()));
    aw_loop *other;
    show("loop_new inside a task", aw_loop_new(&other, NULL));
    return AW_OK;
}

int main(void)
{
    names();
    aw_printf("no loop:\n");
    suspending_calls(NULL, NULL);
    aw_printf("now ms without a loop: %lld\n", (long long)aw_now_ms());

    aw_loop *loop;
    show("loop_new(NULL)", aw_loop_new(NULL, NULL));
    CHECK(aw_loop_new(&loop, virtual_clock()) == AW_OK);
    CHECK(aw_loop_current() == loop);
    aw_loop *second;
    show("second loop_new", aw_loop_new(&second, NULL));
    show("aw_run while a loop exists", aw_run(nothing, NULL, NULL));
    aw_task *task;
    aw_future *future;
    CHECK(aw_spawn(&task, nothing, NULL) == AW_OK);
    CHECK(aw_future_new(&future) == AW_OK);
    aw_printf("plain code next to a loop:\n");
    suspending_calls(task, future);
    show("future still pending", aw_future_status(future));
    show("loop_step(NULL)", aw_loop_step(NULL));
    show("run_until_done", aw_loop_run_until_done(loop, task));
    show("cancel a done task", aw_cancel(task));
    show("cancel(NULL)", aw_cancel(NULL));
    aw_task_unref(task);
    aw_future_unref(future);
    aw_loop_free(loop);
    CHECK(aw_loop_current() == NULL);

    show("aw_run(NULL)", aw_run(NULL, NULL, NULL));
    show("aw_run(nested_run)", aw_run(nested_run, NULL, NULL));
    return *check_failures() == 0 ? 0 : 1;
}
