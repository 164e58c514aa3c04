/* Children for the tests of combinators: a task that sleeps, says when it ends and returns its
 * name (or fails), and a join of many tasks. */
#ifndef AW_TEST_CHILDREN_H
#define AW_TEST_CHILDREN_H

#include "check.h"

typedef struct child_spec {
    const char *name;
    int64_t ms;
    bool fail; /* return AW_ERROR_USER instead of AW_OK */
} child_spec;

/* Sleeps spec->ms, prints "<name> ends at <now> ms" and returns the name as its result. */
static inline int child(void *arg, aw_value *result)
{
    const child_spec *spec = arg;
    CHECK(aw_sleep(spec->ms) == AW_OK);
    aw_printf("%s ends at %lld ms\n", spec->name, (long long)aw_now_ms());
    result->ptr = (void *)spec->name;
    return spec->fail ? AW_ERROR_USER : AW_OK;
}

/* Waits for every task and gives the handles back. */
static inline void join_all(aw_task **tasks, size_t count)
{
    aw_gather_all(tasks, count, NULL, NULL);
    for (size_t i = 0; i < count; i++)
        aw_task_unref(tasks[i]);
}

#endif
