/* asyncio's say_after example: two tasks sleep at the same time, so the program takes 2 s,
 * not 3. README.md shows it without the timing. Run: ./hello  (the real clock: 2 s) */
#include <aw.h>

static int say_after(void *what, aw_value *result)
{
    (void)result;
    aw_sleep(*(char *)what == 'h' ? 1000 : 2000); /* suspends this task only */
    aw_printf("%s after %lld s\n", (char *)what, (long long)(aw_now_ms() / 1000));
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    aw_task *hello, *world;
    aw_spawn(&hello, say_after, "hello"); /* nothing runs yet, as asyncio.create_task */
    aw_spawn(&world, say_after, "world");
    aw_join(hello, NULL);                 /* both sleep at once */
    aw_join(world, NULL);
    aw_printf("finished after %lld s\n", (long long)(aw_now_ms() / 1000));
    result->i = 42;                       /* main's result comes back from aw_run */
    return AW_OK;
}

int main(void)
{
    aw_value result;
    int status = aw_run(main_task, NULL, &result);
    return status == AW_OK && result.i == 42 ? 0 : 1;
}
