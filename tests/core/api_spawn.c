/* aw_spawn / aw_spawn_with: ids count from 1 (main), names default to "task-<id>", a given name
 * is copied and cut to 31 bytes, a task gets the stack size it asks for, a detached task runs
 * and frees itself, and the error cases. */
#include "common/check.h"

#include <string.h>

static int report(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *self = aw_current();
    aw_printf("task %llu \"%s\" runs\n", (unsigned long long)aw_task_id(self),
              aw_task_name(self));
    return AW_OK;
}

/* Uses most of a 1 MiB stack, 16 times the default size. */
static int deep(void *arg, aw_value *result)
{
    (void)arg;
    volatile unsigned char big[768 * 1024];
    memset((unsigned char *)big, 1, sizeof big);
    unsigned sum = 0;
    for (size_t i = 0; i < sizeof big; i += 4096)
        sum += big[i];
    *result = AW_INT(sum);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_printf("main is task %llu \"%s\"\n", (unsigned long long)aw_task_id(aw_current()),
              aw_task_name(aw_current()));
    char name[] = "worker";
    aw_task *named, *plain, *long_name, *big;
    CHECK(aw_spawn_with(&named, report, NULL, &(aw_spawn_options){.name = name}) == AW_OK);
    name[0] = 'W'; /* the name was copied */
    CHECK(aw_spawn(&plain, report, NULL) == AW_OK);
    CHECK(aw_spawn_with(&long_name, report, NULL,
                        &(aw_spawn_options){.name = "a-name-longer-than-thirty-one-bytes"}) ==
          AW_OK);
    CHECK(aw_spawn(NULL, report, NULL) == AW_OK);
    CHECK(aw_spawn_with(NULL, report, NULL, NULL) == AW_OK);
    CHECK(aw_spawn_with(&big, deep, NULL, &(aw_spawn_options){.stack_size = 1024 * 1024}) ==
          AW_OK);
    aw_printf("long name keeps %zu bytes\n", strlen(aw_task_name(long_name)));
    show("spawn(NULL fn)", aw_spawn(NULL, NULL, NULL));
    aw_value value;
    CHECK(aw_join(big, &value) == AW_OK);
    aw_printf("deep task touched %lld pages\n", (long long)value.i);
    CHECK(aw_join(named, NULL) == AW_OK);
    CHECK(aw_join(plain, NULL) == AW_OK);
    CHECK(aw_join(long_name, NULL) == AW_OK);
    aw_printf("live tasks: %zu\n", aw_loop_live_tasks(aw_loop_current()));
    return AW_OK;
}

int main(void)
{
    show("spawn without a loop", aw_spawn(NULL, report, NULL));
    return run_test(main_task, NULL);
}
