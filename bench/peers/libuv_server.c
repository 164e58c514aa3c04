/*
 * Echo peer on libuv: read callbacks hand each buffer to uv_write and stop reading until
 * the write completes (the same one-buffer-in-flight discipline as the other servers).
 * Prints "libuv-echo listening on 127.0.0.1:PORT"; runs until killed.
 *
 *     libuv_echo_server [PORT]
 */
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

enum { BUFFER = 16384 };

typedef struct connection {
    uv_tcp_t handle;
    uv_write_t write;
    char buffer[BUFFER];
} connection;

static uv_loop_t *loop;

static void on_close(uv_handle_t *handle) { free(handle->data); }

static void on_alloc(uv_handle_t *handle, size_t suggested, uv_buf_t *buf)
{
    (void)suggested;
    connection *c = handle->data;
    *buf = uv_buf_init(c->buffer, BUFFER);
}

static void on_read(uv_stream_t *stream, ssize_t n, const uv_buf_t *buf);

static void on_written(uv_write_t *request, int status)
{
    connection *c = request->data;
    if (status < 0) {
        uv_close((uv_handle_t *)&c->handle, on_close);
        return;
    }
    uv_read_start((uv_stream_t *)&c->handle, on_alloc, on_read);
}

static void on_read(uv_stream_t *stream, ssize_t n, const uv_buf_t *buf)
{
    connection *c = stream->data;
    if (n < 0) {
        uv_close((uv_handle_t *)stream, on_close);
        return;
    }
    if (n == 0)
        return;
    uv_read_stop(stream);
    uv_buf_t out = uv_buf_init(buf->base, (unsigned)n);
    c->write.data = c;
    uv_write(&c->write, stream, &out, 1, on_written);
}

static void on_connection(uv_stream_t *server, int status)
{
    if (status < 0)
        return;
    connection *c = malloc(sizeof *c);
    uv_tcp_init(loop, &c->handle);
    c->handle.data = c;
    if (uv_accept(server, (uv_stream_t *)&c->handle) != 0) {
        uv_close((uv_handle_t *)&c->handle, on_close);
        return;
    }
    uv_tcp_nodelay(&c->handle, 1);
    uv_read_start((uv_stream_t *)&c->handle, on_alloc, on_read);
}

int main(int argc, char **argv)
{
    int port = argc > 1 ? atoi(argv[1]) : 0;
    loop = uv_default_loop();
    uv_tcp_t server;
    uv_tcp_init(loop, &server);
    struct sockaddr_in address;
    uv_ip4_addr("127.0.0.1", port, &address);
    if (uv_tcp_bind(&server, (const struct sockaddr *)&address, 0) != 0 ||
        uv_listen((uv_stream_t *)&server, 4096, on_connection) != 0) {
        fprintf(stderr, "libuv-echo: cannot listen\n");
        return 1;
    }
    struct sockaddr_storage bound;
    int length = sizeof bound;
    uv_tcp_getsockname(&server, (struct sockaddr *)&bound, &length);
    printf("libuv-echo listening on 127.0.0.1:%d\n",
           ntohs(((struct sockaddr_in *)&bound)->sin_port));
    fflush(stdout);
    return uv_run(loop, UV_RUN_DEFAULT);
}
