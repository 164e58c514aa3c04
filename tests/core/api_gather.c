/* aw_gather / aw_gather_all / aw_wait_first beyond the rule tests: gather_all reports every
 * status and result, a gather over finished tasks completes at once (CPython 3.12+: a task
 * queued meanwhile runs after it), while wait_first over finished tasks still takes its hops; wait_first's tie goes to the task that finished first, and the argument errors. */
#include "common/check.h"

typedef struct child_args {
    int64_t ms;
    int status;
} child_args;

static int child(void *arg, aw_value *result)
{
    const child_args *args = arg;
    if (aw_sleep(args->ms) != AW_OK)
        return AW_ECANCELED;
    *result = AW_INT(args->ms);
    return args->status;
}

static int bystander(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("bystander runs\n");
    return AW_OK;
}

static void spawn_all(aw_task **tasks, const child_args *args, size_t count)
{
    for (size_t i = 0; i < count; i++)
        CHECK(aw_spawn(&tasks[i], child, (void *)&args[i]) == AW_OK);
}

static void release_all(aw_task **tasks, size_t count)
{
    for (size_t i = 0; i < count; i++)
        aw_task_unref(tasks[i]);
}

static void gather_all(void)
{
    static const child_args args[] = {{10, AW_OK}, {5, AW_ERROR_USER - 3}, {1, AW_OK}};
    aw_task *tasks[3];
    spawn_all(tasks, args, 3);
    CHECK(aw_cancel(tasks[2]) == AW_OK);
    aw_value results[3];
    int statuses[3];
    show("gather_all", aw_gather_all(tasks, 3, results, statuses));
    for (int i = 0; i < 3; i++)
        aw_printf("  [%d] %s %lld\n", i, aw_err_name(statuses[i]), (long long)results[i].i);
    show("gather_all without arrays", aw_gather_all(tasks, 3, NULL, NULL));
    release_all(tasks, 3);
}

static void gather_done_tasks(void)
{
    static const child_args args[] = {{0, AW_OK}, {0, AW_OK}};
    aw_task *tasks[2];
    spawn_all(tasks, args, 2);
    CHECK(aw_sleep(1) == AW_OK);
    CHECK(aw_spawn(NULL, bystander, NULL) == AW_OK);
    show("gather of finished tasks", aw_gather(tasks, 2, NULL));
    release_all(tasks, 2);
}

static void wait_first_tie(void)
{
    static const child_args args[] = {{5, AW_OK}, {5, AW_OK}, {5, AW_OK}};
    aw_task *tasks[3];
    spawn_all(tasks, args, 3);
    aw_yield();
    /* All three sleep until 5 ms; their timers fire in order, so [0] finishes first. Awaiting
     * them in reverse order of the arguments must not change that. */
    aw_task *reversed[] = {tasks[2], tasks[1], tasks[0]};
    size_t index = 99;
    show("wait_first", aw_wait_first(reversed, 3, &index));
    aw_printf("  first: reversed[%zu]\n", index);
    show("wait_first of finished tasks", aw_wait_first(tasks, 3, NULL));
    release_all(tasks, 3);
}

static void argument_errors(void)
{
    aw_task *self = aw_current();
    aw_task *with_null[] = {self, NULL};
    size_t index;
    show("gather(count 0)", aw_gather(NULL, 0, NULL));
    show("gather_all(count 0)", aw_gather_all(NULL, 0, NULL, NULL));
    show("wait_first(count 0)", aw_wait_first(&self, 0, &index));
    show("gather(NULL tasks)", aw_gather(NULL, 1, NULL));
    show("gather(self)", aw_gather(&self, 1, NULL));
    show("gather_all(self)", aw_gather_all(&self, 1, NULL, NULL));
    show("wait_first(self)", aw_wait_first(&self, 1, &index));
    show("gather(NULL entry)", aw_gather(with_null + 1, 1, NULL));
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    gather_all();
    gather_done_tasks();
    wait_first_tie();
    argument_errors();
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
