/* loop.call_soon, call_later and call_at (rules 1, 2 and 3): call_soon entries are FIFO with
 * the task steps around them; a call due at once (a delay of 0, a time past) is queued when
 * the next iteration starts, after the entries already queued, earlier deadlines first; a
 * cancelled call never runs; a call may schedule another. Calls due at the same time run in
 * the order they were made (checked without output: asyncio's heap orders such ties by its
 * shape, rule 3).
 *
 * asyncio twin:
 *     def say(text):
 *         print(f"{text} at {now()} ms, iteration {iteration()}")
 *     async def step():
 *         say("task step")
 *     async def main():
 *         loop = asyncio.get_running_loop()
 *         say("main")
 *         loop.call_later(0, say, "later 0")
 *         loop.call_soon(say, "soon 1")
 *         t = asyncio.create_task(step())
 *         loop.call_soon(say, "soon 2")
 *         loop.call_soon(say, "cancelled soon").cancel()
 *         loop.call_later(0.01, say, "later 10")
 *         loop.call_at(loop.time() + 0.012, say, "at +12")
 *         loop.call_later(0.005, say, "cancelled later").cancel()
 *         loop.call_at(loop.time() - 1, say, "at -1000")
 *         loop.call_later(0.003, loop.call_soon, say, "soon from a call")
 *         await asyncio.sleep(0)
 *         say("main after sleep(0)")
 *         await asyncio.sleep(0.02)
 *         say("main after sleep(0.02)")
 *         await t
 *     run(main())
 */
#include "common/check.h"

#include <string.h>

static void say(void *arg)
{
    aw_printf("%s at %lld ms, iteration %llu\n", (const char *)arg, (long long)aw_now_ms(),
              (unsigned long long)aw_loop_iteration(aw_loop_current()));
}

static int step(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    say("task step");
    return AW_OK;
}

static void soon_from_a_call(void *arg)
{
    CHECK(aw_loop_call_soon(aw_loop_current(), say, arg, NULL) == AW_OK);
}

static char ties[8];

static void record(void *arg) { strncat(ties, arg, sizeof ties - strlen(ties) - 1); }

static aw_call self_call;

static void cancel_self(void *arg)
{
    (void)arg;
    CHECK(aw_call_cancel(&self_call) == AW_ESTATE);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_loop *loop = aw_loop_current();
    say("main");
    CHECK(aw_loop_call_later(loop, 0, say, "later 0", NULL) == AW_OK);
    CHECK(aw_loop_call_soon(loop, say, "soon 1", NULL) == AW_OK);
    aw_task *t;
    CHECK(aw_spawn(&t, step, NULL) == AW_OK);
    CHECK(aw_loop_call_soon(loop, say, "soon 2", NULL) == AW_OK);
    aw_call cancelled_soon;
    CHECK(aw_loop_call_soon(loop, say, "cancelled soon", &cancelled_soon) == AW_OK);
    CHECK(aw_call_cancel(&cancelled_soon) == AW_OK);
    CHECK(aw_call_cancel(&cancelled_soon) == AW_ESTATE);
    aw_call later_10;
    CHECK(aw_loop_call_later(loop, 10, say, "later 10", &later_10) == AW_OK);
    CHECK(aw_loop_call_at(loop, aw_loop_now_ns(loop) + 12000000, say, "at +12", NULL) == AW_OK);
    aw_call cancelled_later;
    CHECK(aw_loop_call_later(loop, 5, say, "cancelled later", &cancelled_later) == AW_OK);
    CHECK(aw_call_cancel(&cancelled_later) == AW_OK);
    CHECK(aw_loop_call_at(loop, aw_loop_now_ns(loop) - 1000000000, say, "at -1000", NULL) ==
          AW_OK);
    CHECK(aw_loop_call_later(loop, 3, soon_from_a_call, "soon from a call", NULL) == AW_OK);
    CHECK(aw_loop_call_later(loop, 10, record, "a", NULL) == AW_OK);
    CHECK(aw_loop_call_at(loop, aw_loop_now_ns(loop) + 10000000, record, "b", NULL) == AW_OK);
    CHECK(aw_loop_call_later(loop, 10, record, "c", NULL) == AW_OK);
    CHECK(aw_loop_call_later(loop, 3, cancel_self, NULL, &self_call) == AW_OK);
    CHECK(aw_loop_call_soon(NULL, say, "", NULL) == AW_EINVAL);
    CHECK(aw_loop_call_later(loop, 1, NULL, NULL, NULL) == AW_EINVAL);
    CHECK(aw_call_cancel(&(aw_call){0}) == AW_EINVAL);
    CHECK(aw_yield() == AW_OK);
    say("main after sleep(0)");
    CHECK(aw_sleep(20) == AW_OK);
    say("main after sleep(0.02)");
    CHECK(aw_call_cancel(&later_10) == AW_ESTATE);
    CHECK(strcmp(ties, "abc") == 0);
    CHECK(aw_join(t, NULL) == AW_OK);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
