/* aw_run / aw_run_with: main's status and result come back to the caller (an application error
 * too, after the other tasks were cancelled and cleaned up), the loop options apply (the
 * default stack size; the real clock when no options are given), and the loop is gone after. */
#include "common/check.h"

static int returns_value(void *arg, aw_value *result)
{
    *result = AW_PTR(arg);
    return AW_OK;
}

static int background(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    if (aw_sleep(1000) == AW_ECANCELED)
        aw_printf("background cancelled at %lld ms\n", (long long)aw_now_ms());
    return AW_ECANCELED;
}

static int fails(void *arg, aw_value *result)
{
    (void)arg;
    CHECK(aw_spawn(NULL, background, NULL) == AW_OK);
    CHECK(aw_sleep(3) == AW_OK);
    *result = AW_INT(-7);
    return AW_ERROR_USER - 2;
}

/* Needs more than the 64 KiB default: works only with the loop's larger stack_size. */
static int big_frame(void *arg, aw_value *result)
{
    (void)arg;
    volatile char buffer[200 * 1024];
    buffer[0] = 1;
    buffer[sizeof buffer - 1] = 2;
    *result = AW_INT(buffer[0] + buffer[sizeof buffer - 1]);
    return AW_OK;
}

int main(void)
{
    static const char text[] = "from main";
    aw_value result = {0};
    show("real clock", aw_run(returns_value, (void *)text, &result));
    aw_printf("result: %s\n", (const char *)result.ptr);
    show("NULL result pointer", aw_run(returns_value, NULL, NULL));
    int status = aw_run_with(fails, NULL, &result, virtual_clock());
    aw_printf("failing main: %s (%d), result %lld\n", aw_err_name(status),
              status - AW_ERROR_USER, (long long)result.i);
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL, .stack_size = 512 * 1024};
    show("big stack", aw_run_with(big_frame, NULL, &result, &options));
    aw_printf("result %lld, loop gone: %s\n", (long long)result.i,
              aw_loop_current() == NULL ? "yes" : "no");
    return *check_failures() == 0 ? 0 : 1;
}
