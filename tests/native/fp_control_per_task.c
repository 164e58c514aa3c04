/* The floating-point control state (rounding mode: MXCSR and the x87 control word on x86_64,
 * FPCR on aarch64) is callee-saved, so each task keeps its own across switches: three tasks
 * with three rounding modes yield to each other, with direct task-to-task switches and
 * through the scheduler, and each checks its mode and what its own division rounds to. */
#include <aw.h>

#include <fenv.h>
#include <stdio.h>

enum { ROUNDS = 1000 };

struct mode {
    const char *name;
    int rounding;
    int mismatches;
};

static volatile double one = 1.0, three = 3.0;

static int keep_mode(void *arg, aw_value *result)
{
    (void)result;
    struct mode *mode = arg;
    fesetround(mode->rounding);
    double first = one / three;
    for (int round = 0; round < ROUNDS; round++) {
        if (round % 10 == 0)
            aw_sleep(1); /* through a timer and the scheduler */
        else
            aw_yield(); /* straight to the next task */
        if (fegetround() != mode->rounding || one / three != first)
            mode->mismatches++;
    }
    return AW_OK;
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    struct mode modes[] = {{"upward", FE_UPWARD, 0},
                           {"downward", FE_DOWNWARD, 0},
                           {"toward zero", FE_TOWARDZERO, 0}};
    aw_task *tasks[3];
    for (int i = 0; i < 3; i++)
        aw_spawn(&tasks[i], keep_mode, &modes[i]);
    for (int i = 0; i < 3; i++)
        aw_join(tasks[i], NULL);
    for (int i = 0; i < 3; i++)
        printf("%s: %d mismatches in %d rounds\n", modes[i].name, modes[i].mismatches, ROUNDS);
    printf("main still rounds to nearest: %s\n", fegetround() == FE_TONEAREST ? "yes" : "no");
    return AW_OK;
}

int main(void)
{
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL};
    return aw_run_with(main_task, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
