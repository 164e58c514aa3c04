/* Error handling: every fallible call returns a status, a task's status reaches whoever awaits
 * it, and an application's own codes travel the same way.
 * Run: ./errors  (virtual clock: instant, and the same on every run) */
#include <aw.h>

#include <stdio.h>

/* The application's own codes are at or below AW_ERROR_USER. */
enum { APP_EPARSE = AW_ERROR_USER - 1 };

static int parse(void *arg, aw_value *result)
{
    const char *text = arg;
    int status = aw_sleep(10); /* a suspension can fail: AW_ECANCELED */
    if (status != AW_OK)
        return status;
    if (text[0] < '0' || text[0] > '9')
        return APP_EPARSE; /* the awaiter receives this status */
    result->i = text[0] - '0';
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    /* A task's status and result go to its awaiter. */
    aw_task *good, *bad;
    aw_spawn(&good, parse, "7");
    aw_spawn(&bad, parse, "x");
    aw_value value;
    int status = aw_join(good, &value);
    aw_printf("parse(\"7\"): %s, result %lld\n", aw_err_name(status), (long long)value.i);
    status = aw_join(bad, NULL);
    aw_printf("parse(\"x\"): %s (%d)\n", aw_err_name(status), status);

    /* Gather returns the first failure. */
    aw_task *tasks[3];
    aw_spawn(&tasks[0], parse, "1");
    aw_spawn(&tasks[1], parse, "?");
    aw_spawn(&tasks[2], parse, "3");
    status = aw_gather(tasks, 3, NULL);
    aw_printf("gather: %s\n", aw_err_name(status));
    for (int i = 0; i < 3; i++)
        aw_task_unref(tasks[i]);

    /* Bad arguments and wrong states are statuses too, never a crash. */
    aw_printf("a queue of NULL: %s\n", aw_err_name(aw_queue_new(NULL, 0)));
    aw_printf("aw_await(NULL): %s\n", aw_err_name((aw_await)(NULL, NULL)));
    aw_printf("awaiting itself: %s\n", aw_err_name(aw_await(aw_current(), NULL)));

    /* A cancelled wait returns AW_ECANCELED; the task decides what to do with it. */
    aw_task *slow;
    aw_spawn(&slow, parse, "9");
    aw_yield();
    aw_cancel(slow);
    aw_printf("cancelled: %s\n", aw_err_name(aw_join(slow, NULL)));

    /* Messages for any status, including unknown ones. */
    int codes[] = {AW_OK, AW_ETIMEDOUT, AW_ECONNREFUSED, APP_EPARSE, -999};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        aw_printf("%6d %-16s %s\n", codes[i], aw_err_name(codes[i]), aw_strerror(codes[i]));
    return APP_EPARSE; /* aw_run returns main's status */
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    int status = aw_run_with(main_task, NULL, NULL, &options);
    /* Outside a task, suspending calls refuse: AW_ESTATE. */
    printf("aw_run: %s; aw_sleep outside a task: %s\n", aw_err_name(status),
           aw_err_name(aw_sleep(1)));
    return status == APP_EPARSE ? 0 : 1;
}
