/* One connection of the echo server: read some, write it all back, until end of stream. */
#include "echo_handler.h"

#include <stdlib.h>

static bool stopping(const echo_config *config)
{
    return config->stop_by_ms != NULL && *config->stop_by_ms != 0;
}

/* The write of a chunk already read was cancelled by a stop: finish it within the stop's time. */
static int finish_write(aw_socket *connection, const char *rest, size_t size,
                        const echo_config *config)
{
    aw_task_uncancel(aw_current());
    int64_t left = *config->stop_by_ms - aw_now_ms();
    int status = left > 0 ? aw_tcp_write_all(connection, rest, size, NULL, left) : AW_ETIMEDOUT;
    return status == AW_OK ? AW_ECANCELED : status;
}

int echo_handle_connection(aw_socket *connection, const echo_config *config)
{
    size_t size = config->buffer_size > 0 ? config->buffer_size : 16384;
    int64_t idle = config->idle_timeout_ms > 0 ? config->idle_timeout_ms : -1;
    char *buffer = malloc(size);
    if (buffer == NULL)
        return AW_ENOMEM;
    int status;
    for (;;) {
        size_t got;
        status = aw_tcp_read(connection, buffer, size, &got, idle);
        if (status != AW_OK)
            break;
        if (got == 0) { /* the peer half-closed: everything it sent is echoed; we are done */
            status = aw_tcp_shutdown(connection);
            if (status == AW_ECLOSED) /* it has gone entirely meanwhile */
                status = AW_OK;
            break;
        }
        size_t written = 0;
        status = aw_tcp_write_all(connection, buffer, got, &written, idle);
        if (status == AW_ECANCELED && stopping(config))
            status = finish_write(connection, buffer + written, got - written, config);
        if (status != AW_OK)
            break;
    }
    free(buffer);
    return status;
}
