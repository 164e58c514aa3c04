/* aw_last_os_error: the errno behind a status aw made from a failed system call. A pread of a
 * directory fails with EISDIR, which has no status of its own (AW_EIO); a listen on a port
 * that is taken gives AW_EADDRINUSE and records EADDRINUSE; statuses that are not from a
 * system call leave it as it was. */
#include <aw.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static int main_task(void *arg, aw_value *result)
{
    (void)arg, (void)result;
    printf("before any failure: %d\n", aw_last_os_error());
    int fd = open("/", O_RDONLY);
    char byte;
    size_t done;
    int status = aw_file_pread(fd, &byte, 1, 0, &done);
    close(fd);
    printf("pread of a directory: %s, EISDIR: %s\n", aw_err_name(status),
           aw_last_os_error() == EISDIR ? "yes" : "no");
    printf("another status leaves it: EISDIR: %s\n",
           aw_await_for(aw_current(), 1, NULL) != AW_OK && aw_last_os_error() == EISDIR ? "yes"
                                                                                      : "no");
    aw_socket *first, *second;
    aw_tcp_listen(&first, "127.0.0.1", 0, 8, 0);
    status = aw_tcp_listen(&second, "127.0.0.1", aw_tcp_local_port(first), 8, 0);
    printf("second listen on the port: %s, EADDRINUSE: %s\n", aw_err_name(status),
           aw_last_os_error() == EADDRINUSE ? "yes" : "no");
    aw_tcp_close(first);
    return AW_OK;
}

int main(void) { return aw_run(main_task, NULL, NULL) == AW_OK ? 0 : 1; }
