/* The main task of the overflow tests: runs their deep() as task 2, "deep", with a stack of
 * STACK_SIZE bytes and waits for it. The overflow report must stop the program there, before
 * "not reached". */
#ifndef AW_TEST_OVERFLOW_MAIN_H
#define AW_TEST_OVERFLOW_MAIN_H

#include <aw.h>

static int deep(void *arg, aw_value *result);

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *task;
    aw_spawn_with(&task, deep, NULL, &(aw_spawn_options){.name = "deep", .stack_size = STACK_SIZE});
    aw_join(task, NULL);
    aw_printf("not reached\n");
    return AW_OK;
}

int main(void)
{
    return aw_run_with(main_task, NULL, NULL, &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL}) == AW_OK ? 0 : 1;
}

#endif
