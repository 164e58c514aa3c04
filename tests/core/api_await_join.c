/* aw_await / aw_join / aw_task_unref: the awaiter gets the task's status and result, the
 * handle stays valid after aw_await (awaiting again returns at once), aw_join releases it, a
 * released task keeps running, and awaiting yourself or NULL is AW_EINVAL. */
#include "common/check.h"

static int child(void *arg, aw_value *result)
{
    CHECK(aw_sleep(5) == AW_OK);
    *result = AW_PTR(arg);
    return AW_OK;
}

static int failing(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_yield() == AW_OK);
    return AW_ERROR_USER - 1;
}

static int released(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_sleep(10) == AW_OK);
    aw_printf("released task still ran, at %lld ms\n", (long long)aw_now_ms());
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const char text[] = "hello";
    aw_task *t, *f, *r;
    aw_value value = {0};
    CHECK(aw_spawn(&t, child, (void *)text) == AW_OK);
    CHECK(aw_spawn(&f, failing, NULL) == AW_OK);
    CHECK(aw_spawn(&r, released, NULL) == AW_OK);
    aw_task_unref(r);
    show("await self", aw_await(aw_current(), NULL));
    show("join self", aw_join(aw_current(), NULL));
    show("await NULL", aw_await(NULL, NULL));
    show("await child", aw_await(t, &value));
    aw_printf("result \"%s\" at %lld ms\n", (const char *)value.ptr, (long long)aw_now_ms());
    value.ptr = NULL;
    show("await child again", aw_await(t, &value));
    aw_printf("result \"%s\"\n", (const char *)value.ptr);
    show("join child, NULL result", aw_join(t, NULL));
    aw_value untouched = AW_INT(-1);
    int status = aw_join(f, &untouched);
    aw_printf("join failing: %s (%d), result %lld\n", aw_err_name(status), status - AW_ERROR_USER,
              (long long)untouched.i);
    aw_task_unref(NULL);
    CHECK(aw_sleep(20) == AW_OK);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
