/* What the trace hook shows of the newer waits, as of their siblings: a barrier wait is a
 * STEP_END on AW_WAIT_BARRIER and the barrier's id; a priority queue's get on AW_WAIT_QUEUE;
 * aw_wait and as_completed announce the pending tasks with GATHER_CHILD before a STEP_END on
 * AW_WAIT_GATHER; a call_soon is a timer armed and queued at once, then fired, and a cancelled
 * call_later is armed and cancelled. */
#include "common/observed.h"

#include <stdint.h>
#include <stdio.h>

static bool show_timers;

static void show_waits(const aw_trace_event *event, void *userdata)
{
    (void)userdata;
    switch (event->kind) {
    case AW_TRACE_GATHER_CHILD:
        printf("  [gather_child] task %llu \"%s\" future %llu\n",
               (unsigned long long)event->task_id, event->task_name,
               (unsigned long long)event->object_id);
        break;
    case AW_TRACE_STEP_END:
        if (event->wait != AW_WAIT_TIMER && event->wait != AW_WAIT_READY &&
            event->wait != AW_WAIT_NONE)
            printf("  [step_end] task %llu \"%s\" waits %s %llu\n",
                   (unsigned long long)event->task_id, event->task_name,
                   aw_wait_kind_name(event->wait), (unsigned long long)event->object_id);
        break;
    case AW_TRACE_TIMER_ARM:
    case AW_TRACE_TIMER_QUEUED:
    case AW_TRACE_TIMER_FIRE:
    case AW_TRACE_TIMER_CANCEL:
        if (show_timers)
            printf("  [%s] timer %llu\n", aw_trace_kind_name(event->kind),
                   (unsigned long long)event->object_id);
        break;
    default:
        break;
    }
}

static aw_barrier *barrier;
static aw_queue *queue;

static int party(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return aw_barrier_wait(barrier, NULL);
}

static int getter(void *arg, aw_value *result)
{
    (void)arg;
    return aw_queue_get(queue, result);
}

static int sleeper(void *arg, aw_value *result)
{
    (void)result;
    return aw_sleep((int64_t)(intptr_t)arg);
}

static void called(void *arg) { printf("  %s runs\n", (const char *)arg); }

static aw_task *spawn(const char *name, aw_task_fn fn, void *arg)
{
    aw_task *task = NULL;
    CHECK(aw_spawn_with(&task, fn, arg, &(aw_spawn_options){.name = name}) == AW_OK);
    return task;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_barrier_new(&barrier, 2) == AW_OK);
    aw_task *p = spawn("party", party, NULL);
    aw_yield();
    aw_printf("barrier: main arrives last\n");
    CHECK(aw_barrier_wait(barrier, NULL) == AW_OK);
    CHECK(aw_join(p, NULL) == AW_OK);
    aw_barrier_free(barrier);

    CHECK(aw_queue_new_priority(&queue, 0, NULL) == AW_OK);
    aw_task *g = spawn("getter", getter, NULL);
    aw_yield();
    CHECK(aw_queue_try_put(queue, AW_INT(1)) == AW_OK);
    CHECK(aw_join(g, NULL) == AW_OK);
    aw_queue_free(queue);

    aw_task *ts[2] = {spawn("ten", sleeper, (void *)(intptr_t)10),
                      spawn("twenty", sleeper, (void *)(intptr_t)20)};
    aw_printf("wait ALL_COMPLETED\n");
    CHECK(aw_wait(ts, 2, AW_ALL_COMPLETED, -1, NULL) == AW_OK);
    aw_task_unref(ts[0]);
    aw_task_unref(ts[1]);
    ts[0] = spawn("ten", sleeper, (void *)(intptr_t)10);
    ts[1] = spawn("twenty", sleeper, (void *)(intptr_t)20);
    aw_as_completed *it;
    CHECK(aw_as_completed_new(&it, ts, 2, -1) == AW_OK);
    aw_printf("as_completed\n");
    size_t index;
    while (aw_as_completed_next(it, &index) == AW_OK) {
    }
    aw_as_completed_free(it);
    aw_task_unref(ts[0]);
    aw_task_unref(ts[1]);

    aw_printf("calls\n");
    show_timers = true;
    aw_call later;
    CHECK(aw_loop_call_soon(aw_loop_current(), called, "call_soon", NULL) == AW_OK);
    CHECK(aw_loop_call_later(aw_loop_current(), 5, called, "call_later", &later) == AW_OK);
    CHECK(aw_call_cancel(&later) == AW_OK);
    aw_yield();
    show_timers = false;
    aw_printf("done\n");
    return AW_OK;
}

int main(void) { return run_observed(main_task, show_waits); }
