/*
 * The public UDP calls, the seam between the API and its two implementations as tcp.c is for
 * TCP: bind uses the current loop's table (real sockets in udp_real.c, or the simulated network
 * in net_sim_udp.c), every other call the one of the socket it is given. The checks every
 * implementation needs are made here; each implementation refuses a socket that is not one of
 * its datagram sockets.
 */
#include "core/loop.h"
#include "net/net.h"

int(aw_udp_bind)(aw_socket **socket, const char *host, int port)
{
    if (socket == NULL || port < 0 || port > 65535)
        return AW_EINVAL;
    return aw__net_of_loop()->udp->bind(socket, host, port);
}

int(aw_udp_connect)(aw_socket *socket, const char *host, int port, int64_t ms)
{
    if (socket == NULL || host == NULL || port <= 0 || port > 65535)
        return AW_EINVAL;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    return socket->ops->udp->connect(socket, host, port, aw__deadline_after(ms));
}

/* host NULL: the connected peer. */
static int send_datagram(aw_socket *socket, const void *data, size_t size, const char *host,
                         int port, int64_t ms)
{
    if (socket == NULL || (data == NULL && size > 0))
        return AW_EINVAL;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    return socket->ops->udp->send_to(socket, data, size, host, port, aw__deadline_after(ms));
}

int(aw_udp_send_to)(aw_socket *socket, const void *data, size_t size, const char *host, int port,
                    int64_t ms)
{
    if (host == NULL || port <= 0 || port > 65535)
        return AW_EINVAL;
    return send_datagram(socket, data, size, host, port, ms);
}

int(aw_udp_send)(aw_socket *socket, const void *data, size_t size, int64_t ms)
{
    return send_datagram(socket, data, size, NULL, 0, ms);
}

/* from NULL on a connected socket: aw_udp_recv. */
static int receive_datagram(aw_socket *socket, void *buffer, size_t size, size_t *got,
                            aw_address *from, int64_t ms)
{
    if (socket == NULL || got == NULL || (buffer == NULL && size > 0))
        return AW_EINVAL;
    *got = 0;
    if (aw__loop_running_task() == NULL)
        return AW_ESTATE;
    return socket->ops->udp->recv_from(socket, buffer, size, got, from, aw__deadline_after(ms));
}

int(aw_udp_recv_from)(aw_socket *socket, void *buffer, size_t size, size_t *got,
                      aw_address *from, int64_t ms)
{
    aw_address ignored;
    return receive_datagram(socket, buffer, size, got, from != NULL ? from : &ignored, ms);
}

int(aw_udp_recv)(aw_socket *socket, void *buffer, size_t size, size_t *got, int64_t ms)
{
    return receive_datagram(socket, buffer, size, got, NULL, ms);
}

int aw_udp_local_port(const aw_socket *socket)
{
    return socket != NULL ? socket->ops->local_port(socket) : AW_EINVAL;
}

void aw_udp_close(aw_socket *socket)
{
    if (socket != NULL)
        socket->ops->close(socket);
}
