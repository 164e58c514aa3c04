/* Tasks that deliver something 5 ms after they start, for tests of waits with a deadline:
 * a value sent on later_channel, a result set on later_future, or their own result. */
#ifndef AW_TEST_LATER_H
#define AW_TEST_LATER_H

#include "check.h"

static aw_channel *later_channel;
static aw_future *later_future;

/* Sends 7 on later_channel. */
static int send_later(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_channel_send(later_channel, AW_INT(7)) == AW_OK);
    return AW_OK;
}

/* Sets later_future's result to 8. */
static int set_later(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_future_set_result(later_future, AW_INT(8)) == AW_OK);
    return AW_OK;
}

/* Returns 9. */
static int answer_later(void *arg, aw_value *result)
{
    (void)arg;
    CHECK(aw_sleep(5) == AW_OK);
    *result = AW_INT(9);
    return AW_OK;
}

#endif
