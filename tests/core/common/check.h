/* What every core test uses: CHECK for conditions that are not about order (a failure prints a
 * line, so the expected output catches it too, and makes the program exit 1), and a runner on
 * the virtual clock so that runs are instant and deterministic. */
#ifndef AW_TEST_CHECK_H
#define AW_TEST_CHECK_H

#include <aw.h>

static inline int *check_failures(void)
{
    static int failures;
    return &failures;
}

#define CHECK(condition)                                                        \
    ((condition) ? (void)0                                                      \
                 : (void)(++*check_failures(),                                  \
                          aw_printf("CHECK failed, line %d: %s\n", __LINE__, #condition)))

/* Prints "<what>: <status name>" so that the expected file asserts the status. */
static inline void show(const char *what, int status)
{
    aw_printf("%s: %s\n", what, aw_err_name(status));
}

static inline const aw_loop_options *virtual_clock(void)
{
    static const aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return &options;
}

/* aw_run on the virtual clock; the exit code of a test whose main task should end with AW_OK. */
static inline int run_test(aw_task_fn main_task, void *arg)
{
    int status = aw_run_with(main_task, arg, NULL, virtual_clock());
    if (status != AW_OK)
        aw_printf("aw_run: %s\n", aw_err_name(status));
    return status == AW_OK && *check_failures() == 0 ? 0 : 1;
}

/* run_test that also prints "run returned <main's integer result>" (rule 10's tests). */
static inline int run_test_showing_result(aw_task_fn main_task, void *arg)
{
    aw_value result = {0};
    int status = aw_run_with(main_task, arg, &result, virtual_clock());
    aw_printf("run returned %lld\n", (long long)result.i);
    return status == AW_OK && *check_failures() == 0 ? 0 : 1;
}

#endif
