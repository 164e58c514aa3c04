/* The trace hook's GATHER_CHILD events: before a gather (or a task group's
 * wait) suspends its task, one event per child not yet done names the child,
 * the gather's future and the waiting task; the STEP_END that follows waits on
 * that future. A child already done has no event. */
#include "common/observed.h"

#include <stdint.h>
#include <stdio.h>

static void show_gathers(const aw_trace_event *event, void *userdata)
{
    (void)userdata;
    if (event->kind == AW_TRACE_GATHER_CHILD)
        printf("  [%s] task %llu \"%s\" future %llu by task %llu\n",
               aw_trace_kind_name(event->kind), (unsigned long long)event->task_id,
               event->task_name, (unsigned long long)event->object_id,
               (unsigned long long)event->by_task_id);
    else if (event->kind == AW_TRACE_STEP_END && event->wait == AW_WAIT_GATHER)
        printf("  [%s] task %llu \"%s\" waits gather %llu\n", aw_trace_kind_name(event->kind),
               (unsigned long long)event->task_id, event->task_name,
               (unsigned long long)event->object_id);
}

static int sleeper(void *arg, aw_value *result)
{
    (void)result;
    aw_sleep((int64_t)(intptr_t)arg);
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *tasks[3];
    static const char *const names[] = {"quick", "b", "c"};
    for (int i = 0; i < 3; i++)
        aw_spawn_with(&tasks[i], sleeper, (void *)(intptr_t)(i * 10),
                      &(aw_spawn_options){.name = names[i]});
    aw_sleep(5); /* "quick" is done before the gather */
    aw_printf("gather quick, b, c\n");
    aw_gather(tasks, 3, NULL);
    for (int i = 0; i < 3; i++)
        aw_task_unref(tasks[i]);
    aw_group *group;
    CHECK(aw_group_new(&group) == AW_OK);
    CHECK(aw_group_spawn(group, NULL, sleeper, (void *)(intptr_t)10,
                         &(aw_spawn_options){.name = "d"}) == AW_OK);
    CHECK(aw_group_spawn(group, NULL, sleeper, (void *)(intptr_t)20,
                         &(aw_spawn_options){.name = "e"}) == AW_OK);
    aw_printf("group wait d, e\n");
    CHECK(aw_group_wait(group, AW_OK) == AW_OK);
    CHECK(aw_group_free(group) == AW_OK);
    aw_printf("done\n");
    return AW_OK;
}

int main(void) { return run_observed(main_task, show_gathers); }
