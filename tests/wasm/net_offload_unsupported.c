/* Node's WASI and Emscripten have no sockets and no threads: listening, connecting (TCP and
 * Unix), binding a UDP socket and offloading return AW_ENOTSUP, "not supported on this target", on both targets (whether the
 * host is an address or a name, which would be resolved on the offload pool), and the
 * offloaded function never runs. A loop with the simulated network listens and binds as
 * everywhere (Unix sockets are never simulated). */
#include <aw.h>

static int offload_calls;

static aw_value count_call(void *arg)
{
    (void)arg;
    offload_calls++;
    return AW_INT(1);
}

static void show(const char *what, int status)
{
    aw_printf("%s: %s (%s)\n", what, aw_err_name(status), aw_strerror(status));
}

static int real_network(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *socket = NULL;
    show("listen 127.0.0.1:0", aw_tcp_listen(&socket, "127.0.0.1", 0, 0, 0));
    show("listen ::1:0", aw_tcp_listen(&socket, "::1", 0, 0, 0));
    show("listen localhost:0", aw_tcp_listen(&socket, "localhost", 0, 0, 0));
    show("connect 127.0.0.1:7", aw_tcp_connect(&socket, "127.0.0.1", 7, 1000));
    show("connect localhost:7", aw_tcp_connect(&socket, "localhost", 7, 1000));
    show("unix listen /tmp/aw.sock", aw_unix_listen(&socket, "/tmp/aw.sock", 0));
    show("unix connect /tmp/aw.sock", aw_unix_connect(&socket, "/tmp/aw.sock", 1000));
    show("udp bind 127.0.0.1:0", aw_udp_bind(&socket, "127.0.0.1", 0));
    aw_value value;
    show("offload", aw_offload(count_call, NULL, &value));
    aw_printf("offloaded function ran: %s\n", offload_calls ? "yes" : "no");
    return AW_OK;
}

static int simulated_network(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    aw_socket *listener;
    int status = aw_tcp_listen(&listener, "127.0.0.1", 8080, 0, 0);
    show("simulated network: listen 127.0.0.1:8080", status);
    if (status == AW_OK) {
        aw_printf("simulated network: local port %d\n", aw_tcp_local_port(listener));
        aw_tcp_close(listener);
    }
    status = aw_udp_bind(&listener, "127.0.0.1", 8080);
    show("simulated network: udp bind 127.0.0.1:8080", status);
    if (status == AW_OK)
        aw_udp_close(listener);
    show("simulated network: unix listen", aw_unix_listen(&listener, "/tmp/aw.sock", 0));
    return AW_OK;
}

int main(void)
{
    if (aw_run(real_network, NULL, NULL) != AW_OK)
        return 1;
    aw_loop_options options = {.clock = AW_CLOCK_VIRTUAL, .simulated_network = true};
    return aw_run_with(simulated_network, NULL, NULL, &options) == AW_OK ? 0 : 1;
}
