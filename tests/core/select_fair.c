/* aw_select fairness (no asyncio twin): among ready cases the choice is uniform (the loop's
 * seeded pseudo-random sequence), so over many selects every ready case gets its share, and
 * a run always makes the same choices; tasks waiting in selects on one channel are served in
 * the order they started waiting.
 */
#include "common/check.h"

enum { ROUNDS = 3000 };

static aw_channel *channels[3];

static int selector(void *arg, aw_value *result)
{
    (void)result;
    aw_select_case cases[] = {{channels[0], AW_SELECT_RECV, {0}},
                              {channels[1], AW_SELECT_RECV, {0}}};
    size_t index;
    int status = aw_select(cases, 2, -1, &index);
    aw_printf("%s: case %zu, value %lld\n", (const char *)arg, index,
              (long long)cases[index].value.i);
    return status;
}

static void count_choices(size_t ready)
{
    for (size_t i = 0; i < 3; i++)
        aw_channel_new(&channels[i], AW_CHANNEL_UNBOUNDED);
    for (int round = 0; round < ROUNDS; round++)
        for (size_t i = 0; i < ready; i++)
            aw_channel_send(channels[i], AW_INT(round));
    size_t counts[3] = {0};
    aw_select_case cases[3];
    for (int round = 0; round < ROUNDS; round++) {
        for (size_t i = 0; i < 3; i++)
            cases[i] = (aw_select_case){channels[i], AW_SELECT_RECV, {0}};
        size_t index;
        CHECK(aw_select(cases, 3, 0, &index) == AW_OK);
        counts[index]++;
    }
    bool fair = true;
    for (size_t i = 0; i < ready; i++)
        fair = fair && counts[i] * ready * 10 > ROUNDS * 8 && counts[i] * ready * 10 < ROUNDS * 12;
    aw_printf("%zu of 3 ready: %zu / %zu / %zu, each within 20%% of its share: %d\n", ready,
              counts[0], counts[1], counts[2], fair);
    for (size_t i = 0; i < 3; i++)
        aw_channel_free(channels[i]);
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    count_choices(3);
    count_choices(2);

    aw_channel_new(&channels[0], 0);
    aw_channel_new(&channels[1], 0);
    static const char *const names[] = {"s1", "s2", "s3", "s4"};
    aw_task *tasks[4];
    for (int i = 0; i < 4; i++)
        aw_spawn(&tasks[i], selector, (void *)names[i]);
    aw_yield();
    aw_channel_send(channels[1], AW_INT(10));
    aw_channel_send(channels[0], AW_INT(11));
    aw_channel_send(channels[1], AW_INT(12));
    aw_channel_send(channels[0], AW_INT(13));
    aw_printf("sent 4 values without yielding\n");
    aw_gather(tasks, 4, NULL);
    for (int i = 0; i < 4; i++)
        aw_task_unref(tasks[i]);
    aw_channel_free(channels[0]);
    aw_channel_free(channels[1]);
    return AW_OK;
}

int main(void) { return run_test(main_task, NULL); }
