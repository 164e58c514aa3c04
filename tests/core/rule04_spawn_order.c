/* Rule 4: spawning runs nothing; the new tasks start, in spawn order, once the creator yields.
 *
 * asyncio twin:
 *     async def child(name): print(f"{name} starts")
 *     async def main():
 *         a = asyncio.create_task(child("a")); b = asyncio.create_task(child("b"))
 *         print("spawned both")
 *         await asyncio.sleep(0)
 *         print("main resumes")
 *         await a; await b
 *     asyncio.run(main())
 */
#include <aw.h>

static int child(void *arg, aw_value *result)
{
    (void)result;
    aw_printf("%s starts\n", (const char *)arg);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *a, *b;
    aw_spawn(&a, child, "a");
    aw_spawn(&b, child, "b");
    aw_printf("spawned both\n");
    aw_yield();
    aw_printf("main resumes\n");
    aw_join(a, NULL);
    aw_join(b, NULL);
    return AW_OK;
}

int main(void)
{
    return aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL}) == AW_OK ? 0 : 1;
}
