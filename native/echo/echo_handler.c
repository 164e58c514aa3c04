/* One connection of the echo server: read some, write it all back, until end of stream. */
#include "echo_handler.h"

#include <stdlib.h>

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
        status = aw_tcp_write_all(connection, buffer, got, NULL, idle);
        if (status != AW_OK)
            break;
    }
    free(buffer);
    return status;
}
