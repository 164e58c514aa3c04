#include <aw.h>

static int say_after(void *arg, aw_value *result)
{
    const char *what = arg;
    aw_sleep(what[0] == 'h' ? 1000 : 2000);
    aw_printf("%s\n", what);
    (void)result;
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    aw_task *first, *second;
    aw_spawn(&first, say_after, "hello");
    aw_spawn(&second, say_after, "world");
    aw_printf("started at %lld ms\n", (long long)aw_now_ms());
    aw_join(first, NULL);
    aw_join(second, NULL);
    aw_printf("finished at %lld ms\n", (long long)aw_now_ms());
    result->i = 42;
    return AW_OK;
}

int main(void)
{
    aw_value result;
    int status = aw_run(main_task, NULL, &result);
    return status == AW_OK && result.i == 42 ? 0 : 1;
}
