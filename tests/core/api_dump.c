#line 2 "api_dump.c" /* the dump shows await sites by file: keep the name independent of the tree */
/* aw_loop_dump writes every live task, one per line, with its state and, when suspended, its
 * await site and what it waits on (timer with deadline, future, task, gather, yielded); a task
 * not started yet and the running task have no site. Written to stdout (fd 1) after flushing
 * stdio, and again from plain code once everything has finished. */
#include "common/check.h"

#include <stdio.h>

static aw_future *future;

static int sleeper(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return aw_sleep(50);
}

static int future_waiter(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    return aw_future_await(future, NULL);
}

static int task_waiter(void *arg, aw_value *result)
{
    (void)result;
    return aw_await(arg, NULL);
}

static int gatherer(void *arg, aw_value *result)
{
    (void)result;
    return aw_gather(arg, 1, NULL);
}

static int yielder(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_yield();
    return aw_yield();
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_task *s;
    CHECK(aw_future_new(&future) == AW_OK);
    CHECK(aw_spawn_with(&s, sleeper, NULL, &(aw_spawn_options){.name = "sleeper"}) == AW_OK);
    CHECK(aw_spawn(NULL, future_waiter, NULL) == AW_OK);
    CHECK(aw_spawn(NULL, task_waiter, s) == AW_OK);
    CHECK(aw_spawn(NULL, gatherer, &s) == AW_OK);
    CHECK(aw_sleep(10) == AW_OK);
    CHECK(aw_spawn(NULL, yielder, NULL) == AW_OK);
    aw_yield(); /* the yielder has yielded and is queued again */
    CHECK(aw_spawn_with(NULL, yielder, NULL, &(aw_spawn_options){.name = "new"}) == AW_OK);
    fflush(stdout);
    aw_loop_dump(aw_loop_current(), 1);
    CHECK(aw_future_set_result(future, AW_INT(0)) == AW_OK);
    CHECK(aw_join(s, NULL) == AW_OK);
    aw_future_unref(future);
    return AW_OK;
}

int main(void)
{
    aw_loop *loop;
    CHECK(aw_loop_new(&loop, virtual_clock()) == AW_OK);
    CHECK(aw_spawn_with(NULL, main_task, NULL, &(aw_spawn_options){.name = "main"}) == AW_OK);
    CHECK(aw_loop_run(loop) == AW_OK);
    aw_loop_dump(loop, 1);
    aw_loop_free(loop);
    return *check_failures() == 0 ? 0 : 1;
}
