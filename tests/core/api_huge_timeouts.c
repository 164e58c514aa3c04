/* Timeouts of INT64_MAX ms mean "practically forever": the conversion to nanoseconds and the
 * deadline saturate at INT64_MAX instead of overflowing (which UBSan reports in the asan
 * build, and which would otherwise wrap to a deadline in the past and fire at once). A timeout
 * scope, a rescheduled scope, a select, wait_for on a task and on a future, and TCP calls on
 * the simulated network all complete normally when what they wait for comes, and a sleep of
 * INT64_MAX ms lasts until it is cancelled. Last, a scope of
 * INT64_MAX ms around a wait nothing completes expires when the virtual clock reaches the end
 * of time, INT64_MAX ns: 9223372036854 ms.
 */
#include "common/check.h"
#include "common/later.h"

#include <string.h>

static int cancel_later(void *arg, aw_value *result)
{
    (void)result;
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_cancel(arg) == AW_OK);
    return AW_OK;
}

static void show_at(const char *what, int status)
{
    aw_printf("%s: %s at %lld ms\n", what, aw_err_name(status), (long long)aw_now_ms());
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_timeout scope;
    CHECK(aw_timeout_enter(&scope, INT64_MAX) == AW_OK);
    int status = aw_sleep(10);
    show_at("sleep 10 in a scope of INT64_MAX ms", aw_timeout_leave(&scope, status));
    aw_printf("expired: %d\n", aw_timeout_is_expired(&scope));

    /* The clock is past 0 now: the deadline would overflow even where ms * 1000000 did not. */
    CHECK(aw_timeout_enter(&scope, 1) == AW_OK);
    CHECK(aw_timeout_reschedule(&scope, INT64_MAX) == AW_OK);
    status = aw_sleep(10);
    show_at("rescheduled to INT64_MAX ms", aw_timeout_leave(&scope, status));

    CHECK(aw_channel_new(&later_channel, 0) == AW_OK);
    CHECK(aw_spawn(NULL, send_later, NULL) == AW_OK);
    aw_select_case cases[] = {{later_channel, AW_SELECT_RECV, {0}}};
    size_t index = 99;
    status = aw_select(cases, 1, INT64_MAX, &index);
    show_at("select with INT64_MAX ms", status);
    aw_printf("case %zu received %lld\n", index, (long long)cases[0].value.i);
    aw_channel_free(later_channel);

    aw_value value = {0};
    CHECK(aw_future_new(&later_future) == AW_OK);
    CHECK(aw_spawn(NULL, set_later, NULL) == AW_OK);
    status = aw_future_await_for(later_future, INT64_MAX, &value);
    show_at("future_await_for INT64_MAX ms", status);
    aw_printf("value %lld\n", (long long)value.i);
    aw_future_unref(later_future);

    aw_task *task;
    CHECK(aw_spawn(&task, answer_later, NULL) == AW_OK);
    status = aw_await_for(task, INT64_MAX, &value);
    show_at("await_for INT64_MAX ms", status);
    aw_printf("value %lld\n", (long long)value.i);
    aw_task_unref(task);

    CHECK(aw_spawn(&task, cancel_later, aw_current()) == AW_OK);
    show_at("sleep INT64_MAX ms, cancelled after 5 ms", aw_sleep(INT64_MAX));
    CHECK(aw_task_uncancel(aw_current()) == 0);
    CHECK(aw_join(task, NULL) == AW_OK);

    CHECK(aw_future_new(&later_future) == AW_OK);
    CHECK(aw_timeout_enter(&scope, INT64_MAX) == AW_OK);
    status = aw_future_await(later_future, NULL);
    show_at("a scope of INT64_MAX ms around a wait nothing ends", aw_timeout_leave(&scope, status));
    aw_future_unref(later_future);
    return AW_OK;
}

static aw_socket *listener;

static int write_later(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *connection;
    CHECK(aw_tcp_accept(listener, &connection, INT64_MAX) == AW_OK);
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_tcp_write_all(connection, "hi", 2, NULL, INT64_MAX) == AW_OK);
    aw_tcp_close(connection);
    return AW_OK;
}

static int network_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    CHECK(aw_tcp_listen(&listener, "127.0.0.1", 8000, 0, 0) == AW_OK);
    aw_task *writer;
    CHECK(aw_spawn(&writer, write_later, NULL) == AW_OK);
    aw_socket *connection;
    show_at("tcp_connect INT64_MAX ms", aw_tcp_connect(&connection, "127.0.0.1", 8000, INT64_MAX));
    char buffer[8];
    size_t got = 0;
    show_at("tcp_read_exact INT64_MAX ms",
            aw_tcp_read_exact(connection, buffer, 2, &got, INT64_MAX));
    aw_printf("read \"%.*s\"\n", (int)got, buffer);
    CHECK(aw_join(writer, NULL) == AW_OK);
    aw_tcp_close(connection);
    aw_tcp_close(listener);
    return AW_OK;
}

int main(void)
{
    int status = run_test(main_task, NULL);
    aw_loop_options network = {.clock = AW_CLOCK_VIRTUAL, .simulated_network = true};
    if (aw_run_with(network_task, NULL, NULL, &network) != AW_OK)
        status = 1;
    return status;
}
