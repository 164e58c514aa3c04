/* The table of playground examples, in the order the page lists them. Each entry is defined
 * by the PG_EXAMPLE line at the end of its source file; the last one, the runaway program of
 * runaway.c, is not listed. */
#include "playground.h"

extern const pg_example pg_example_say_after, pg_example_task_order, pg_example_gather_jobs,
    pg_example_round_robin, pg_example_nested_awaits, pg_example_future_waiters,
    pg_example_cancel_timeout, pg_example_task_group, pg_example_producer_consumer,
    pg_example_blocking, pg_example_echo_server, pg_example_udp_echo, pg_example_runaway;

const pg_example *const pg_examples[] = {
    &pg_example_say_after,      &pg_example_task_order,     &pg_example_gather_jobs,
    &pg_example_round_robin,    &pg_example_nested_awaits,  &pg_example_future_waiters,
    &pg_example_cancel_timeout, &pg_example_task_group,     &pg_example_producer_consumer,
    &pg_example_blocking,       &pg_example_echo_server,    &pg_example_udp_echo,
    &pg_example_runaway,
};

const int pg_example_count = (int)(sizeof pg_examples / sizeof pg_examples[0]);
