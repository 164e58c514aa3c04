/*
 * A task group where one child fails (asyncio.TaskGroup, rule 13): the other children and the
 * parent's wait are cancelled, and the group reports the failure.
 *
 * asyncio twin:
 * import asyncio
 *
 * def ms():
 *     return round(asyncio.get_running_loop().time() * 1000)
 *
 * async def child(name, delay, fail):
 *     print(f"{name}: start")
 *     try:
 *         await asyncio.sleep(delay)
 *     except asyncio.CancelledError:
 *         print(f"{name}: cancelled at {ms()} ms")
 *         raise
 *     if fail:
 *         print(f"{name}: fails at {ms()} ms")
 *         raise ValueError(name)
 *     print(f"{name}: done at {ms()} ms")
 *
 * async def main():
 *     try:
 *         async with asyncio.TaskGroup() as group:
 *             group.create_task(child("a", 1, False), name="a")
 *             group.create_task(child("b", 2, True), name="b")
 *             group.create_task(child("c", 3, False), name="c")
 *             print("main: children spawned, waiting in the group")
 *     except* ValueError as failure:
 *         print(f"main: the group failed with {len(failure.exceptions)} error(s) at {ms()} ms")
 *
 * asyncio.run(main())
 * expected output: tests/playground/expected/task_group.out (checked by run_twin.py)
 * twin lines (C line=Python line, where a task waits): 54=9 77=20
 */
#include "example.h"

#include <stdint.h>

enum { CHILD_FAILED = AW_ERROR_USER - 1 };

typedef struct child_spec {
    const char *name;
    int64_t delay_ms;
    bool fail;
} child_spec;

static int child(void *arg, aw_value *result)
{
    (void)result;
    const child_spec *spec = arg;
    aw_printf("%s: start\n", spec->name);
    if (aw_sleep(spec->delay_ms) == AW_ECANCELED) {
        aw_printf("%s: cancelled at %lld ms\n", spec->name, (long long)aw_now_ms());
        return AW_ECANCELED;
    }
    if (spec->fail) {
        aw_printf("%s: fails at %lld ms\n", spec->name, (long long)aw_now_ms());
        return CHILD_FAILED;
    }
    aw_printf("%s: done at %lld ms\n", spec->name, (long long)aw_now_ms());
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg;
    (void)result;
    static const child_spec children[] = {{"a", 1000, false}, {"b", 2000, true}, {"c", 3000, false}};
    aw_group *group;
    aw_group_new(&group);
    for (int i = 0; i < 3; i++)
        aw_group_spawn(group, NULL, child, (void *)&children[i],
                       &(aw_spawn_options){.name = children[i].name});
    aw_printf("main: children spawned, waiting in the group\n");
    int status = aw_group_wait(group, AW_OK);
    if (status != AW_OK) {
        int errors[4];
        size_t count = aw_group_errors(group, errors, 4);
        aw_printf("main: the group failed with %zu error(s) at %lld ms\n", count,
                  (long long)aw_now_ms());
    }
    aw_group_free(group);
    return AW_OK;
}

PG_EXAMPLE(task_group, "A task group where one child fails",
           "A task group (asyncio.TaskGroup, Trio's nursery) never lets a child outlive it. "
           "When b fails, the group cancels c and wakes main, which was waiting in "
           "aw_group_wait; the group then returns b's error. Children are cancelled in spawn "
           "order.",
           "task_group.c", main_task)
