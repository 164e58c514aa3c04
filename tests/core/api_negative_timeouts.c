/* A negative timeout means "no limit" (asyncio's timeout=None) in every function that takes
 * one: a timeout scope, a rescheduled scope, aw_select, aw_await_for, aw_future_await_for,
 * and the TCP calls (here on the simulated network; aw_wait_readable/writable take an fd and
 * are checked in tests/net/net_api.c). Each wait below completes when what it waits for comes,
 * 5 ms later, instead of timing out at once. Both -1 and INT64_MIN are tried. A scope entered
 * without a deadline can be given one later, and a deadline can be taken away again.
 */
#include "common/check.h"
#include "common/later.h"

static void show_at(const char *what, long long ms, int status)
{
    aw_printf("%s %lld ms: %s at %lld ms\n", what, ms, aw_err_name(status),
              (long long)aw_now_ms());
}

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    static const int64_t negatives[] = {-1, INT64_MIN};
    for (size_t i = 0; i < 2; i++) {
        int64_t ms = negatives[i];
        aw_timeout scope;
        CHECK(aw_timeout_enter(&scope, ms) == AW_OK);
        int status = aw_sleep(10);
        show_at("sleep 10 in a scope of", (long long)ms, aw_timeout_leave(&scope, status));
        aw_printf("expired: %d\n", aw_timeout_is_expired(&scope));

        CHECK(aw_timeout_enter(&scope, 1) == AW_OK);
        CHECK(aw_timeout_reschedule(&scope, ms) == AW_OK);
        status = aw_sleep(10);
        show_at("sleep 10 in a scope of 1 rescheduled to", (long long)ms,
                aw_timeout_leave(&scope, status));

        CHECK(aw_channel_new(&later_channel, 0) == AW_OK);
        CHECK(aw_spawn(NULL, send_later, NULL) == AW_OK);
        aw_select_case cases[] = {{later_channel, AW_SELECT_RECV, {0}}};
        size_t index = 99;
        show_at("select", (long long)ms, aw_select(cases, 1, ms, &index));
        aw_printf("case %zu received %lld\n", index, (long long)cases[0].value.i);
        aw_channel_free(later_channel);

        aw_value value = {0};
        CHECK(aw_future_new(&later_future) == AW_OK);
        CHECK(aw_spawn(NULL, set_later, NULL) == AW_OK);
        show_at("future_await_for", (long long)ms, aw_future_await_for(later_future, ms, &value));
        aw_printf("value %lld\n", (long long)value.i);
        aw_future_unref(later_future);

        aw_task *task;
        CHECK(aw_spawn(&task, answer_later, NULL) == AW_OK);
        show_at("await_for", (long long)ms, aw_await_for(task, ms, &value));
        aw_printf("value %lld\n", (long long)value.i);
        aw_task_unref(task);
    }

    /* No deadline at first, one later: it expires 5 ms after the reschedule. */
    aw_timeout scope;
    CHECK(aw_timeout_enter(&scope, -1) == AW_OK);
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_timeout_reschedule(&scope, 5) == AW_OK);
    int status = aw_sleep(100);
    show_at("a scope of", -1, aw_timeout_leave(&scope, status));
    aw_printf("expired: %d\n", aw_timeout_is_expired(&scope));
    return AW_OK;
}

static aw_socket *listener;
static int64_t network_ms;

static int write_later(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *connection;
    show_at("tcp_accept", (long long)network_ms, aw_tcp_accept(listener, &connection, network_ms));
    CHECK(aw_sleep(5) == AW_OK);
    show_at("tcp_write_all", (long long)network_ms,
            aw_tcp_write_all(connection, "hi", 2, NULL, network_ms));
    CHECK(aw_sleep(5) == AW_OK);
    CHECK(aw_tcp_write_all(connection, "there", 5, NULL, network_ms) == AW_OK);
    aw_tcp_close(connection);
    return AW_OK;
}

static int network_task(void *arg, aw_value *result)
{
    (void)result;
    network_ms = *(const int64_t *)arg;
    CHECK(aw_tcp_listen(&listener, "127.0.0.1", 8000, 0, 0) == AW_OK);
    aw_task *writer;
    CHECK(aw_spawn(&writer, write_later, NULL) == AW_OK);
    aw_socket *connection;
    show_at("tcp_connect", (long long)network_ms,
            aw_tcp_connect(&connection, "127.0.0.1", 8000, network_ms));
    char buffer[8];
    size_t got = 0;
    show_at("tcp_read", (long long)network_ms,
            aw_tcp_read(connection, buffer, sizeof buffer, &got, network_ms));
    aw_printf("read \"%.*s\"\n", (int)got, buffer);
    show_at("tcp_read_exact", (long long)network_ms,
            aw_tcp_read_exact(connection, buffer, 5, &got, network_ms));
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
    static const int64_t negatives[] = {-1, INT64_MIN};
    for (size_t i = 0; i < 2; i++)
        if (aw_run_with(network_task, (void *)&negatives[i], NULL, &network) != AW_OK)
            status = 1;
    return status;
}
