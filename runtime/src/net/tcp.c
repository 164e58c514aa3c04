/*
 * The public TCP calls: a seam between the API and its two implementations, real sockets
 * (net.c) and the simulated network (net_sim.c). A loop picks one when it is created
 * (aw_loop_options.simulated_network); listen and connect use the current loop's, every other
 * call the one of the socket it is given (its first member). Without a loop, real sockets.
 */
#include "core/loop.h"
#include "net/net.h"

int aw__net_attach(aw_loop *loop, bool simulated)
{
    loop->net = simulated ? &aw__net_sim_ops : &aw__net_real_ops;
    return simulated ? aw__loop_on_free(loop, aw__net_sim_free) : AW_OK;
}

const net_ops *aw__net_of_loop(void)
{
    aw_loop *loop = aw__loop_current();
    return loop != NULL ? loop->net : &aw__net_real_ops;
}

int(aw_tcp_listen)(aw_socket **listener, const char *host, int port, int backlog, int flags)
{
    if ((flags & ~AW_TCP_REUSEPORT) != 0)
        return AW_EINVAL;
    return aw__net_of_loop()->listen(listener, host, port, backlog, flags);
}

int(aw_tcp_connect)(aw_socket **connection, const char *host, int port, int64_t ms)
{
    return aw__net_of_loop()->connect(connection, host, port, ms);
}

int(aw_tcp_accept)(aw_socket *listener, aw_socket **connection, int64_t ms)
{
    return listener != NULL ? listener->ops->accept(listener, connection, ms) : AW_EINVAL;
}

int(aw_tcp_read)(aw_socket *socket, void *buffer, size_t size, size_t *got, int64_t ms)
{
    if (socket == NULL || got == NULL || (buffer == NULL && size > 0))
        return AW_EINVAL;
    *got = 0;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    if (size == 0) /* nothing asked for: no wait (0 would otherwise read as end of stream) */
        return AW_OK;
    return socket->ops->read_some(socket, buffer, size, got, aw__deadline_after(ms));
}

int(aw_tcp_read_exact)(aw_socket *socket, void *buffer, size_t size, size_t *got, int64_t ms)
{
    if (socket == NULL || (buffer == NULL && size > 0))
        return AW_EINVAL;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    int64_t deadline = aw__deadline_after(ms);
    size_t total = 0;
    int status = AW_OK;
    while (total < size) {
        size_t n = 0;
        status = socket->ops->read_some(socket, (char *)buffer + total, size - total, &n,
                                        deadline);
        if (status != AW_OK)
            break;
        if (n == 0) { /* end of stream before `size` bytes */
            status = AW_ECLOSED;
            break;
        }
        total += n;
    }
    if (got != NULL)
        *got = total;
    return status;
}

int(aw_tcp_write_all)(aw_socket *socket, const void *buffer, size_t size, size_t *written,
                      int64_t ms)
{
    return socket != NULL ? socket->ops->write_all(socket, buffer, size, written, ms)
                          : AW_EINVAL;
}

int aw_tcp_shutdown(aw_socket *socket)
{
    return socket != NULL ? socket->ops->shutdown(socket) : AW_EINVAL;
}

int aw_tcp_reset(aw_socket *socket)
{
    return socket != NULL ? socket->ops->reset(socket) : AW_EINVAL;
}

void aw_tcp_close(aw_socket *socket)
{
    if (socket != NULL)
        socket->ops->close(socket);
}

int aw_tcp_set_nodelay(aw_socket *socket, bool on)
{
    return socket != NULL ? socket->ops->set_nodelay(socket, on) : AW_EINVAL;
}

int aw_tcp_local_port(const aw_socket *socket)
{
    return socket != NULL ? socket->ops->local_port(socket) : AW_EINVAL;
}

int aw_tcp_fd(const aw_socket *socket)
{
    return socket != NULL ? socket->ops->fd(socket) : AW_EINVAL;
}
