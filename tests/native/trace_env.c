/* AW_TRACE=<file> in the environment makes aw_run write a Chrome trace of the run;
 * check_trace.py validates it against expected/trace_workload.json. */
#include "trace_workload.h"

int main(void)
{
    int status = aw_run_with(workload_main, NULL, NULL,
                             &(aw_loop_options){.clock = AW_CLOCK_VIRTUAL});
    return status == AW_OK ? 0 : 1;
}
