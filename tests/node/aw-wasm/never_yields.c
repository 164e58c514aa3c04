/* A task that never awaits keeps the loop: tasks are switched only at awaits, so the task
 * spawned after it never runs and the program never ends (as natively, and as an asyncio task
 * that loops without awaiting). The package's test reads the first line, then stops it. */
#include <aw.h>
#include <stdio.h>

static volatile unsigned long spins;

static int spin(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    printf("spin: starts and never awaits\n");
    fflush(stdout);
    for (;;)
        spins++;
    return AW_OK;
}

static int other(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    printf("other: ran\n");
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *tasks[2];
    aw_spawn(&tasks[0], spin, NULL);
    aw_spawn(&tasks[1], other, NULL);
    aw_join(tasks[1], NULL);
    printf("main: done\n");
    return AW_OK;
}

int main(void) { return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1; }
