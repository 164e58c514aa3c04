/* Ownership: who gives back task handles, future references and what values point to.
 * aw_loop_get_stats shows what the loop still holds.
 * Run: ./ownership  (virtual clock: instant, and the same on every run) */
#include <aw.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show(const char *when)
{
    aw_loop_stats stats;
    aw_loop_get_stats(aw_loop_current(), &stats);
    aw_printf("%-34s live %zu, finished but held %zu, futures %zu\n", when, stats.live_tasks,
              stats.finished_tasks, stats.futures);
}

/* The result is a pointer the task allocated: whoever takes the result frees it. */
static int greet(void *arg, aw_value *result)
{
    const char *name = arg; /* borrowed: the spawner keeps it alive until this task ends */
    aw_sleep(10);
    char *text = malloc(strlen(name) + 7);
    if (text == NULL)
        return AW_ENOMEM;
    sprintf(text, "hello %s", name);
    result->ptr = text;
    return AW_OK;
}

static int nap(void *arg, aw_value *result)
{
    (void)result;
    return aw_sleep((int64_t)(intptr_t)arg);
}

static void on_done(aw_future *future, void *arg)
{
    aw_printf("callback: %s got %lld\n", (const char *)arg, (long long)aw_future_result(future).i);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    /* 1. A handle from aw_spawn is the caller's: aw_join awaits and gives it back. */
    char name[] = "world"; /* on this task's stack: fine, since this task joins first */
    aw_task *task;
    aw_spawn(&task, greet, name);
    aw_value value;
    if (aw_join(task, &value) == AW_OK) {
        aw_printf("joined: \"%s\"\n", (char *)value.ptr);
        free(value.ptr);
    }

    /* 2. aw_await keeps the handle: the finished task's record stays until it is released. */
    aw_spawn(&task, nap, (void *)10);
    aw_await(task, NULL);
    show("after aw_await:");
    aw_task_unref(task);
    show("after aw_task_unref:");

    /* 3. Releasing a running task's handle does not stop it; NULL spawns it detached. */
    aw_spawn(&task, nap, (void *)20);
    aw_task_unref(task);
    aw_spawn(NULL, nap, (void *)20);
    show("two tasks running, no handles:");
    aw_sleep(30);
    show("they freed themselves:");

    /* 4. Futures count references. The creator holds one; a waiting task or a pending done
     * callback holds its own; aw_future_ref takes one more for another holder. */
    aw_future *future;
    aw_future_new(&future);
    aw_future_on_done(future, on_done, "on_done");
    aw_future_set_result(future, AW_INT(42));
    aw_future_unref(future); /* the creator's: the pending callback still holds the future */
    show("future set, callback pending:");
    aw_yield(); /* the callback runs */
    show("callback ran:");
    return AW_OK;
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return aw_run_with(main_task, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
